import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { capacityFactor, mean, metricStats, quantileSorted, sampleStd, sortedCopy } from '../../src/analysis/index.js';

const close = (a: number | null, b: number, eps = 1e-9) => {
  assert.ok(a !== null && Math.abs(a - b) <= eps, `expected ${b}, got ${a}`);
};

test('mean and sample standard deviation (n - 1) match hand-computed values', () => {
  const xs = [2, 4, 4, 4, 5, 5, 7, 9];
  assert.equal(mean(xs), 5);
  // squared deviations sum to 32; 32 / 7 under the root
  close(sampleStd(xs), Math.sqrt(32 / 7));
});

test('std is null below two values and every statistic is null for an empty sample', () => {
  const one = metricStats([7]);
  assert.deepEqual([one.count, one.mean, one.std, one.p50, one.p999, one.max], [1, 7, null, 7, 7, 7]);
  const none = metricStats([]);
  assert.deepEqual(none, {
    count: 0,
    mean: null,
    std: null,
    p50: null,
    p90: null,
    p95: null,
    p99: null,
    p999: null,
    max: null,
  });
});

test('percentiles interpolate linearly between closest ranks (numpy/pandas default)', () => {
  const xs = sortedCopy([4, 1, 3, 2]);
  close(quantileSorted(xs, 0.5), 2.5); // h = 1.5
  close(quantileSorted(xs, 0.9), 3.7); // h = 2.7
  close(quantileSorted(xs, 0.1), 1.3); // h = 0.3
  const thousand = sortedCopy(Array.from({ length: 1000 }, (_, i) => 999 - i));
  close(quantileSorted(thousand, 0.999), 998.001); // h = 998.001
  close(quantileSorted(thousand, 0.95), 949.05);
  const s = metricStats([10, 20, 30, 40, 50]);
  close(s.p90, 46); // h = 3.6 → 40 + 0.6·10
  close(s.p99, 49.6);
  assert.equal(s.max, 50);
});

test('capacity factor is p90 − p10 of latency', () => {
  close(capacityFactor(sortedCopy([1, 2, 3, 4])), 2.4);
  assert.equal(capacityFactor(new Float64Array(0)), null);
  assert.equal(capacityFactor(sortedCopy([5])), 0);
});

test('quantiles stay within [min, max], grow with q, and hit the extremes at 0 and 1', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (arr, q1, q2) => {
        const xs = sortedCopy(arr);
        const [lo, hi] = q1 <= q2 ? [q1, q2] : [q2, q1];
        const a = quantileSorted(xs, lo)!;
        const b = quantileSorted(xs, hi)!;
        const eps = 1e-12 * Math.max(1, ...arr.map(Math.abs)); // rounding of a + f·(b − a)
        assert.ok(a <= b + eps);
        assert.ok(a >= xs[0]! - eps && b <= xs[xs.length - 1]! + eps);
        assert.equal(quantileSorted(xs, 0), xs[0]);
        assert.equal(quantileSorted(xs, 1), xs[xs.length - 1]);
      },
    ),
  );
});

test('metricStats leaves its input untouched', () => {
  const input = [3, 1, 2];
  metricStats(input);
  assert.deepEqual(input, [3, 1, 2]);
});
