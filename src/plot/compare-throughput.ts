import type { ChartConfiguration } from 'chart.js';
import type { TestSummary } from '../compare/types.js';
import { legendOptions, seriesColor, titleWithCount, TITLE_FONT } from './compare-style.js';

type Measure = 'throughput' | 'rel_throughput';

const LABELS: Record<Measure, { title: string; y: string }> = {
  throughput: { title: 'Throughput by configured rate, per test category', y: 'throughput (activations/s)' },
  rel_throughput: {
    title: 'Relative throughput (throughput / rate) by configured rate, per test category',
    y: 'throughput / rate',
  },
};

/**
 * One line per test category through its tests' (rate, measure) points, sorted by rate. Tests
 * without a known rate or throughput are left out.
 */
export function throughputByRateChart(tests: readonly TestSummary[], measure: Measure): ChartConfiguration<'scatter'> {
  const byCategory = new Map<string, { x: number; y: number }[]>();
  for (const t of tests) {
    const y = t[measure];
    if (t.rate === null || y === null) continue;
    const pts = byCategory.get(t.category) ?? [];
    pts.push({ x: t.rate, y });
    byCategory.set(t.category, pts);
  }
  const datasets = [...byCategory].map(([category, pts], i) => ({
    label: category,
    data: pts.sort((a, b) => a.x - b.x),
    borderColor: seriesColor(i),
    backgroundColor: seriesColor(i),
    showLine: true,
    pointRadius: 4,
    borderWidth: 2,
  }));
  return {
    type: 'scatter',
    data: { datasets },
    options: {
      plugins: {
        title: {
          display: true,
          text: titleWithCount(LABELS[measure].title, datasets.length, 'categories'),
          font: TITLE_FONT,
        },
        legend: legendOptions(datasets.length),
      },
      scales: {
        x: { type: 'linear', beginAtZero: true, title: { display: true, text: 'configured rate (invocations/s)' } },
        y: { type: 'linear', beginAtZero: true, title: { display: true, text: LABELS[measure].y } },
      },
    },
  };
}
