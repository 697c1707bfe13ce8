import type { ChartConfiguration } from 'chart.js';
import type { StatRow } from '../compare/types.js';
import { seriesColor, TITLE_FONT } from './compare-style.js';
import { latencyAxis, LOG_SPREAD, type AxisType } from './scale.js';

/**
 * Median latency per test and function as bars, with a whisker from p50 to p99: a thin floating
 * bar drawn over the wide one (plain chart.js, so the same configuration draws in a browser).
 * Bars of one test share a colour.
 */
export function latencyBarsChart(stats: readonly StatRow[]): ChartConfiguration<'bar'> {
  const rows = stats.filter((r) => r.latency_p50 !== null);
  const tests = [...new Set(rows.map((r) => r.test))];
  const colours = rows.map((r) => seriesColor(tests.indexOf(r.test)));
  const p50 = rows.map((r) => r.latency_p50!);
  const p99 = rows.map((r) => r.latency_p99 ?? r.latency_p50!);
  const lowest = Math.min(...p50);
  const yType: AxisType = lowest > 0 && Math.max(...p99) > LOG_SPREAD * lowest ? 'logarithmic' : 'linear';
  return {
    type: 'bar',
    data: {
      labels: rows.map((r) => (tests.length > 1 ? `${r.test} · ${r.func_name}` : r.func_name)),
      datasets: [
        { label: 'p50 latency', data: p50, backgroundColor: colours, grouped: false, barPercentage: 0.8 },
        {
          label: 'p50–p99 (whisker)',
          data: p50.map((v, i) => [v, p99[i]!] as [number, number]),
          backgroundColor: '#222222',
          grouped: false,
          barPercentage: 0.03,
        },
      ],
    },
    options: {
      plugins: {
        title: { display: true, text: 'Latency per test and function: p50 bar, whisker to p99', font: TITLE_FONT },
        legend: { display: true, position: 'bottom' },
      },
      scales: {
        x: { type: 'category', ticks: { autoSkip: false, maxRotation: 60 } },
        y: latencyAxis(yType, 'latency (ms)'),
      },
    },
  };
}
