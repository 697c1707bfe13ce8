import type { ChartConfiguration } from 'chart.js';
import type { PerfRow } from '../compare/types.js';
import { legendOptions, pointsPerSeries, seriesColor, titleWithCount, TITLE_FONT } from './compare-style.js';
import { sortedCopy } from '../percentile.js';
import { minMaxBins, type Point } from './downsample.js';
import { latencyAxis, latencyAxisType } from './scale.js';

/**
 * Latency against start time (seconds since each test's start), one colour per test. A dense test is reduced to each time bin's lowest and highest latency, so
 * spikes stay visible; the title says so.
 */
export function latencyScatterChart(
  perfByTest: ReadonlyMap<string, readonly PerfRow[]>,
  testStartMs: ReadonlyMap<string, number>,
): ChartConfiguration<'scatter'> {
  const budget = pointsPerSeries(perfByTest.size);
  let binned = false;
  const latencies: number[] = [];
  const datasets = [...perfByTest].map(([test, rows], i) => {
    const t0 = testStartMs.get(test) ?? Math.min(...rows.map((r) => r.start));
    const points: Point[] = rows.map((r) => ({ x: (r.start - t0) / 1000, y: r.latency })).sort((a, b) => a.x - b.x);
    for (const r of rows) latencies.push(r.latency);
    const shown = minMaxBins(points, budget);
    if (shown.length < points.length) binned = true;
    return {
      label: test,
      data: shown,
      backgroundColor: seriesColor(i),
      borderColor: seriesColor(i),
      pointRadius: 1.5,
    };
  });
  const title = binned
    ? `Latency by start time (dense tests: lowest and highest of ${Math.floor(budget / 2).toLocaleString('en')} time bins)`
    : 'Latency by start time';
  return {
    type: 'scatter',
    data: { datasets },
    options: {
      plugins: {
        title: { display: true, text: titleWithCount(title, datasets.length, 'tests'), font: TITLE_FONT },
        legend: legendOptions(datasets.length),
      },
      scales: {
        x: { type: 'linear', min: 0, title: { display: true, text: 'start time since the test start (s)' } },
        y: latencyAxis(latencyAxisType(sortedCopy(latencies)), 'latency (ms)'),
      },
    },
  };
}
