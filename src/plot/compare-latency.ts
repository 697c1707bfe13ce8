import type { ChartConfiguration } from 'chart.js';
import type { PerfRow } from '../compare/types.js';
import { everyKth, legendOptions, pointsPerSeries, seriesColor, titleWithCount, TITLE_FONT } from './compare-style.js';

/**
 * Latency against start time (seconds from the first start of the test and application), one
 * colour per test. Dense tests are thinned to every k-th activation (the legend says "1 in k shown").
 */
export function latencyScatterChart(perfByTest: ReadonlyMap<string, readonly PerfRow[]>): ChartConfiguration<'scatter'> {
  const budget = pointsPerSeries(perfByTest.size);
  const datasets = [...perfByTest].map(([test, rows], i) => {
    const { items, k } = everyKth(rows, budget);
    return {
      label: k > 1 ? `${test} (1 in ${k} shown)` : test,
      data: items.map((r) => ({ x: r.start_rel_s, y: r.latency })),
      backgroundColor: seriesColor(i),
      borderColor: seriesColor(i),
      pointRadius: 1.5,
    };
  });
  return {
    type: 'scatter',
    data: { datasets },
    options: {
      plugins: { title: { display: true, text: titleWithCount('Latency by start time', datasets.length, 'tests'), font: TITLE_FONT }, legend: legendOptions(datasets.length) },
      scales: {
        x: { type: 'linear', title: { display: true, text: 'start time (s, relative per test and function)' } },
        y: { type: 'linear', beginAtZero: true, title: { display: true, text: 'latency (ms)' } },
      },
    },
  };
}
