import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { RateSegment } from '../../src/config/types.js';
import { MINUTE_MARGIN_S, minuteTimes } from '../../src/schedule/minutes.js';
import { instanceRandom } from '../../src/schedule/rng.js';
import { shapedIntegral, shapedTimes } from '../../src/schedule/shaped.js';
import { sampleIndices } from '../../src/schedule/trace-sample.js';
import { uniformTimes } from '../../src/schedule/uniform.js';

const seed = fc.integer({ min: 0, max: 0xffff_ffff });
const iat = fc.constantFrom('exponential' as const, 'uniform' as const, 'equidistant' as const);

/** Λ(t): the integrated rate of the pieces up to t. */
function integratedRate(segments: readonly RateSegment[], t: number): number {
  let total = 0;
  for (const s of segments) {
    if (t <= s.start) break;
    const x = Math.min(t, s.end) - s.start;
    total += s.from * x + ((s.to - s.from) / (2 * (s.end - s.start))) * x * x;
  }
  return total;
}

test('trace minutes: every minute holds exactly its count, inside it and away from its edges, in every iat mode', () => {
  fc.assert(
    fc.property(
      fc.array(fc.nat({ max: 300 }), { minLength: 1, maxLength: 40 }),
      fc.constantFrom(0.5, 1, 7.5, 60),
      iat,
      seed,
      (counts, minuteS, mode, s) => {
        const times = minuteTimes(Uint32Array.from(counts), minuteS, mode, instanceRandom(s, 'f'));
        const seen = new Array<number>(counts.length).fill(0);
        for (let i = 0; i < times.length; i++) {
          if (i > 0) assert.ok(times[i]! >= times[i - 1]!, 'not sorted');
          // Binned as a reader of --schedule-out does: from the 6-decimal text.
          const m = Math.floor(Number(times[i]!.toFixed(6)) / minuteS);
          seen[m]!++;
          const start = m * minuteS;
          assert.ok(times[i]! >= start + MINUTE_MARGIN_S && times[i]! <= start + minuteS - MINUTE_MARGIN_S);
        }
        assert.deepEqual(seen, counts);
      },
    ),
    { numRuns: 300 },
  );
});

test('trace minutes: equidistant spacing is even, the random modes differ by seed', () => {
  const even = minuteTimes(Uint32Array.from([4]), 60, 'equidistant', instanceRandom(1, 'f'));
  const gaps = Array.from(even.subarray(1), (t, i) => t - even[i]!);
  for (const g of gaps) assert.ok(Math.abs(g - gaps[0]!) < 1e-9);
  for (const mode of ['exponential', 'uniform'] as const) {
    const a = minuteTimes(Uint32Array.from([50]), 60, mode, instanceRandom(1, 'f'));
    const b = minuteTimes(Uint32Array.from([50]), 60, mode, instanceRandom(2, 'f'));
    assert.notDeepEqual(a, b);
  }
});

const ramp = fc
  .record({
    start: fc.double({ min: 0, max: 100, noNaN: true }),
    length: fc.double({ min: 0.5, max: 100, noNaN: true }),
    from: fc.double({ min: 0, max: 200, noNaN: true }),
    to: fc.double({ min: 0, max: 200, noNaN: true }),
  })
  .map(({ start, length, from, to }): RateSegment[] => [{ start, end: start + length, from, to }]);

const steps = fc
  .array(fc.tuple(fc.double({ min: 0.1, max: 20, noNaN: true }), fc.double({ min: 0, max: 300, noNaN: true })), {
    minLength: 1,
    maxLength: 6,
  })
  .map((pieces) => {
    let t = 0;
    return pieces.map(([length, rate]): RateSegment => {
      const s = { start: t, end: t + length, from: rate, to: rate };
      t += length;
      return s;
    });
  });

test('Uniform ramps and steps follow the integrated rate: before any t, within 1 of Λ(t)', () => {
  fc.assert(
    fc.property(fc.oneof(ramp, steps), seed, (segments, s) => {
      const times = shapedTimes('Uniform', segments, instanceRandom(s, 'r'));
      assert.ok(Math.abs(times.length - shapedIntegral(segments)) <= 1);
      const first = segments[0]!.start;
      const last = segments[segments.length - 1]!.end;
      for (let i = 0; i < times.length; i++) {
        assert.ok(times[i]! >= first && times[i]! < last, `event ${times[i]} outside [${first}, ${last})`);
        if (i > 0) assert.ok(times[i]! >= times[i - 1]!, 'not sorted');
        // i events lie before times[i]: the count up to any instant tracks Λ within 1.
        assert.ok(Math.abs(i - integratedRate(segments, times[i]!)) <= 1 + 1e-6, `at ${times[i]}: ${i} events`);
      }
    }),
    { numRuns: 300 },
  );
});

test('a ramp from 0 to 100/s over 10 s has the per-second counts of its integrated rate (5, 15, …, 95)', () => {
  const times = shapedTimes('Uniform', [{ start: 0, end: 10, from: 0, to: 100 }], instanceRandom(7, 'ramp'));
  const perSecond = new Array<number>(10).fill(0);
  for (const t of times) perSecond[Math.floor(t)]!++;
  for (const [k, c] of perSecond.entries()) assert.ok(Math.abs(c - (10 * k + 5)) <= 1, `second ${k}: ${c}`);
  assert.equal(times.length, 500);
});

test('a constant shaped rate spaces Uniform events exactly as uniformTimes does', () => {
  const shaped = shapedTimes('Uniform', [{ start: 2, end: 12, from: 7, to: 7 }], instanceRandom(3, 'c'));
  const plain = uniformTimes(7, [2, 12], instanceRandom(3, 'c'));
  assert.equal(shaped.length, plain.length);
  for (const [i, t] of shaped.entries()) assert.ok(Math.abs(t - plain[i]!) < 1e-9);
});

test('Poisson steps: the count of each step is near its integral (non-homogeneous process)', () => {
  const segments: RateSegment[] = [
    { start: 0, end: 100, from: 10, to: 10 },
    { start: 100, end: 110, from: 500, to: 500 },
    { start: 110, end: 200, from: 0, to: 0 },
  ];
  const times = shapedTimes('Poisson', segments, instanceRandom(11, 'p'));
  const inStep = (a: number, b: number) => times.filter((t) => t >= a && t < b).length;
  // Poisson counts of mean 1000 and 5000: 5 standard deviations either way.
  assert.ok(Math.abs(inStep(0, 100) - 1000) < 5 * Math.sqrt(1000));
  assert.ok(Math.abs(inStep(100, 110) - 5000) < 5 * Math.sqrt(5000));
  assert.equal(inStep(110, 200), 0);
});

test('sampleIndices: k distinct indices in ascending order (all when k >= n), reproducible by seed', () => {
  fc.assert(
    fc.property(fc.nat({ max: 500 }), fc.nat({ max: 600 }), seed, (n, k, s) => {
      const a = sampleIndices(n, k, instanceRandom(s, 'x'));
      assert.equal(a.length, Math.min(n, k));
      for (let i = 1; i < a.length; i++) assert.ok(a[i]! > a[i - 1]!);
      if (a.length > 0) assert.ok(a[a.length - 1]! < n);
      assert.deepEqual(sampleIndices(n, k, instanceRandom(s, 'x')), a);
    }),
    { numRuns: 200 },
  );
});
