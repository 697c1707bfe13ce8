import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { readWhiskLocalCredentials } from '../../src/config/whisk-local-credentials.js';
import { GUEST_AUTH } from '../../src/platform/index.js';
import { deployFunctions } from '../../src/platform/index.js';
import { runAnalyzer } from './analyzer-helpers.js';
import { isolatedEnv, readRecords, runInvoker, writeConfig } from './invoker-helpers.js';
import { restClient } from './platform-helpers.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'whisk-local.js');

interface Ready {
  ready: boolean;
  apihost: string;
  db_url: string;
  credentials: string;
  wskprops: string;
}

async function launch(
  args: string[],
): Promise<{ child: ChildProcess; ready: Ready; stdout: string; exit: Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, '--api-port', '0', '--db-port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    void exit.then((code) => reject(new Error(`whisk-local exited (${code}) before it was ready`)));
  });
  return { child, ready: JSON.parse(line) as Ready, stdout: line, exit };
}

test('whisk-local runs in the foreground, prints one ready line, writes 0600 credentials and .wskprops, refuses the guest key, keeps key and actions across restarts, stops on SIGTERM', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'whisk-local-cli-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const first = await launch(['--data-dir', dataDir, '--memory-mb', '512']);
  t.after(() => {
    first.child.kill('SIGKILL');
  });
  assert.equal(first.ready.ready, true);
  assert.match(first.ready.apihost, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.match(first.ready.db_url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.ok(!first.ready.db_url.includes('@'), 'no credentials in db_url');
  assert.equal(first.ready.credentials, join(dataDir, 'credentials.json'));
  for (const file of [first.ready.credentials, first.ready.wskprops])
    assert.equal((await stat(file)).mode & 0o777, 0o600, `${file} is owner-only`);
  const creds = await readWhiskLocalCredentials(dataDir);
  assert.notEqual(creds.auth, GUEST_AUTH);
  assert.match(creds.auth, /^[0-9a-f-]{36}:[A-Za-z0-9_-]{64}$/);
  assert.equal(creds.api_url, first.ready.apihost);
  const dbUrl = new URL(creds.db_url);
  assert.equal(dbUrl.username, 'whisk_admin');
  assert.notEqual(dbUrl.password, 'some_passw0rd');
  for (const secret of [creds.auth, dbUrl.password]) assert.ok(!first.stdout.includes(secret), 'no secret printed');
  const props = await readFile(join(dataDir, '.wskprops'), 'utf8');
  assert.match(props, new RegExp(`^APIHOST=${first.ready.apihost}$`, 'm'));
  assert.match(props, new RegExp(`^AUTH=${creds.auth}$`, 'm'));

  const ow = restClient({ apihost: first.ready.apihost, auth: creds.auth });
  const guest = restClient({ apihost: first.ready.apihost, auth: GUEST_AUTH });
  assert.equal((await guest.call('GET', '/api/v1/namespaces')).status, 401, 'the public guest key is refused');
  const store = await fetch(`${first.ready.db_url}/_all_dbs`, {
    headers: { authorization: `Basic ${Buffer.from('whisk_admin:some_passw0rd').toString('base64')}` },
  });
  assert.equal(store.status, 401, 'the old default store password is refused');
  await ow.nodejs('pid', 'function main(){ return { pid: process.pid }; }');
  const run = await ow.invoke('pid');
  assert.equal(run.status, 200);
  const containerPid = run.body.response.result.pid as number;
  first.child.kill('SIGTERM');
  assert.equal(await first.exit, 0);
  assert.throws(() => process.kill(containerPid, 0), /ESRCH/, 'the container process is gone');

  await chmod(join(dataDir, '.wskprops'), 0o644); // as an older version left it
  const second = await launch(['--data-dir', dataDir]);
  t.after(() => {
    second.child.kill('SIGKILL');
  });
  assert.equal((await readWhiskLocalCredentials(dataDir)).auth, creds.auth, 'the key is kept across restarts');
  assert.equal((await stat(join(dataDir, '.wskprops'))).mode & 0o777, 0o600, 'an old .wskprops is narrowed to 0600');
  const ow2 = restClient({ apihost: second.ready.apihost, auth: creds.auth });
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

test('whisk-local accepts the guest key only with --guest-key, and binds beyond loopback only with --expose', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'whisk-local-cli-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const exposed = spawnSync(process.execPath, [BIN, '--host', '0.0.0.0', '--data-dir', dataDir], { encoding: 'utf8' });
  assert.equal(exposed.status, 2);
  assert.equal(exposed.stderr.trim().split('\n').length, 1);
  assert.match(exposed.stderr, /--host 0\.0\.0\.0 .*pass --expose/);

  const guest = await launch(['--data-dir', dataDir, '--in-memory', '--guest-key']);
  t.after(() => {
    guest.child.kill('SIGKILL');
  });
  const ow = restClient({ apihost: guest.ready.apihost, auth: GUEST_AUTH });
  assert.equal((await ow.call('GET', '/api/v1/namespaces')).status, 200);
  assert.equal((await readWhiskLocalCredentials(guest.ready.credentials)).auth, GUEST_AUTH);
  guest.child.kill('SIGTERM');
  assert.equal(await guest.exit, 0);
});

test('after kill -9 under load and a restart, every activation id whisk-local returned is found: finished, or an internal error', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'whisk-local-cli-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const first = await launch(['--data-dir', dataDir, '--memory-mb', '1024']);
  t.after(() => {
    first.child.kill('SIGKILL');
  });
  const { auth } = await readWhiskLocalCredentials(dataDir);
  const ow = restClient({ apihost: first.ready.apihost, auth });
  assert.equal((await ow.nodejs('fast', 'function main(p){ return { n: p.n }; }')).status, 200);
  assert.equal(
    (await ow.nodejs('slow', 'function main(){ return new Promise((r) => setTimeout(() => r({}), 60000)); }')).status,
    200,
  );
  const returned: string[] = [];
  let killed = false;
  const fire = async (lane: number): Promise<void> => {
    for (let n = 0; !killed; n++) {
      const name = n % 10 === lane % 10 ? 'slow' : 'fast';
      const reply = await ow.invoke(name, { n }, 'blocking=false').catch(() => null);
      if (reply?.status === 202) returned.push((reply.body as { activationId: string }).activationId);
    }
  };
  const lanes = Array.from({ length: 16 }, (_, lane) => fire(lane));
  while (returned.length < 400) await new Promise((r) => setImmediate(r));
  first.child.kill('SIGKILL');
  killed = true;
  await first.exit;
  await Promise.all(lanes);

  const second = await launch(['--data-dir', dataDir]);
  t.after(() => {
    second.child.kill('SIGKILL');
  });
  const ow2 = restClient({ apihost: second.ready.apihost, auth });
  const statuses = new Map<string, number>();
  for (const id of returned) {
    const got = await ow2.call('GET', `/api/v1/namespaces/_/activations/${id}`);
    assert.equal(got.status, 200, `activation ${id} is known after the restart`);
    const status = (got.body as { response: { status: string } }).response.status;
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }
  assert.ok((statuses.get('whisk internal error') ?? 0) > 0, 'the unfinished ones are internal errors');
  assert.ok((statuses.get('success') ?? 0) > 0, 'the finished ones keep their result');
  second.child.kill('SIGTERM');
  assert.equal(await second.exit, 0);
});

test('a standalone whisk-local: the invoker takes its key from --whisk-local, the analyzer finds ./.whisk-local by itself', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'whisk-local-cli-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const dataDir = join(dir, '.whisk-local');
  const wl = await launch(['--data-dir', dataDir]);
  t.after(() => {
    wl.child.kill('SIGKILL');
  });
  const creds = await readWhiskLocalCredentials(dataDir);
  await deployFunctions({ apihost: creds.api_url, auth: creds.auth }, ['noop-nodejs']);
  const config = writeConfig(
    dir,
    { endpoint: 'local_openwhisk' },
    { a: { application: 'noop-nodejs', interarrivals_list: [0.05, 0.05, 0.05] } },
  );
  const env = isolatedEnv(dir);
  const logs = join(dir, 'logs');
  const inv = await runInvoker(['-c', config, '--out-dir', logs, '--whisk-local', '.whisk-local'], env, dir);
  assert.equal(inv.code, 0, inv.stderr);
  for (const secret of [creds.auth, new URL(creds.db_url).password])
    assert.ok(!(inv.stdout + inv.stderr).includes(secret), 'no secret printed');

  const ana = await runAnalyzer(['--logs-dir', logs, '--json'], { cwd: dir, env: { ...env, COUCHDB_URL: '' } });
  assert.equal(ana.code, 0, ana.stderr);
  assert.match(ana.stderr, /using the whisk-local credentials in .*\.whisk-local\/credentials\.json/);
  const summary = JSON.parse(ana.stdout) as { records: number };
  assert.equal(summary.records, readRecords(logs).length);
  assert.ok(summary.records > 0);
  wl.child.kill('SIGTERM');
  assert.equal(await wl.exit, 0);
});
