import type { ChartConfiguration } from 'chart.js';
import type { PerfRow } from '../compare/types.js';
import { legendOptions, pointsPerSeries, seriesColor, titleWithCount, TITLE_FONT } from './compare-style.js';
import { minMaxBins, type Point } from './downsample.js';

/**
 * Latency against start time (seconds from the first start of the test and function), one
 * colour per test. A dense test is reduced to each time bin's lowest and highest latency, so
 * spikes stay visible; the title says so.
 */
export function latencyScatterChart(
  perfByTest: ReadonlyMap<string, readonly PerfRow[]>,
): ChartConfiguration<'scatter'> {
  const budget = pointsPerSeries(perfByTest.size);
  let binned = false;
  const datasets = [...perfByTest].map(([test, rows], i) => {
    // Sorted by start within a test; relative starts of several functions interleave.
    const points: Point[] = rows.map((r) => ({ x: r.start_rel_s, y: r.latency })).sort((a, b) => a.x - b.x);
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
        x: { type: 'linear', title: { display: true, text: 'start time (s, relative per test and function)' } },
        y: { type: 'linear', beginAtZero: true, title: { display: true, text: 'latency (ms)' } },
      },
    },
  };
}
