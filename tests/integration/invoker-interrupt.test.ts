import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import {
  FAKE_WSK,
  isolatedEnv,
  json,
  readMetadata,
  readRecords,
  runInvoker,
  seqsExactlyOnce,
  spawnInvoker,
  startRecordingServer,
  tempDir,
  writeConfig,
  type RecordingServer,
} from './invoker-helpers.js';

const servers: RecordingServer[] = [];
const held: ServerResponse[] = [];
after(async () => {
  for (const res of held) res.destroy();
  await Promise.all(servers.map((s) => s.close()));
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} mid-run: stop sending, drain, cut what is still in flight, write every record and the metadata, exit 130`, async () => {
    let child: ReturnType<typeof spawnInvoker>['child'] | null = null;
    let count = 0;
    let heldHere = 0;
    const server = await startRecordingServer((_req, res) => {
      count++;
      if (count === 60) child?.kill(signal);
      // Every 10th request never gets an answer: it is in flight when the drain timeout ends.
      if (count % 10 === 0) {
        held.push(res);
        heldHere++;
      } else json(res, 202, { activationId: count.toString(16).padStart(32, '0') });
    });
    servers.push(server);
    const dir = tempDir('inv-int');
    const config = writeConfig(
      dir,
      { test_duration_in_seconds: 3 },
      { i: { application: 'hello', distribution: 'Uniform', rate: 100, activity_window: null } },
    );
    const logs = join(dir, 'logs');
    const run = spawnInvoker(
      ['-c', config, '--out-dir', logs, '--drain-timeout-s', '0.5'],
      isolatedEnv(dir, { WHISK_APIHOST: server.origin, WHISK_AUTH: 'u:k' }),
      dir,
    );
    child = run.child;
    const r = await run.done;
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /interrupted: no more invocations/);
    assert.match(r.stdout, /^interrupted: 300 scheduled/);

    const records = readRecords(logs);
    assert.ok(seqsExactlyOnce(records, 300), 'every scheduled seq exactly once');
    const sent = records.filter((x) => x.sent_ms !== null);
    assert.equal(sent.length, server.requests.length, 'a record says "sent" exactly when the server saw the request');
    assert.ok(sent.length >= 60 && sent.length < 300, `stopped early (sent ${sent.length})`);
    const unsent = records.filter((x) => x.sent_ms === null);
    assert.ok(unsent.every((x) => x.outcome === 'cancelled'));
    const cut = sent.filter((x) => x.outcome === 'cancelled');
    assert.ok(heldHere >= 6);
    assert.equal(cut.length, heldHere, 'exactly the requests the server held are cut after the drain timeout');
    assert.ok(cut.every((x) => x.error === 'no answer before the drain timeout' && x.status === null));
    assert.ok(sent.filter((x) => x.outcome === 'ok').every((x) => x.status === 202 && x.activation_id !== null));

    const meta = readMetadata(logs);
    assert.equal(meta.out[2], '300');
    assert.equal(meta.json.interrupted, true);
    assert.equal(meta.json.invocations, 300);
  });
}

test('--max-in-flight: never more requests in flight than the bound; the rest are recorded as dropped, not sent late', async () => {
  const server = await startRecordingServer((_req, res) => {
    setTimeout(() => json(res, 202, { activationId: 'b'.repeat(32) }), 200);
  });
  servers.push(server);
  const dir = tempDir('inv-bound');
  const config = writeConfig(
    dir,
    {},
    { i: { application: 'hello', distribution: 'Uniform', rate: 50, activity_window: null } },
  );
  const logs = join(dir, 'logs');
  const r = await runInvoker(
    ['-c', config, '--out-dir', logs, '--max-in-flight', '3'],
    isolatedEnv(dir, { WHISK_APIHOST: server.origin, WHISK_AUTH: 'u:k' }),
    dir,
    { strictVerdict: true },
  );
  assert.equal(r.code, 3, 'dropping most invocations is a schedule not kept');
  assert.match(r.stderr, /likely cause: connections/);
  const records = readRecords(logs);
  assert.ok(seqsExactlyOnce(records, 50));
  const dropped = records.filter((x) => x.outcome === 'dropped');
  assert.ok(server.concurrency.max <= 3, `at most 3 in flight, saw ${server.concurrency.max}`);
  assert.ok(dropped.length >= 20, `about 4 of 5 dropped at 50/s with 200 ms answers and 3 slots (${dropped.length})`);
  assert.equal(server.requests.length, 50 - dropped.length);
  assert.ok(dropped.every((x) => x.sent_ms === null && x.status === null && x.lag_ms === null));
  assert.ok(
    records.filter((x) => x.outcome !== 'dropped').every((x) => x.outcome === 'ok' && x.lag_ms! < 1000),
    'the ones sent did not wait for a slot (answers take 200 ms; generous for busy machines)',
  );
  assert.match(r.stdout, /dropped \d+/);
});

test('SIGINT with the wsk CLI transport: wsk processes still running after the drain are killed and recorded cancelled', async () => {
  const dir = tempDir('inv-int-cli');
  const pids = join(dir, 'pids');
  const config = writeConfig(
    dir,
    { transport: 'cli', test_duration_in_seconds: 5 },
    { hang: { application: 'hang', interarrivals_list: [0.05, 0.05, 0.05, 4] } },
  );
  const logs = join(dir, 'logs');
  const run = spawnInvoker(
    ['-c', config, '--out-dir', logs, '--wsk', FAKE_WSK, '--drain-timeout-s', '0.3'],
    isolatedEnv(dir, { FAKE_WSK_PIDS: pids }),
    dir,
  );
  // Interrupt once the three early invocations have started their (never-ending) wsk processes.
  const started = (): number[] => (existsSync(pids) ? readFileSync(pids, 'utf8').trim().split('\n').map(Number) : []);
  while (started().length < 3) await new Promise((r) => setTimeout(r, 20));
  run.child.kill('SIGINT');
  const r = await run.done;
  assert.equal(r.code, 130, r.stderr);
  const records = readRecords(logs);
  assert.ok(seqsExactlyOnce(records, 4));
  assert.deepEqual(
    records.map((x) => x.outcome),
    ['cancelled', 'cancelled', 'cancelled', 'cancelled'],
  );
  assert.equal(records.filter((x) => x.sent_ms !== null).length, 3);
  for (const pid of started()) assert.throws(() => process.kill(pid, 0), /ESRCH/, `wsk process ${pid} was killed`);
});

test('wsk CLI transport: a timed-out wsk that ignores SIGTERM is killed with its whole process group', async () => {
  const dir = tempDir('inv-cli-group');
  const pids = join(dir, 'pids');
  const config = writeConfig(
    dir,
    { transport: 'cli', test_duration_in_seconds: 1 },
    { s: { application: 'stubborn', interarrivals_list: [0.05] } },
  );
  const logs = join(dir, 'logs');
  const r = await runInvoker(
    ['-c', config, '--out-dir', logs, '--wsk', FAKE_WSK, '--timeout-s', '1', '--no-progress'],
    isolatedEnv(dir, { FAKE_WSK_PIDS: pids }),
    dir,
  );
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    readRecords(logs).map((x) => [x.outcome, x.error]),
    [['timeout', 'timeout']],
  );
  const started = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
  assert.equal(started.length, 2, 'the wsk stand-in and its child');
  // Killed: gone, or a zombie its new parent (init) has not reaped yet.
  const gone = (pid: number): boolean => {
    try {
      return / Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\)/, ''));
    } catch {
      return true;
    }
  };
  for (const pid of started) assert.ok(gone(pid), `process ${pid} was killed`);
});
