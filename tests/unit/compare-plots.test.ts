import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cdfPoints, latencyCdfChart } from '../../src/plot/compare-cdf.js';
import { latencyScatterChart } from '../../src/plot/compare-latency.js';
import { everyKth, pointsPerSeries } from '../../src/plot/compare-style.js';
import { throughputByRateChart } from '../../src/plot/compare-throughput.js';
import { renderChartPng } from '../../src/plot/render.js';
import type { PerfRow, TestSummary } from '../../src/compare/types.js';

test('cdfPoints runs from the minimum at 0 to the maximum at 1, never decreasing (property)', () => {
  fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 3000 }), (values) => {
    const sorted = Float64Array.from(values).sort();
    const pts = cdfPoints(sorted);
    assert.equal(pts.length, Math.min(values.length, 500));
    assert.equal(pts[0]!.x, sorted[0]);
    assert.equal(pts[pts.length - 1]!.x, sorted[sorted.length - 1]);
    assert.equal(pts[pts.length - 1]!.y, 1);
    for (let i = 1; i < pts.length; i++) {
      assert.ok(pts[i]!.x >= pts[i - 1]!.x);
      assert.ok(pts[i]!.y > pts[i - 1]!.y);
    }
  }));
  assert.deepEqual(cdfPoints(new Float64Array(0)), []);
});

test('everyKth keeps order, the first item, and at most max items', () => {
  fc.assert(fc.property(fc.array(fc.nat(), { maxLength: 500 }), fc.integer({ min: 1, max: 100 }), (items, max) => {
    const { items: kept, k } = everyKth(items, max);
    assert.ok(kept.length <= max);
    if (items.length > 0) assert.equal(kept[0], items[0]);
    kept.forEach((v, i) => assert.equal(v, items[i * k]));
  }));
  assert.ok(pointsPerSeries(1) >= pointsPerSeries(100));
  assert.ok(pointsPerSeries(10_000) >= 1);
});

function summary(test: string, category: string, rate: number | null, throughput: number | null): TestSummary {
  return {
    test, category, test_name: test, file: `${test}.json`, created_ms: 0, since_ms: 0, distribution: null, rate, count: 10, errors: 0,
    throughput, rel_throughput: rate !== null && throughput !== null ? throughput / rate : null,
    latency_mean: 1, latency_p50: 1, latency_p90: 1, latency_p99: 1, latency_max: 1, cold_share: 0,
  };
}

test('throughput charts draw one line per category through its tests sorted by rate, skipping unknown rates', () => {
  const tests = [summary('a_50ps', 'a', 50, 45), summary('b_10ps', 'b', 10, 10), summary('a_10ps', 'a', 10, 10), summary('a_trace', 'a', null, 3), summary('b_20ps', 'b', 20, null)];
  const abs = throughputByRateChart(tests, 'throughput');
  assert.deepEqual(abs.data.datasets.map((d) => [d.label, d.data]), [['a', [{ x: 10, y: 10 }, { x: 50, y: 45 }]], ['b', [{ x: 10, y: 10 }]]]);
  const rel = throughputByRateChart(tests, 'rel_throughput');
  assert.deepEqual(rel.data.datasets[0]!.data, [{ x: 10, y: 1 }, { x: 50, y: 0.9 }]);
});

test('the latency scatter thins dense tests and says so in the legend; charts render to PNG', () => {
  const row = (test: string, i: number): PerfRow => ({
    test, category: test, func_name: 'f', distribution: null, rate: null, activationId: `${i}`, start: i, end: i + 1, start_rel_s: i / 1000,
    duration: 1, waitTime: 0, initTime: 0, latency: 1 + (i % 5), execution: 1, cold: false, statusCode: 0, kind: 'k',
  });
  const dense = Array.from({ length: 250_000 }, (_, i) => row('dense', i));
  const sparse = Array.from({ length: 10 }, (_, i) => row('sparse', i));
  const chart = latencyScatterChart(new Map([['dense', dense], ['sparse', sparse]]));
  const [d, s] = chart.data.datasets;
  assert.match(String(d!.label), /^dense \(1 in \d+ shown\)$/);
  assert.ok(d!.data.length <= pointsPerSeries(2));
  assert.equal(s!.label, 'sparse');
  assert.equal(s!.data.length, 10);
  const png = renderChartPng(latencyCdfChart(new Map([['sparse', Float64Array.from([1, 2, 3])]])), { width: 300, height: 200 });
  assert.ok(png.subarray(1, 4).toString() === 'PNG');
});
