import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { latencyCdfChart } from '../../src/plot/compare-cdf.js';
import { latencyScatterChart } from '../../src/plot/compare-latency.js';
import { pointsPerSeries } from '../../src/plot/compare-style.js';
import { throughputByRateChart } from '../../src/plot/compare-throughput.js';
import { renderChartPng } from '../../src/plot/render.js';
import type { PerfRow, TestSummary } from '../../src/compare/types.js';

test('the comparison CDF chart has one exact curve per test, ending at the maximum with fraction 1', () => {
  const chart = latencyCdfChart(
    new Map([
      ['a', Float64Array.from([1, 2, 3, 4])],
      ['b', Float64Array.from({ length: 10_000 }, (_, i) => i)],
    ]),
  );
  assert.deepEqual(
    chart.data.datasets.map((d) => d.label),
    ['a', 'b'],
  );
  for (const d of chart.data.datasets) {
    const pts = d.data as { x: number; y: number }[];
    assert.equal(pts[pts.length - 1]!.y, 1);
    for (let i = 1; i < pts.length; i++) assert.ok(pts[i]!.x >= pts[i - 1]!.x && pts[i]!.y > pts[i - 1]!.y);
  }
  assert.equal((chart.data.datasets[1]!.data as { x: number }[]).at(-1)!.x, 9999);
});

test('the per-series point budget shrinks with more series but never below a floor', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 10_000 }), (a, b) => {
      if (a <= b) assert.ok(pointsPerSeries(a) >= pointsPerSeries(b));
      assert.ok(pointsPerSeries(a) >= 2000);
    }),
  );
});

function summary(test: string, category: string, rate: number | null, throughput: number | null): TestSummary {
  return {
    test,
    category,
    test_name: test,
    file: `${test}.json`,
    created_ms: 0,
    since_ms: 0,
    distribution: null,
    rate,
    count: 10,
    errors: 0,
    throughput,
    rel_throughput: rate !== null && throughput !== null ? throughput / rate : null,
    latency_mean: 1,
    latency_p50: 1,
    latency_p90: 1,
    latency_p99: 1,
    latency_max: 1,
    cold_share: 0,
    scheduled: null,
    failed: null,
    missing: null,
    client_latency_p99: null,
    corrected_latency_p99: null,
  };
}

test('throughput charts draw one line per category through its tests sorted by rate, skipping unknown rates', () => {
  const tests = [
    summary('a_50ps', 'a', 50, 45),
    summary('b_10ps', 'b', 10, 10),
    summary('a_10ps', 'a', 10, 10),
    summary('a_trace', 'a', null, 3),
    summary('b_20ps', 'b', 20, null),
  ];
  const abs = throughputByRateChart(tests, 'throughput');
  assert.deepEqual(
    abs.data.datasets.map((d) => [d.label, d.data]),
    [
      [
        'a',
        [
          { x: 10, y: 10 },
          { x: 50, y: 45 },
        ],
      ],
      ['b', [{ x: 10, y: 10 }]],
    ],
  );
  const rel = throughputByRateChart(tests, 'rel_throughput');
  assert.deepEqual(rel.data.datasets[0]!.data, [
    { x: 10, y: 1 },
    { x: 50, y: 0.9 },
  ]);
});

test('the latency scatter bins dense tests keeping spikes, says so in the title; charts render to PNG', () => {
  const row = (test: string, i: number): PerfRow => ({
    test,
    category: test,
    func_name: 'f',
    distribution: null,
    rate: null,
    activationId: `${i}`,
    start: i,
    end: i + 1,
    start_rel_s: i / 1000,
    duration: 1,
    waitTime: 0,
    initTime: 0,
    latency: 1 + (i % 5),
    execution: 1,
    cold: false,
    statusCode: 0,
    kind: 'k',
  });
  const dense = Array.from({ length: 250_000 }, (_, i) => row('dense', i));
  dense[123_457] = { ...dense[123_457]!, latency: 5000 }; // one spike among a quarter million
  const sparse = Array.from({ length: 10 }, (_, i) => row('sparse', i));
  const chart = latencyScatterChart(
    new Map([
      ['dense', dense],
      ['sparse', sparse],
    ]),
    new Map([
      ['dense', 0],
      ['sparse', 0],
    ]),
  );
  const [d, s] = chart.data.datasets;
  assert.equal(d!.label, 'dense');
  assert.match(String(chart.options!.plugins!.title!.text), /dense tests: lowest and highest of [\d,]+ time bins/);
  assert.ok(d!.data.length <= pointsPerSeries(2));
  assert.ok(
    (d!.data as { y: number }[]).some((p) => p.y === 5000),
    'the spike survives',
  );
  assert.equal(s!.label, 'sparse');
  assert.equal(s!.data.length, 10);
  const png = renderChartPng(latencyCdfChart(new Map([['sparse', Float64Array.from([1, 2, 3])]])), {
    width: 300,
    height: 200,
  });
  assert.ok(png.subarray(1, 4).toString() === 'PNG');
});
