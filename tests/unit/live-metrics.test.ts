import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { InvocationRecord } from '../../src/contracts/index.js';
import { RunMetrics } from '../../src/invoke/live-metrics.js';
import { parseExposition, sampleValue } from '../helpers/openmetrics.js';

function record(seq: number, fields: Partial<InvocationRecord>): InvocationRecord {
  return {
    seq,
    instance: 'a',
    application: 'a',
    scheduled_ms: 1000,
    sent_ms: 1002,
    done_ms: 1032,
    lag_ms: 2,
    status: 200,
    outcome: 'ok',
    activation_id: null,
    error: null,
    ...fields,
  };
}

test('RunMetrics counts issued invocations and outcomes, and histograms lag and client latency', async () => {
  const m = new RunMetrics();
  m.add(record(0, {}));
  m.add(record(1, { sent_ms: 1010, done_ms: 1510, lag_ms: 10, status: 429, outcome: 'throttled' }));
  m.add(record(2, { done_ms: null, status: null, outcome: 'timeout' }));
  m.add(record(3, { sent_ms: null, done_ms: null, lag_ms: null, status: null, outcome: 'dropped' }));
  const s = parseExposition(await m.exposition());
  assert.equal(sampleValue(s, 'faas_invocations_issued_total'), 3, 'a dropped invocation was never issued');
  assert.equal(sampleValue(s, 'faas_invocation_outcomes_total', { outcome: 'ok' }), 1);
  assert.equal(sampleValue(s, 'faas_invocation_outcomes_total', { outcome: 'throttled' }), 1);
  assert.equal(sampleValue(s, 'faas_invocation_outcomes_total', { outcome: 'timeout' }), 1);
  assert.equal(sampleValue(s, 'faas_invocation_outcomes_total', { outcome: 'dropped' }), 1);
  assert.equal(sampleValue(s, 'faas_invocation_outcomes_total', { outcome: 'cancelled' }), 0, 'every outcome shows');
  assert.equal(sampleValue(s, 'faas_send_lag_ms_count'), 3);
  assert.equal(sampleValue(s, 'faas_send_lag_ms_sum'), 14);
  assert.equal(sampleValue(s, 'faas_send_lag_ms_bucket', { le: '2' }), 2);
  // Only answered invocations have a client latency: 30 ms and 500 ms.
  assert.equal(sampleValue(s, 'faas_client_latency_ms_count'), 2);
  assert.equal(sampleValue(s, 'faas_client_latency_ms_sum'), 530);
  assert.equal(sampleValue(s, 'faas_client_latency_ms_bucket', { le: '50' }), 1);
  assert.equal(sampleValue(s, 'faas_client_latency_ms_bucket', { le: '500' }), 2);
});

test('two runs in one process keep separate metrics (no global registry)', async () => {
  const a = new RunMetrics();
  const b = new RunMetrics();
  a.add(record(0, {}));
  const s = parseExposition(await b.exposition());
  assert.equal(sampleValue(s, 'faas_invocations_issued_total'), 0);
});
