import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { GUEST_AUTH } from '../../src/platform/index.js';
import { restClient } from './platform-helpers.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'whisk-local.js');

interface Ready {
  ready: boolean;
  apihost: string;
  auth: string;
  db_url: string;
  wskprops: string;
}

async function launch(args: string[]): Promise<{ child: ChildProcess; ready: Ready; exit: Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, '--api-port', '0', '--db-port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    void exit.then((code) => reject(new Error(`whisk-local exited (${code}) before it was ready`)));
  });
  return { child, ready: JSON.parse(line) as Ready, exit };
}

test('whisk-local runs in the foreground, prints one ready line, writes .wskprops, keeps actions across restarts, stops on SIGTERM', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'whisk-local-cli-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const first = await launch(['--data-dir', dataDir, '--memory-mb', '512']);
  t.after(() => {
    first.child.kill('SIGKILL');
  });
  assert.equal(first.ready.ready, true);
  assert.equal(first.ready.auth, GUEST_AUTH);
  assert.match(first.ready.apihost, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.match(first.ready.db_url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.ok(!first.ready.db_url.includes('@'), 'no credentials in db_url');
  const props = await readFile(join(dataDir, '.wskprops'), 'utf8');
  assert.match(props, new RegExp(`^APIHOST=${first.ready.apihost}$`, 'm'));
  assert.match(props, new RegExp(`^AUTH=${GUEST_AUTH}$`, 'm'));

  const ow = restClient(first.ready);
  await ow.nodejs('pid', 'function main(){ return { pid: process.pid }; }');
  const run = await ow.invoke('pid');
  assert.equal(run.status, 200);
  const containerPid = run.body.response.result.pid as number;
  first.child.kill('SIGTERM');
  assert.equal(await first.exit, 0);
  assert.throws(() => process.kill(containerPid, 0), /ESRCH/, 'the container process is gone');

  const second = await launch(['--data-dir', dataDir]);
  t.after(() => {
    second.child.kill('SIGKILL');
  });
  const ow2 = restClient(second.ready);
  assert.equal((await ow2.invoke('pid')).status, 200, 'the action survived the restart');
  const old = await ow2.call('GET', `/api/v1/namespaces/_/activations/${run.body.activationId}`);
  assert.equal(old.status, 200, 'the activation was flushed to the on-disk store');
  second.child.kill('SIGINT');
  assert.equal(await second.exit, 0);
});

test('whisk-local refuses bad flags and busy ports with one line and a non-zero exit', async () => {
  const bad = spawnSync(process.execPath, [BIN, '--memory-mb', 'lots'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
  assert.match(bad.stderr, /--memory-mb expects a whole number/);

  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  try {
    const dataDir = await mkdtemp(join(tmpdir(), 'whisk-local-cli-'));
    const busy = spawnSync(
      process.execPath,
      [BIN, '--api-port', String(port), '--db-port', '0', '--data-dir', dataDir],
      { encoding: 'utf8' },
    );
    await rm(dataDir, { recursive: true, force: true });
    assert.notEqual(busy.status, 0);
    assert.match(busy.stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}`));
    assert.ok(!busy.stderr.includes('    at '), 'no stack trace');
  } finally {
    blocker.close();
  }
});
