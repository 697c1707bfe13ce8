import type { ChartConfiguration } from 'chart.js';
import type { PerfRow } from '../compare/types.js';
import { everyKth, MAX_POINTS_PER_SERIES, seriesColor, TITLE_FONT } from './compare-style.js';

/**
 * Latency against start time (seconds from the first start of the test and application), one
 * colour per test. Dense tests are thinned to every k-th activation, said in the legend.
 */
export function latencyScatterChart(perfByTest: ReadonlyMap<string, readonly PerfRow[]>): ChartConfiguration<'scatter'> {
  const datasets = [...perfByTest].map(([test, rows], i) => {
    const { items, k } = everyKth(rows, MAX_POINTS_PER_SERIES);
    return {
      label: k > 1 ? `${test} (every ${k}th point)` : test,
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
      plugins: { title: { display: true, text: 'Latency by start time', font: TITLE_FONT }, legend: { position: 'bottom' } },
      scales: {
        x: { type: 'linear', title: { display: true, text: 'start time (s, relative per test and function)' } },
        y: { type: 'linear', beginAtZero: true, title: { display: true, text: 'latency (ms)' } },
      },
    },
  };
}
