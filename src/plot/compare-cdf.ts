import type { ChartConfiguration } from 'chart.js';
import { quantileSorted } from '../analysis/index.js';
import { legendOptions, seriesColor, titleWithCount, TITLE_FONT } from './compare-style.js';

/** Points per CDF curve: smooth at print size, independent of the number of activations. */
const CDF_POINTS = 500;

/** CDF as (latency, fraction) points at evenly spaced quantiles of ascending `sorted`. */
export function cdfPoints(sorted: ArrayLike<number>, points = CDF_POINTS): { x: number; y: number }[] {
  const n = sorted.length;
  if (n === 0) return [];
  const steps = Math.min(n, points);
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i < steps; i++) {
    const q = steps === 1 ? 1 : i / (steps - 1);
    out.push({ x: quantileSorted(sorted, q)!, y: q });
  }
  return out;
}

/** Latency CDF, one curve per test. */
export function latencyCdfChart(sortedLatencyByTest: ReadonlyMap<string, ArrayLike<number>>): ChartConfiguration<'scatter'> {
  const datasets = [...sortedLatencyByTest].map(([test, sorted], i) => ({
    label: test,
    data: cdfPoints(sorted),
    borderColor: seriesColor(i),
    backgroundColor: seriesColor(i),
    showLine: true,
    pointRadius: 0,
    borderWidth: 2,
  }));
  return {
    type: 'scatter',
    data: { datasets },
    options: {
      plugins: { title: { display: true, text: titleWithCount('Latency CDF per test', datasets.length, 'tests'), font: TITLE_FONT }, legend: legendOptions(datasets.length) },
      scales: {
        x: { type: 'linear', beginAtZero: true, title: { display: true, text: 'latency (ms)' } },
        y: { type: 'linear', min: 0, max: 1, title: { display: true, text: 'fraction of activations' } },
      },
    },
  };
}
