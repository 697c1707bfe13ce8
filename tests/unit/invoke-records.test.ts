import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { metricStats } from '../../src/analysis/index.js';
import { percentilesOf } from '../../src/invoke/lag-stats.js';
import { RecordsWriter, recordFactory } from '../../src/invoke/records-writer.js';
import { formatSummary, RunTally } from '../../src/invoke/summary.js';
import type { InvocationRecord } from '../../src/contracts/index.js';

const make = recordFactory({
  startEpochMs: 1_700_000_000_000.5,
  times: Float64Array.from([0, 0.25, 1.5]),
  instanceIndex: Uint32Array.from([0, 1, 0]),
  instances: [
    { name: 'instance1', application: 'hello' },
    { name: 'instance2', application: 'pkg/echo' },
  ],
});

test('recordFactory turns ns offsets into epoch ms with sub-ms precision and the lag', () => {
  const r = make(1, 250_111_040, 260_000_000, 202, 'ok', 'abc', null);
  assert.equal(r.instance, 'instance2');
  assert.equal(r.application, 'pkg/echo');
  assert.equal(r.scheduled_ms, 1_700_000_000_250.5);
  assert.equal(r.sent_ms, 1_700_000_000_250.611);
  assert.equal(r.lag_ms, 0.111);
  assert.equal(r.done_ms, 1_700_000_000_260.5);
  assert.equal(r.status, 202);
  const dropped = make(2, NaN, NaN, -1, 'dropped', null, null);
  assert.deepEqual([dropped.sent_ms, dropped.done_ms, dropped.lag_ms, dropped.status], [null, null, null, null]);
});

test('RecordsWriter writes each seq once, as NDJSON, and lists the ones never reported', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'records-')), 'invocations.ndjson');
  const w = new RecordsWriter(path, 3);
  assert.equal(
    w.write([
      make(2, 1.5e9, 1.6e9, 200, 'ok', null, null),
      make(0, 1e3, 2e3, 429, 'throttled', null, '429 Too many requests'),
    ]).length,
    2,
  );
  assert.equal(w.write([make(2, 1.5e9, 1.7e9, 500, 'error', null, 'dup')]).length, 0);
  assert.deepEqual([...w.missing()], [1]);
  await w.close();
  const lines = readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as InvocationRecord);
  assert.deepEqual(
    lines.map((l) => [l.seq, l.outcome]),
    [
      [2, 'ok'],
      [0, 'throttled'],
    ],
  );
});

test('send-lag percentiles use the one percentile definition: the same numbers give the same p50/p99 as the analyzer', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }), (values) => {
      const withUnsent = Float64Array.from([Number.NaN, ...values, Number.NaN]);
      const stats = percentilesOf(withUnsent);
      const lat = metricStats(Float64Array.from(values).sort());
      assert.equal(stats.count, values.length);
      assert.equal(stats.p50, lat.p50);
      assert.equal(stats.p99, lat.p99);
      assert.equal(stats.max, lat.max);
    }),
  );
  assert.deepEqual(percentilesOf(Float64Array.from([NaN, 3, 1, 2, NaN])), { count: 3, p50: 2, p99: 2.98, max: 3 });
});

test('RunTally counts outcomes and statuses, rate over the send span, and the summary names the records', () => {
  const tally = new RunTally(Float64Array.from([0, 0.25, 1.5]), 2);
  tally.add(make(0, 0, 1e6, 202, 'ok', 'a', null));
  tally.add(
    make(1, 250_000_000, 260_000_000, 401, 'client_error', null, '401 The supplied authentication is not authorized'),
  );
  tally.add(make(2, NaN, NaN, -1, 'dropped', null, null));
  const s = tally.summary('/tmp/x/invocations.ndjson', false);
  assert.equal(s.sent, 2);
  assert.deepEqual(s.outcomes, {
    ok: 1,
    app_error: 0,
    throttled: 0,
    client_error: 1,
    platform_error: 0,
    timeout: 0,
    error: 0,
    dropped: 1,
    cancelled: 0,
  });
  assert.deepEqual(s.statuses, { '202': 1, '401': 1 });
  assert.equal(Math.round(s.achievedRate!), 4);
  assert.equal(tally.failures, 2);
  const text = formatSummary(s);
  assert.match(text, /3 scheduled, 2 sent, 1 ok, failed: client_error 1, dropped 1/);
  assert.match(text, /error ×1: 401 The supplied authentication/);
  assert.match(text, /records: \/tmp\/x\/invocations\.ndjson/);
});
