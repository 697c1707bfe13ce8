import type { ChartConfiguration } from 'chart.js';
import type { TraceFunctionRow } from '../analysis/trace-functions.js';
import { colour } from './palette.js';

/**
 * Cold-start share against invocation frequency, one point per sampled trace function: the
 * figure trace studies draw first (rarely invoked functions start cold far more often). x is
 * invocations per trace minute on a log scale; functions without a known span are left out.
 */
export function coldShareChart(rows: readonly TraceFunctionRow[], testName: string): ChartConfiguration<'scatter'> {
  const data = rows.flatMap((r) =>
    r.per_minute === null || r.per_minute <= 0 ? [] : [{ x: r.per_minute, y: 100 * r.cold_share }],
  );
  return {
    type: 'scatter',
    data: {
      datasets: [{ label: 'trace function', data, backgroundColor: colour(0), borderColor: colour(0), pointRadius: 4 }],
    },
    options: {
      plugins: {
        title: { display: true, text: `${testName}: cold-start share by invocation frequency`, font: { size: 18 } },
        legend: { display: false },
      },
      scales: {
        x: { type: 'logarithmic', title: { display: true, text: 'invocations per trace minute (log)' } },
        y: { min: 0, max: 100, title: { display: true, text: 'cold starts (% of invocations)' } },
      },
    },
  };
}
