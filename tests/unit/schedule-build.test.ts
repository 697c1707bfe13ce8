import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ArrivalSpec, InstanceSpec, Workload } from '../../src/config/types.js';
import { UserError } from '../../src/errors.js';
import { buildSchedule, MAX_EVENTS, resolveSeed } from '../../src/schedule/build.js';
import { mergeTimelines } from '../../src/schedule/merge.js';
import { summarizeSchedule } from '../../src/schedule/summary.js';

function instance(name: string, arrival: ArrivalSpec): InstanceSpec {
  return { name, application: `app-${name}`, arrival, paramFile: null, dataFile: null, url: null, data: undefined };
}

function workload(durationS: number, instances: InstanceSpec[]): Workload {
  return {
    testName: 't',
    durationS,
    randomSeed: null,
    blocking: false,
    endpoint: 'embedded',
    transport: 'http',
    namespace: '_',
    instances,
    perfMonitoring: { runtimeScript: null, postScript: null, targets: [] },
    configPath: '/w.json',
    raw: {},
  };
}

const arrival: fc.Arbitrary<ArrivalSpec> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('Uniform' as const, 'Poisson' as const),
    rate: fc.double({ min: 0, max: 300, noNaN: true }),
    window: fc.option(
      fc
        .tuple(fc.double({ min: 0, max: 30, noNaN: true }), fc.double({ min: 0, max: 40, noNaN: true }))
        .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const),
      { nil: null },
    ),
  }),
  fc.record({
    kind: fc.constant('trace' as const),
    interarrivals: fc.array(fc.double({ min: 0, max: 3, noNaN: true }), { maxLength: 50 }),
  }),
);
const workloads = fc
  .tuple(fc.double({ min: 0.5, max: 30, noNaN: true }), fc.array(arrival, { minLength: 1, maxLength: 5 }))
  .map(([d, arrivals]) =>
    workload(
      d,
      arrivals.map((a, i) => instance(`i${i}`, a)),
    ),
  );

test('every event lies inside its window and the test, and the timeline is sorted with deterministic ties', () => {
  fc.assert(
    fc.property(workloads, fc.integer({ min: 0, max: 0xffff_ffff }), (w, seed) => {
      const s = buildSchedule(w, seed);
      assert.equal(s.times.length, s.instanceIndex.length);
      for (let i = 0; i < s.times.length; i++) {
        const t = s.times[i]!;
        const spec = w.instances[s.instanceIndex[i]!]!.arrival;
        if (spec.kind === 'trace') assert.ok(t >= 0 && t <= w.durationS);
        else if (spec.kind === 'Uniform' || spec.kind === 'Poisson') {
          const [a, b] = spec.window ?? [0, w.durationS];
          assert.ok(
            t >= a && t < Math.min(b, w.durationS),
            `${spec.kind} event at ${t} outside [${a}, ${b}) in a ${w.durationS}s test`,
          );
        }
        if (i > 0) {
          const prev = s.times[i - 1]!;
          assert.ok(
            prev < t || (prev === t && s.instanceIndex[i - 1]! <= s.instanceIndex[i]!),
            'unsorted or ties out of instance order',
          );
        }
      }
      // Uniform instances: count within 1 of rate × (clipped) window length.
      const summary = summarizeSchedule(w, s);
      for (const inst of w.instances) {
        if (inst.arrival.kind !== 'Uniform') continue;
        const [a, b] = inst.arrival.window ?? [0, w.durationS];
        const length = Math.max(0, Math.min(b, w.durationS) - Math.min(a, w.durationS));
        assert.ok(Math.abs(summary.instances[inst.name]!.events - inst.arrival.rate * length) <= 1);
      }
    }),
    { numRuns: 200 },
  );
});

test('same workload and seed give identical schedules; another seed differs', () => {
  const w = workload(20, [
    instance('a', { kind: 'Poisson', rate: 50, window: null }),
    instance('b', { kind: 'Uniform', rate: 7, window: [2, 9] }),
  ]);
  const s1 = buildSchedule(w, 123);
  const s2 = buildSchedule(w, 123);
  assert.deepEqual(s1.times, s2.times);
  assert.deepEqual(s1.instanceIndex, s2.instanceIndex);
  assert.equal(s1.seed, 123);
  assert.notDeepEqual(buildSchedule(w, 124).times, s1.times);
});

test('two Poisson instances with equal rates do not fire together (one stream per instance)', () => {
  const w = workload(10, [
    instance('x', { kind: 'Poisson', rate: 20, window: null }),
    instance('y', { kind: 'Poisson', rate: 20, window: null }),
  ]);
  const s = buildSchedule(w, 100);
  const of = (k: number) => s.times.filter((_, i) => s.instanceIndex[i] === k);
  const x = new Set(of(0));
  assert.ok(x.size > 100);
  assert.equal(of(1).filter((t) => x.has(t)).length, 0);
});

test("an instance's timeline depends only on the seed and its own name, not on the other instances", () => {
  const a = instance('keep', { kind: 'Poisson', rate: 30, window: [1, 8] });
  const alone = buildSchedule(workload(10, [a]), 9);
  const withOthers = buildSchedule(
    workload(10, [instance('other', { kind: 'Uniform', rate: 40, window: null }), a]),
    9,
  );
  assert.deepEqual(
    withOthers.times.filter((_, i) => withOthers.instanceIndex[i] === 1),
    alone.times,
  );
});

test('merge: ties go by instance order, then event order; each instance keeps its own order', () => {
  const m = mergeTimelines([
    new Float64Array([1, 2, 2]),
    new Float64Array([]),
    new Float64Array([0, 2, 3]),
    new Float64Array([2]),
  ]);
  assert.deepEqual([...m.times], [0, 1, 2, 2, 2, 2, 3]);
  assert.deepEqual([...m.instanceIndex], [2, 0, 0, 0, 2, 3, 2]);
  fc.assert(
    fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 30 }), { maxLength: 8 }), (lists) => {
      const inputs = lists.map((l) => Float64Array.from(l.sort((p, q) => p - q)));
      const out = mergeTimelines(inputs);
      // Same multiset per instance, in order, and globally sorted by (time, instance).
      for (const [k, input] of inputs.entries()) {
        assert.deepEqual(
          out.times.filter((_, i) => out.instanceIndex[i] === k),
          input,
        );
      }
      const pairs = [...out.times].map((t, i) => [t, out.instanceIndex[i]!] as const);
      assert.deepEqual(
        pairs,
        [...pairs].sort((p, q) => p[0] - q[0] || p[1] - q[1]),
      );
    }),
  );
});

test('resolveSeed: a configured seed is kept; null derives an unsigned 32-bit integer from the clock', () => {
  assert.equal(resolveSeed(100), 100);
  assert.equal(resolveSeed(0), 0);
  assert.equal(
    resolveSeed(null, () => 1_700_000_000_123),
    1_700_000_000_123 % 2 ** 32,
  );
  fc.assert(
    fc.property(fc.double({ min: 0, max: 2 ** 52, noNaN: true }), (now) => {
      const s = resolveSeed(null, () => now);
      assert.ok(Number.isInteger(s) && s >= 0 && s < 2 ** 32);
    }),
  );
  const live = resolveSeed(null);
  assert.ok(Number.isInteger(live) && live >= 0 && live < 2 ** 32);
});

test('summary: counts, first and last per instance in config order; null times for silent instances', () => {
  const w = workload(15, [
    instance('uni', { kind: 'Uniform', rate: 10, window: [5, 10] }),
    instance('silent', { kind: 'Poisson', rate: 0, window: null }),
    instance('trace', { kind: 'trace', interarrivals: [5, 0.5, 20] }),
  ]);
  const s = buildSchedule(w, 4);
  const summary = summarizeSchedule(w, s);
  assert.deepEqual(Object.keys(summary.instances), ['uni', 'silent', 'trace']);
  assert.equal(summary.total, 52);
  assert.equal(summary.seed, 4);
  assert.equal(summary.duration_s, 15);
  assert.equal(summary.test_name, 't');
  assert.deepEqual(summary.instances.trace, { application: 'app-trace', events: 2, first_s: 5, last_s: 5.5 });
  assert.deepEqual(summary.instances.silent, { application: 'app-silent', events: 0, first_s: null, last_s: null });
  const uni = summary.instances.uni!;
  assert.equal(uni.events, 50);
  assert.ok(uni.first_s! >= 5 && uni.first_s! < 5.1);
  assert.ok(Math.abs(uni.last_s! - (uni.first_s! + 4.9)) < 1e-9);
});

test('a workload asking for more than the event limit is refused with a user error', () => {
  const w = workload(1e6, [instance('huge', { kind: 'Poisson', rate: MAX_EVENTS / 1e6 + 1, window: null })]);
  assert.throws(
    () => buildSchedule(w, 1),
    (e: unknown) => e instanceof UserError && /at most 100000000/.test(e.message),
  );
});
