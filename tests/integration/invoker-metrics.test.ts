import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import {
  genericWorkload,
  isolatedEnv,
  json,
  readRecords,
  spawnInvoker,
  serversClosedAfterTests,
} from './invoker-helpers.js';
import { parseExposition, sampleValue } from '../helpers/openmetrics.js';

const servers = serversClosedAfterTests();

/** A generic-endpoint workload at `rate`/s for `durationS` against a loopback target answering 200. */
const workload = (prefix: string, durationS: number, rate: number) =>
  genericWorkload(servers, prefix, { durationS, rate, handler: (_req, res) => json(res, 200, {}) });

/** Polls `probe` every 50 ms until it yields a value, at most `limitMs`. */
async function pollFor<T>(limitMs: number, probe: () => Promise<T | null>): Promise<T> {
  const until = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > until) throw new Error(`nothing within ${limitMs} ms`);
    await delay(50);
  }
}

test('--metrics-port serves live OpenMetrics during the run and closes with it', async () => {
  const { server, dir, config } = await workload('inv-metrics', 3, 50);
  const logs = join(dir, 'logs');
  const run = spawnInvoker(['-c', config, '--out-dir', logs, '--metrics-port', '0'], isolatedEnv(dir), dir);
  let stderr = '';
  run.child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = await pollFor(
    20_000,
    async () => /^metrics: (http:\/\/127\.0\.0\.1:\d+\/metrics)$/m.exec(stderr)?.[1] ?? null,
  );

  // Scrape while the run is still sending: the issued counter moves before it ends.
  let finished = false;
  void run.done.then(() => (finished = true));
  const live = await pollFor(20_000, async () => {
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/openmetrics-text/);
    const samples = parseExposition(await res.text());
    return (sampleValue(samples, 'faas_invocations_issued_total') ?? 0) > 0 ? samples : null;
  });
  assert.equal(finished, false, 'the scrape that saw invocations happened during the run');
  const issued = sampleValue(live, 'faas_invocations_issued_total')!;
  assert.ok(issued > 0 && issued <= 150, `issued ${issued}`);
  assert.equal(sampleValue(live, 'faas_invocation_outcomes_total', { outcome: 'ok' }), issued);
  assert.equal(sampleValue(live, 'faas_invocation_outcomes_total', { outcome: 'throttled' }), 0);
  assert.equal(sampleValue(live, 'faas_send_lag_ms_count'), issued);
  assert.equal(sampleValue(live, 'faas_client_latency_ms_count'), issued);
  assert.equal(sampleValue(live, 'faas_client_latency_ms_bucket', { le: '+Inf' }), issued);
  const latencySum = sampleValue(live, 'faas_client_latency_ms_sum')!;
  assert.ok(latencySum > 0 && latencySum / issued < 5000, `mean latency ${latencySum / issued} ms`);

  const r = await run.done;
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readRecords(logs).length, 150);
  assert.equal(server.requests.length, 150);
  await assert.rejects(fetch(url), 'the metrics server is closed when the run ends');
});

test('--metrics-port refuses a port that is taken, in one line, before sending anything', async () => {
  const { server, dir, config } = await workload('inv-metrics-taken', 1, 5);
  const port = new URL(server.origin).port;
  const r = await spawnInvoker(
    ['-c', config, '--out-dir', join(dir, 'logs'), '--metrics-port', port],
    isolatedEnv(dir),
    dir,
  ).done;
  assert.equal(r.code, 2, r.stderr);
  assert.match(
    r.stderr.trim(),
    new RegExp(`^error: --metrics-port ${port}: cannot listen on 127\\.0\\.0\\.1 \\(EADDRINUSE\\)$`),
  );
  assert.equal(server.requests.length, 0);
});
