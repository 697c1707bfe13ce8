import type { ChartConfiguration } from 'chart.js';
import { legendOptions, seriesColor, titleWithCount, TITLE_FONT } from './compare-style.js';
import { sortedCopy } from '../percentile.js';
import { cdfPoints } from './downsample.js';
import { latencyAxis, latencyAxisType } from './scale.js';

/** Latency CDF, one curve per test (exact quantiles: 500 steps plus the p99–p99.99 tail). */
export function latencyCdfChart(
  sortedLatencyByTest: ReadonlyMap<string, ArrayLike<number>>,
): ChartConfiguration<'scatter'> {
  const datasets = [...sortedLatencyByTest].map(([test, sorted], i) => ({
    label: test,
    data: cdfPoints(sorted),
    borderColor: seriesColor(i),
    backgroundColor: seriesColor(i),
    showLine: true,
    pointRadius: 0,
    borderWidth: 2,
  }));
  const all: number[] = [];
  for (const sorted of sortedLatencyByTest.values()) for (let i = 0; i < sorted.length; i++) all.push(sorted[i]!);
  return {
    type: 'scatter',
    data: { datasets },
    options: {
      plugins: {
        title: {
          display: true,
          text: titleWithCount('Latency CDF per test', datasets.length, 'tests'),
          font: TITLE_FONT,
        },
        legend: legendOptions(datasets.length),
      },
      scales: {
        x: latencyAxis(latencyAxisType(sortedCopy(all)), 'latency (ms)', { beginAtZero: false }),
        y: { type: 'linear', min: 0, max: 1, title: { display: true, text: 'fraction of activations' } },
      },
    },
  };
}
