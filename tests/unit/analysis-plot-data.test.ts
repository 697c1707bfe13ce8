import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cdfPoints, minMaxBins } from '../../src/plot/downsample.js';
import { sortedCopy } from '../../src/analysis/index.js';

test("binning keeps each bin's extremes, in time order, within budget", () => {
  const points = Array.from({ length: 10_000 }, (_, i) => ({ x: i, y: i === 4321 ? 1e6 : i % 7 }));
  const out = minMaxBins(points, 100);
  assert.ok(out.length <= 100);
  assert.ok(
    out.some((p) => p.y === 1e6),
    'the spike survives',
  );
  for (let i = 1; i < out.length; i++) assert.ok(out[i]!.x >= out[i - 1]!.x);
  assert.deepEqual(minMaxBins(points.slice(0, 50), 100), points.slice(0, 50));
});

test('binned series never exceed the budget and keep the global min and max', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 2000 }),
      fc.integer({ min: 2, max: 300 }),
      (ys, budget) => {
        const pts = ys.map((y, x) => ({ x, y }));
        const out = minMaxBins(pts, budget);
        assert.ok(out.length <= Math.max(budget, 2) || out.length === pts.length);
        assert.equal(Math.max(...out.map((p) => p.y)), Math.max(...ys));
        assert.equal(Math.min(...out.map((p) => p.y)), Math.min(...ys));
      },
    ),
  );
});

test('CDF points are exact order statistics, ending at 1, with the tail kept', () => {
  const sorted = sortedCopy(Array.from({ length: 100_000 }, (_, i) => i));
  const cdf = cdfPoints(sorted, 100);
  assert.equal(cdf[cdf.length - 1]!.y, 1);
  assert.equal(cdf[cdf.length - 1]!.x, 99_999);
  assert.ok(cdf.some((p) => p.x === Math.round(0.999 * 99_999)));
  for (const p of cdf) assert.equal(p.y, (p.x + 1) / 100_000);
  assert.deepEqual(cdfPoints(sortedCopy([3, 1, 2])), [
    { x: 1, y: 1 / 3 },
    { x: 2, y: 2 / 3 },
    { x: 3, y: 1 },
  ]);
});
