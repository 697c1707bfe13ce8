import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { poissonTimes } from '../../src/schedule/poisson.js';
import { instanceRandom } from '../../src/schedule/rng.js';
import { traceTimes } from '../../src/schedule/trace.js';
import { uniformTimes } from '../../src/schedule/uniform.js';
import { effectiveWindow } from '../../src/schedule/window.js';

const seed = fc.integer({ min: 0, max: 0xffff_ffff });
/** A window and a rate with at most ~20k expected events, so each run stays fast. */
const synthetic = fc
  .record({
    start: fc.double({ min: 0, max: 1000, noNaN: true }),
    length: fc.double({ min: 0, max: 200, noNaN: true }),
    rate: fc.double({ min: 0.001, max: 5000, noNaN: true }),
  })
  .filter(({ length, rate }) => length * rate <= 20_000);

function assertInsideAndSorted(times: Float64Array, start: number, end: number): void {
  for (let i = 0; i < times.length; i++) {
    assert.ok(times[i]! >= start && times[i]! < end, `event ${times[i]} outside [${start}, ${end})`);
    if (i > 0) assert.ok(times[i]! >= times[i - 1]!, 'not sorted');
  }
}

test('Uniform: evenly spaced inside [start, end), first within one period of start, count within 1 of rate × length', () => {
  fc.assert(
    fc.property(synthetic, seed, ({ start, length, rate }, s) => {
      const end = start + length;
      const times = uniformTimes(rate, [start, end], instanceRandom(s, 'u'));
      assertInsideAndSorted(times, start, end);
      assert.ok(Math.abs(times.length - rate * length) <= 1, `${times.length} events for ${rate}/s over ${length}s`);
      if (times.length > 0) assert.ok(times[0]! - start < 1 / rate);
      for (let i = 1; i < times.length; i++) {
        assert.ok(Math.abs(times[i]! - times[i - 1]! - 1 / rate) <= 1e-9 * Math.max(1, end), 'uneven spacing');
      }
    }),
    { numRuns: 300 },
  );
});

test('Uniform: the shift is seeded, so different seeds place the grid differently', () => {
  const a = uniformTimes(10, [5, 10], instanceRandom(1, 'x'));
  const b = uniformTimes(10, [5, 10], instanceRandom(2, 'x'));
  assert.equal(a.length, 50);
  assert.notEqual(a[0], b[0]);
  assert.deepEqual(uniformTimes(10, [5, 10], instanceRandom(1, 'x')), a);
});

test('Poisson: every event inside [start, end), sorted', () => {
  fc.assert(
    fc.property(synthetic, seed, ({ start, length, rate }, s) => {
      assertInsideAndSorted(poissonTimes(rate, [start, start + length], instanceRandom(s, 'p')), start, start + length);
    }),
    { numRuns: 300 },
  );
});

test('Poisson: mean inter-arrival is 1/rate and gaps are exponential, over large samples', () => {
  fc.assert(
    fc.property(fc.double({ min: 0.5, max: 2000, noNaN: true }), seed, (rate, s) => {
      const expected = 100_000;
      const length = expected / rate;
      const times = poissonTimes(rate, [3, 3 + length], instanceRandom(s, 'p'));
      const n = times.length;
      // Count: Poisson(λ), within 5 standard deviations.
      assert.ok(Math.abs(n - expected) <= 5 * Math.sqrt(expected), `${n} events, expected ~${expected}`);
      // Mean gap (from the window start): standard error is (1/rate)/sqrt(n).
      const meanGap = (times[n - 1]! - 3) / n;
      assert.ok(Math.abs(meanGap * rate - 1) <= 5 / Math.sqrt(n), `mean gap ${meanGap} vs ${1 / rate}`);
      // Memorylessness check: P(gap > mean) = e^-1 for an exponential distribution.
      let longer = 0;
      for (let i = 1; i < n; i++) if (times[i]! - times[i - 1]! > 1 / rate) longer++;
      const p = Math.exp(-1);
      assert.ok(
        Math.abs(longer / (n - 1) - p) <= 5 * Math.sqrt((p * (1 - p)) / (n - 1)),
        `P(gap > 1/rate) = ${longer / (n - 1)}`,
      );
    }),
    { numRuns: 15 },
  );
});

test('rate 0 or an empty window means no events', () => {
  const r = instanceRandom(1, 'z');
  assert.equal(uniformTimes(0, [0, 10], r).length, 0);
  assert.equal(poissonTimes(0, [0, 10], r).length, 0);
  assert.equal(uniformTimes(5, [3, 3], r).length, 0);
  assert.equal(poissonTimes(5, [3, 3], r).length, 0);
});

test('trace: cumulative times from test start, cut where they exceed the duration (FaaSProfiler semantics)', () => {
  const list = [5, 0.13, 0.15, 0.8, 0.1, 0.13, 0.13, 0.1, 0.4];
  const times = traceTimes(list, 15);
  let t = 0;
  assert.deepEqual(
    [...times],
    list.map((gap) => (t += gap)),
  );
  assert.deepEqual([...traceTimes([1, 2, 3], 3)], [1, 3], 'an event exactly at the end is kept');
  assert.deepEqual([...traceTimes([1, 2, 3, 0.5], 2.99)], [1]);
  assert.deepEqual([...traceTimes([0, 0, 2], 10)], [0, 0, 2], 'zero gaps give simultaneous events');
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { maxLength: 200 }),
      fc.double({ min: 0.001, max: 500, noNaN: true }),
      (gaps, d) => {
        const out = traceTimes(gaps, d);
        let sum = 0;
        for (const [i, g] of gaps.slice(0, out.length).entries()) {
          sum += g;
          assert.equal(out[i], sum);
        }
        if (out.length < gaps.length) assert.ok(sum + gaps[out.length]! > d, 'cut too early');
        for (const x of out) assert.ok(x <= d);
      },
    ),
  );
});

test('activity windows: null is the whole test; the end is clipped to the test', () => {
  assert.deepEqual(effectiveWindow(null, 15), [0, 15]);
  assert.deepEqual(effectiveWindow([5, 10], 15), [5, 10]);
  assert.deepEqual(effectiveWindow([5, 99], 15), [5, 15]);
  assert.deepEqual(effectiveWindow([20, 30], 15), [15, 15]);
});

test('instance streams are independent: the same seed and different names give different numbers', () => {
  const a = instanceRandom(100, 'instance1');
  const b = instanceRandom(100, 'instance2');
  const c = instanceRandom(100, 'instance1');
  const xs = [a(), a(), a()];
  assert.notDeepEqual(xs, [b(), b(), b()]);
  assert.deepEqual(xs, [c(), c(), c()]);
  for (const x of xs) assert.ok(x >= 0 && x < 1);
});
