import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  genericWorkload,
  isolatedEnv,
  json,
  readMetadata,
  readRecords,
  runInvoker,
  serversClosedAfterTests,
} from './invoker-helpers.js';

const servers = serversClosedAfterTests();

/** A generic-endpoint workload at 200/s against a target that holds each answer for 200 ms. */
const slowTarget = (durationS: number) =>
  genericWorkload(servers, 'inv-verdict', {
    durationS,
    rate: 200,
    handler: (_req, res) => void setTimeout(() => json(res, 200, {}), 200),
  });

test('a run that cannot keep its schedule says so in one warning line, records why, and exits 3', async () => {
  const { dir, config } = await slowTarget(1);
  const logs = join(dir, 'logs');
  const r = await runInvoker(['-c', config, '--out-dir', logs, '--max-in-flight', '2'], isolatedEnv(dir), dir, {
    strictVerdict: true,
  });
  assert.equal(r.code, 3, r.stderr);
  const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning: the schedule was not kept'));
  assert.equal(warnings.length, 1, r.stderr);
  assert.match(
    warnings[0]!,
    /likely cause: connections: the in-flight bound was full and \d+ invocations were dropped/,
  );
  assert.match(r.stdout, /schedule: NOT kept: issued \d+ of 200/);
  const { json: meta } = readMetadata(logs);
  assert.ok(meta.verdict !== undefined);
  assert.equal(meta.verdict.kept, false);
  assert.equal(meta.verdict.requested, 200);
  const records = readRecords(logs);
  assert.equal(records.length, 200, 'every scheduled invocation is in the records');
  assert.equal(meta.verdict.issued, records.filter((x) => x.sent_ms !== null).length);

  const allowed = await runInvoker(
    ['-c', config, '--out-dir', join(dir, 'logs2'), '--max-in-flight', '2', '--allow-late'],
    isolatedEnv(dir),
    dir,
    { strictVerdict: true },
  );
  assert.equal(allowed.code, 0, allowed.stderr);
  assert.match(allowed.stderr, /^warning: the schedule was not kept/m);
});

test('--abort-if-behind stops a run that fell 20% behind and still writes every record and the metadata', async () => {
  const { dir, config } = await slowTarget(30);
  const logs = join(dir, 'logs');
  const r = await runInvoker(
    ['-c', config, '--out-dir', logs, '--max-in-flight', '2', '--abort-if-behind'],
    isolatedEnv(dir),
    dir,
    { strictVerdict: true },
  );
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /aborting: \d+ of \d+ invocations due were sent \(--abort-if-behind\)/);
  const { json: meta } = readMetadata(logs);
  assert.equal(meta.verdict?.aborted, true);
  assert.match(meta.verdict?.reason ?? '', /stopped by --abort-if-behind/);
  const records = readRecords(logs);
  assert.equal(records.length, 6000);
  assert.ok(records.filter((x) => x.outcome === 'cancelled').length > 5000, 'the rest of the run was not sent');
});
