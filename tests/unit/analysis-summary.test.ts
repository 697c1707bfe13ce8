import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Activation } from '../../src/activations/types.js';
import type { InvocationRecord } from '../../src/contracts/index.js';
import {
  ActivationTable,
  configuredInstances,
  configuredRate,
  configuredStartMs,
  invocationPeriodMs,
  performanceSummary,
  Reconciler,
  relStress,
  summariseFunctions,
  throughput,
} from '../../src/analysis/index.js';

const close = (a: number | null, b: number, eps = 1e-9) => {
  assert.ok(a !== null && Math.abs(a - b) <= eps, `expected ${b}, got ${a}`);
};

function act(func: string, id: string, start: number, end: number, waitTime: number, initTime: number): Activation {
  const duration = end - start;
  return {
    func_name: func,
    activationId: id,
    namespace: 'guest',
    start,
    end,
    duration,
    waitTime,
    initTime,
    latency: duration + waitTime,
    execution: duration - initTime,
    kind: 'nodejs:20',
    statusCode: 0,
    cold: initTime > 0,
  };
}

const config = {
  test_name: 't',
  instances: {
    i1: { application: 'a', distribution: 'Uniform', rate: 10, activity_window: [5, 10] },
    i2: { application: 'pkg/a', distribution: 'Poisson', rate: 25, activity_window: [2, 8] },
    i3: { application: 'b', interarrivals_list: [1, 2] },
    i4: { application: 'c', distribution: 'Uniform', rate: 4 },
  },
};

test('configured rate sums the Uniform/Poisson instances of a function; window start is the earliest', () => {
  const inst = configuredInstances(config);
  assert.equal(configuredRate(inst, 'a'), 35);
  assert.equal(configuredRate(inst, 'b'), null); // trace-driven only
  assert.equal(configuredRate(inst, 'zzz'), null);
  assert.equal(configuredRate(null, 'a'), null);
  assert.equal(configuredStartMs(inst, 'a', 1_000_000), 1_002_000);
  assert.equal(configuredStartMs(inst, 'c', 1_000_000), 1_000_000); // no window: 0
  assert.equal(configuredStartMs(inst, 'zzz', 1_000_000), null);
});

test('throughput = 1000·count / (max end − min(min start, configured start)); rel_stress = rate / throughput', () => {
  assert.equal(throughput(10, 1000, 3000, 500), 4); // configured start earlier: 10 / 2.5 s
  assert.equal(throughput(10, 1000, 3000, 1500), 5); // first activation earlier: 10 / 2 s
  assert.equal(throughput(10, 1000, 3000, null), 5);
  assert.equal(throughput(1, 1000, 1000, null), null);
  assert.equal(relStress(8, 4), 2);
  assert.equal(relStress(null, 4), null);
  assert.equal(relStress(8, null), null);
});

test('function summary: counts, warm/cold, FaaSProfiler formulas and latency statistics', () => {
  const t0 = 1_000_000;
  const table = new ActivationTable();
  // function a: starts 6000..9000 ms after t0; latencies 110, 220, 330, 440
  table.add(act('a', 'a1', t0 + 6000, t0 + 6100, 10, 50)); // cold: latency 110, execution 50
  table.add(act('a', 'a2', t0 + 7000, t0 + 7200, 20, 0)); // latency 220
  table.add(act('a', 'a3', t0 + 8000, t0 + 8300, 30, 0)); // latency 330
  table.add(act('a', 'a4', t0 + 9000, t0 + 9400, 40, 0)); // latency 440, max end t0 + 9400
  table.add(act('b', 'b1', t0 + 100, t0 + 200, 0, 0));
  assert.equal(table.add(act('a', 'a4', t0, t0 + 1, 0, 0)), false, 'duplicate ids are ignored');
  const [a, b] = summariseFunctions(table, {
    instances: configuredInstances(config),
    testStartMs: t0,
    capacityFactor: true,
  });
  assert.equal(a!.func_name, 'a');
  assert.equal(a!.count, 4);
  assert.deepEqual([a!.cold, a!.warm], [1, 3]);
  assert.equal(a!.rate, 35);
  close(a!.throughput, (1000 * 4) / (9400 - 2000)); // window of pkg/a starts at 2 s
  close(a!.rel_stress, 35 / ((1000 * 4) / 7400));
  close(a!.latency.mean, 275);
  close(a!.latency.std, Math.sqrt((165 ** 2 + 55 ** 2 + 55 ** 2 + 165 ** 2) / 3));
  close(a!.latency.p50, 275);
  close(a!.latency.p90, 407); // h = 2.7 → 330 + 0.7·110
  close(a!.capacity_factor, 407 - 143); // p10: h = 0.3 → 110 + 0.3·110
  close(a!.execution.mean, (50 + 200 + 300 + 400) / 4);
  close(a!.initTime.mean, 12.5);
  close(a!.waitTime.max, 40);
  assert.equal(b!.rate, null);
  close(b!.throughput, 1000 / 200); // trace instance, no window: counts from test start
  const noCf = summariseFunctions(table, { instances: null, testStartMs: t0, capacityFactor: false });
  assert.equal(noCf[0]!.capacity_factor, null);
  assert.equal(noCf[0]!.rate, null);
  close(noCf[0]!.throughput, 4000 / 3400);
});

test('performance summary splits warm (initTime = 0) from cold and gives the mean invocation period', () => {
  const table = new ActivationTable();
  table.add(act('f', '1', 0, 100, 5, 60)); // cold: execution 40, latency 105
  table.add(act('f', '2', 250, 300, 5, 0)); // warm: execution 50, latency 55
  table.add(act('f', '3', 1000, 1070, 10, 0)); // warm: execution 70, latency 80
  const perf = performanceSummary(table);
  assert.equal(perf.all.latency.count, 3);
  assert.equal(perf.warm.latency.count, 2);
  assert.equal(perf.cold.latency.count, 1);
  close(perf.warm.latency.mean, 67.5);
  close(perf.warm.latency.std, Math.sqrt(2 * 12.5 ** 2));
  close(perf.cold.initTime.mean, 60);
  assert.equal(perf.cold.initTime.std, null);
  close(perf.all.execution.mean, 160 / 3);
  close(perf.all.initTime.mean, 20);
  close(perf.invocation_period_ms, 500); // gaps 250 and 750
  close(perf.invocation_rate, 2);
  assert.equal(invocationPeriodMs([5]), null);
});

function rec(
  seq: number,
  outcome: InvocationRecord['outcome'],
  id: string | null,
  scheduled: number,
  sent: number | null,
  done: number | null,
): InvocationRecord {
  return {
    seq,
    instance: 'i',
    application: 'a',
    scheduled_ms: scheduled,
    sent_ms: sent,
    done_ms: done,
    lag_ms: sent === null ? null : sent - scheduled,
    status: null,
    outcome,
    activation_id: id,
    error: null,
  };
}

test('reconciliation counts scheduled, sent, accepted, failures by outcome, and accepted-but-missing', () => {
  const found = new Set(['x1', 'x2']);
  const r = new Reconciler((id) => found.has(id));
  r.add(rec(0, 'ok', 'x1', 0, 1, 11)); // client 10, corrected 11
  r.add(rec(1, 'ok', 'x2', 10, 12, 42)); // client 30, corrected 32
  r.add(rec(2, 'ok', 'x3', 20, 20, 40)); // not found yet
  r.add(rec(3, 'app_error', 'x4', 30, 31, 51)); // accepted, not found
  r.add(rec(4, 'throttled', null, 40, 41, 42));
  r.add(rec(5, 'dropped', null, 50, null, null));
  r.add(rec(6, 'error', null, 60, 60, 61));
  assert.deepEqual(r.unseenIds().sort(), ['x3', 'x4']);
  found.add('x3'); // fetched by id afterwards
  const s = r.summary(3);
  assert.equal(s.scheduled, 7);
  assert.equal(s.sent, 6);
  assert.equal(s.accepted, 4);
  assert.deepEqual(s.failed, { throttled: 1, dropped: 1, error: 1 });
  assert.equal(s.recorded, 3);
  assert.equal(s.missing, 1);
  assert.equal(s.client_latency.count, 4);
  close(s.client_latency.mean, (10 + 30 + 20 + 20) / 4);
  close(s.corrected_latency.max, 32);
  close(s.corrected_latency.p50, 20.5); // 11, 20, 21, 32
});

test('accepted records without activation ids are matched by count against unclaimed activations', () => {
  const r = new Reconciler(() => false);
  for (let i = 0; i < 5; i++) r.add(rec(i, 'ok', null, i, i, i + 1));
  assert.equal(r.summary(3).missing, 2);
  assert.equal(r.summary(7).missing, 0);
});
