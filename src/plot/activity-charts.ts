/**
 * Per-second activity of a run (pure: table in, chart.js configuration out): activations
 * started and cold starts, per function, on the test's time axis (s since the test start).
 */
import type { ChartConfiguration } from 'chart.js';
import type { ActivationTable } from '../analysis/activation-table.js';
import type { Point } from './downsample.js';
import { colour } from './palette.js';

/** Counts of `rows` whose start falls in each whole second since t0 (x = second's start). */
export function perSecondCounts(
  start: ArrayLike<number>,
  rows: ArrayLike<number>,
  t0: number,
  keep: (i: number) => boolean = () => true,
): Point[] {
  const counts = new Map<number, number>();
  let last = 0;
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k]!;
    if (!keep(i)) continue;
    const s = Math.max(0, Math.floor((start[i]! - t0) / 1000));
    counts.set(s, (counts.get(s) ?? 0) + 1);
    if (s > last) last = s;
  }
  if (counts.size === 0) return [];
  // Seconds without activations are zeros, not gaps a line would bridge.
  return Array.from({ length: last + 1 }, (_, s) => ({ x: s, y: counts.get(s) ?? 0 }));
}

function activityChart(
  table: ActivationTable,
  t0: number,
  title: string,
  yLabel: string,
  keep: ((i: number) => boolean) | undefined,
  type: 'line' | 'bar',
): ChartConfiguration<'line' | 'bar', Point[]> {
  const groups = table.indicesByFunction();
  const datasets = table.functionNames.map((name, f) => ({
    label: name,
    data: perSecondCounts(table.start, groups[f]!, t0, keep),
    borderColor: colour(f),
    backgroundColor: colour(f, type === 'bar' ? 0.8 : 0.25),
    pointRadius: 0,
    borderWidth: type === 'bar' ? 0 : 1.5,
  }));
  return {
    type,
    data: { datasets },
    options: {
      plugins: {
        title: { display: true, text: title, font: { size: 18 } },
        legend: { display: true, position: 'top' },
      },
      scales: {
        x: {
          type: 'linear',
          min: 0,
          stacked: type === 'bar',
          title: { display: true, text: 'time since test start (s)' },
        },
        y: { type: 'linear', beginAtZero: true, stacked: type === 'bar', title: { display: true, text: yLabel } },
      },
    },
  };
}

/** Activations started per second, one line per function (the throughput each instance got). */
export function throughputChart(table: ActivationTable, testName: string, t0: number) {
  return activityChart(
    table,
    t0,
    `${testName}: activations started per second`,
    'activations/s',
    undefined,
    'line',
  ) as ChartConfiguration<'line', Point[]>;
}

/** Cold starts (initTime > 0) per second, stacked by function. */
export function coldStartsChart(table: ActivationTable, testName: string, t0: number) {
  return activityChart(
    table,
    t0,
    `${testName}: cold starts per second`,
    'cold starts/s',
    (i) => table.isCold(i),
    'bar',
  ) as ChartConfiguration<'bar', Point[]>;
}
