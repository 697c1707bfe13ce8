import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Activation } from '../../src/activations/types.js';
import type { ArchiveV1 } from '../../src/archive/types.js';
import { labelRuns, summarizeRun } from '../../src/compare/index.js';
import { makeArchive } from '../fixtures/archives/make.js';

const T0 = Date.UTC(2024, 2, 5, 7, 0);

function act(over: Partial<Activation> & Pick<Activation, 'start' | 'latency'>): Activation {
  return {
    func_name: 'f',
    activationId: `a${over.start}`,
    namespace: 'guest',
    end: over.start + over.latency,
    duration: over.latency,
    waitTime: 0,
    initTime: 0,
    execution: over.latency,
    kind: 'nodejs:20',
    statusCode: 0,
    cold: false,
    ...over,
  };
}

function summarise(archive: ArchiveV1) {
  return summarizeRun(labelRuns([{ path: '/a/x.json', archive }])[0]!);
}

test('per-test summary: count, errors, throughput from the test start, rate, percentiles, cold share', () => {
  const base = makeArchive({
    testName: 'calc_4ps',
    createdMs: T0,
    sinceMs: T0,
    functions: [{ name: 'f', rate: 4, count: 1 }],
  });
  // Four activations over [T0, T0 + 2000]: latencies 10, 20, 30, 40; one cold; one error, one unknown status.
  const activations = [
    act({ start: T0 + 100, latency: 40, cold: true, statusCode: 1 }),
    act({ start: T0 + 600, latency: 10 }),
    act({ start: T0 + 1100, latency: 30, statusCode: null }),
    act({ start: T0 + 1980, latency: 20 }),
  ];
  const s = summarise({ ...base, activations });
  assert.equal(s.test, 'calc_4ps');
  assert.equal(s.category, 'calc');
  assert.equal(s.count, 4);
  assert.equal(s.errors, 1);
  assert.equal(s.rate, 4);
  assert.equal(s.distribution, 'Uniform');
  // Last end is 1980 + 20 = 2000 ms after the test start: 4 activations in 2 s.
  assert.equal(s.throughput, 2);
  // 4 found of the 4/s × 60 s the config requests.
  assert.equal(s.rel_throughput, 4 / 240);
  assert.equal(s.latency_mean, 25);
  assert.equal(s.latency_p50, 25); // between 20 and 30
  assert.ok(Math.abs(s.latency_p99! - (30 + 0.97 * 10)) < 1e-9); // h = 3 × 0.99 = 2.97
  assert.equal(s.latency_max, 40);
  assert.equal(s.cold_share, 0.25);
});

test('throughput counts from the first activation when it precedes the recorded test start', () => {
  const base = makeArchive({
    testName: 't',
    createdMs: T0,
    sinceMs: T0 + 1000,
    functions: [{ name: 'f', rate: 1, count: 1 }],
  });
  const s = summarise({
    ...base,
    activations: [act({ start: T0, latency: 500 }), act({ start: T0 + 1500, latency: 500 })],
  });
  assert.equal(s.throughput, 1); // 2 in [T0, T0 + 2000]
});

test('a run without activations has a count of 0 and no rates, percentiles or shares', () => {
  const base = makeArchive({ testName: 'empty', createdMs: T0, functions: [{ name: 'f', rate: 3, count: 1 }] });
  const s = summarise({ ...base, activations: [] });
  assert.equal(s.count, 0);
  assert.equal(s.throughput, null);
  assert.equal(s.rel_throughput, 0, 'none of the requested invocations completed');
  assert.equal(s.latency_p50, null);
  assert.equal(s.latency_mean, null);
  assert.equal(s.cold_share, null);
  assert.equal(s.rate, 3);
});

test('rate sums every application; unknown rates give no relative throughput', () => {
  const two = makeArchive({
    testName: 'two',
    createdMs: T0,
    functions: [
      { name: 'f', rate: 3, count: 5 },
      { name: 'g', rate: 7, count: 5, distribution: 'Poisson' },
    ],
  });
  const s = summarise(two);
  assert.equal(s.rate, 10);
  assert.equal(s.distribution, 'Poisson+Uniform');
  const unknown = summarise({ ...two, config: null, functions: [] });
  assert.equal(unknown.rate, null);
  assert.equal(unknown.rel_throughput, null);
  assert.ok(unknown.throughput! > 0);
});

test('summary statistics agree with a direct computation (property)', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          start: fc.integer({ min: 0, max: 100_000 }),
          latency: fc.integer({ min: 1, max: 5000 }),
          cold: fc.boolean(),
          status: fc.constantFrom(0, 0, 0, 1, 2, 3, null),
        }),
        { minLength: 1, maxLength: 200 },
      ),
      (specs) => {
        const base = makeArchive({
          testName: 'p',
          createdMs: T0,
          sinceMs: T0,
          functions: [{ name: 'f', rate: 1, count: 1 }],
        });
        const activations = specs.map((x, i) =>
          act({ activationId: `x${i}`, start: T0 + x.start, latency: x.latency, cold: x.cold, statusCode: x.status }),
        );
        const s = summarise({ ...base, activations });
        const lat = specs.map((x) => x.latency).sort((a, b) => a - b);
        assert.equal(s.count, specs.length);
        assert.equal(s.errors, specs.filter((x) => x.status !== null && x.status !== 0).length);
        assert.equal(s.cold_share, specs.filter((x) => x.cold).length / specs.length);
        assert.equal(s.latency_max, lat[lat.length - 1]);
        assert.ok(s.latency_p50! >= lat[0]! && s.latency_p50! <= lat[lat.length - 1]!);
        assert.ok(s.latency_p99! >= s.latency_p50!);
        const lastEnd = Math.max(...specs.map((x) => x.start + x.latency));
        assert.ok(Math.abs(s.throughput! - (1000 * specs.length) / lastEnd) < 1e-9);
      },
    ),
  );
});

test('the client view comes from the invoker records when the archive has them', () => {
  const base = makeArchive({ testName: 'inv', createdMs: T0, functions: [{ name: 'f', rate: 2, count: 5 }] });
  assert.equal(summarise(base).scheduled, null);
  assert.equal(summarise(base).failed, null);
  const stats = (p99: number) => ({ count: 10, mean: 1, std: 1, p50: 1, p90: 1, p95: 1, p99, p999: p99, max: p99 });
  const s = summarise({
    ...base,
    invocations: {
      scheduled: 10,
      sent: 9,
      accepted: 7,
      failed: { throttled: 2, dropped: 1 },
      recorded: 5,
      missing: 2,
      client_latency: stats(12.5),
      corrected_latency: stats(40),
    },
  });
  assert.equal(s.scheduled, 10);
  assert.equal(s.failed, 3);
  assert.equal(s.missing, 2);
  assert.equal(s.client_latency_p99, 12.5);
  assert.equal(s.corrected_latency_p99, 40);
});

test("a windowed run with no failures compares at 1.00: the ratio uses each instance's active time", () => {
  const base = makeArchive({
    testName: 'win',
    createdMs: T0,
    sinceMs: T0,
    functions: [{ name: 'f', rate: 5, count: 1 }],
  });
  const config = {
    test_name: 'win',
    test_duration_in_seconds: 30,
    instances: {
      early: { application: 'f', distribution: 'Uniform', rate: 5, activity_window: [0, 10] },
      late: { application: 'f', distribution: 'Poisson', rate: 10, activity_window: [20, 30] },
    },
  };
  // 50 + 100 requested over 30 s of active time; all of them completed.
  const activations = Array.from({ length: 150 }, (_, i) => act({ start: T0 + i * 150, latency: 20 }));
  const fromConfig = summarise({ ...base, config, activations });
  assert.equal(fromConfig.rate, 150 / 30);
  assert.equal(fromConfig.rel_throughput, 1);
  // With invoker records, the schedule's own count is the requested number (Poisson counts vary).
  const withRecords = summarise({
    ...base,
    config,
    activations: activations.slice(0, 147),
    invocations: {
      scheduled: 147,
      sent: 147,
      accepted: 147,
      failed: {},
      recorded: 147,
      missing: 0,
      client_latency: base.overall.latency,
      corrected_latency: base.overall.latency,
    },
  });
  assert.equal(withRecords.rel_throughput, 1);
});
