/**
 * The workload analyzer's charts as chart.js configurations (pure: data in, configuration out).
 * Times on x are seconds since the test start, values in ms.
 */
import type { ChartConfiguration, ChartDataset } from 'chart.js';
import { metricValues, type ActivationTable, type Metric } from '../analysis/activation-table.js';
import { splitWarmCold } from '../analysis/performance-summary.js';
import type { MonitorSeries } from '../monitor/types.js';
import { cdfPoints, minMaxBins, type Point } from './downsample.js';
import { colour } from './palette.js';
import { latencyAxis, latencyAxisType } from './scale.js';

/** Points drawn per chart at most; more are binned (min and max per time bin are kept). */
export const MAX_POINTS_PER_CHART = 50_000;

const METRIC_LABEL: Readonly<Record<Metric, string>> = {
  latency: 'latency = duration + waitTime',
  duration: 'duration',
  initTime: 'initTime',
  waitTime: 'waitTime',
  execution: 'execution = duration − initTime',
};

function title(text: string, subtitle?: string) {
  return {
    title: { display: true, text, font: { size: 18 } },
    ...(subtitle ? { subtitle: { display: true, text: subtitle, font: { size: 13 } } } : {}),
    legend: { display: true, position: 'top' as const },
  };
}

function axis(text: string, extra: Record<string, unknown> = {}) {
  return { type: 'linear' as const, title: { display: true, text, font: { size: 14 } }, ...extra };
}

/** Per-function series of `metric` against start time, sorted by time and binned to the budget. */
function timeSeries(
  table: ActivationTable,
  metric: Metric,
  t0: number,
): { name: string; points: Point[]; total: number }[] {
  const groups = table.indicesByFunction();
  const budget = Math.max(2, Math.floor(MAX_POINTS_PER_CHART / Math.max(1, groups.length)));
  return table.functionNames.map((name, f) => {
    const rows = groups[f]!;
    const ys = metricValues(table, metric, rows);
    const points: Point[] = Array.from(rows, (i, k) => ({ x: (table.start[i]! - t0) / 1000, y: ys[k]! }));
    points.sort((a, b) => a.x - b.x);
    return { name, points: minMaxBins(points, budget), total: rows.length };
  });
}

function binnedNote(series: { points: Point[]; total: number }[]): string | undefined {
  const drawn = series.reduce((s, x) => s + x.points.length, 0);
  const total = series.reduce((s, x) => s + x.total, 0);
  return drawn < total
    ? `${drawn.toLocaleString('en')} of ${total.toLocaleString('en')} activations drawn (lowest and highest per time bin)`
    : undefined;
}

/** `metric` of every activation against its start time, one colour per function. */
export function timelineChart(
  table: ActivationTable,
  metric: Metric,
  testName: string,
  t0: number,
): ChartConfiguration<'scatter'> {
  const series = timeSeries(table, metric, t0);
  const yType = latencyAxisType(sortedMetric(table, metric));
  return {
    type: 'scatter',
    data: {
      datasets: series.map((s, i) => ({
        label: `${s.name} (${s.total.toLocaleString('en')})`,
        data: s.points,
        backgroundColor: colour(i, 0.55),
        borderColor: colour(i, 0.55),
        pointRadius: 2,
        normalized: true,
      })),
    },
    options: {
      plugins: title(`${testName}: ${METRIC_LABEL[metric]} over the test`, binnedNote(series)),
      scales: { x: axis('start time since test start (s)', { min: 0 }), y: latencyAxis(yType, `${metric} (ms)`) },
    },
  };
}

function cdfDataset(label: string, sorted: Float64Array, i: number): ChartDataset<'line', Point[]> {
  return {
    label,
    data: cdfPoints(sorted),
    borderColor: colour(i),
    backgroundColor: colour(i),
    pointRadius: 0,
    borderWidth: 2,
    stepped: 'before',
  };
}

function sortedMetric(table: ActivationTable, metric: Metric, rows?: ArrayLike<number>): Float64Array {
  const v = metricValues(table, metric, rows);
  v.sort();
  return v;
}

/** Latency CDF of every function and of all activations together. */
export function latencyCdfChart(table: ActivationTable, testName: string): ChartConfiguration<'line', Point[]> {
  const groups = table.indicesByFunction();
  const datasets = table.functionNames.map((name, f) =>
    cdfDataset(`${name} (${groups[f]!.length.toLocaleString('en')})`, sortedMetric(table, 'latency', groups[f]!), f),
  );
  const all = sortedMetric(table, 'latency');
  if (groups.length > 1)
    datasets.push({
      ...cdfDataset(`all (${table.size.toLocaleString('en')})`, all, groups.length),
      borderDash: [6, 4],
    });
  return {
    type: 'line',
    data: { datasets },
    options: {
      plugins: title(
        `${testName}: latency distribution (CDF)`,
        'from the exact quantiles of every activation (up to 500 steps plus the p99–p99.99 tail)',
      ),
      scales: {
        x: latencyAxis(latencyAxisType(all), 'latency (ms)', { beginAtZero: false }),
        y: axis('fraction of activations ≤ latency', { min: 0, max: 1 }),
      },
    },
  };
}

/** Latency CDF of warm (initTime = 0) against cold activations. */
export function coldWarmChart(table: ActivationTable, testName: string): ChartConfiguration<'line', Point[]> {
  const { warm, cold } = splitWarmCold(table);
  const datasets = [cdfDataset(`warm (${warm.length.toLocaleString('en')})`, sortedMetric(table, 'latency', warm), 0)];
  if (cold.length > 0)
    datasets.push(cdfDataset(`cold (${cold.length.toLocaleString('en')})`, sortedMetric(table, 'latency', cold), 1));
  return {
    type: 'line',
    data: { datasets },
    options: {
      plugins: title(`${testName}: cold vs warm starts, latency CDF`),
      scales: {
        x: latencyAxis(latencyAxisType(sortedMetric(table, 'latency')), 'latency (ms)', { beginAtZero: false }),
        y: axis('fraction of activations ≤ latency', { min: 0, max: 1 }),
      },
    },
  };
}

/** Series of one monitored counter, on the test's time axis (s since test start). */
export function counterPoints(series: MonitorSeries, t0: number): Point[] {
  const shift = series.origin_ms === null ? 0 : (series.origin_ms - t0) / 1000;
  const pts: Point[] = [];
  for (const p of series.points) if (p.value !== null) pts.push({ x: p.t + shift, y: p.value });
  return minMaxBins(
    pts.sort((a, b) => a.x - b.x),
    MAX_POINTS_PER_CHART / 2,
  );
}

/** Latency (left axis) and a monitored counter (right axis) over the same test time. */
export function counterChart(
  table: ActivationTable,
  series: MonitorSeries,
  testName: string,
  t0: number,
): ChartConfiguration<'scatter'> {
  const latency = timeSeries(table, 'latency', t0);
  const yType = latencyAxisType(sortedMetric(table, 'latency'));
  const unit = series.unit ? ` (${series.unit})` : '';
  return {
    type: 'scatter',
    data: {
      datasets: [
        ...latency.map((s, i) => ({
          label: `${s.name} latency`,
          data: s.points,
          backgroundColor: colour(i, 0.45),
          borderColor: colour(i, 0.45),
          pointRadius: 2,
          yAxisID: 'y',
          normalized: true,
        })),
        {
          label: `${series.metric}${unit} [${series.source}@${series.host}]`,
          data: counterPoints(series, t0),
          yAxisID: 'y1',
          showLine: true,
          borderColor: colour(latency.length + 1),
          backgroundColor: colour(latency.length + 1),
          pointRadius: 0,
          borderWidth: 2,
        },
      ],
    },
    options: {
      plugins: title(
        `${testName}: latency and ${series.metric} over the test`,
        series.origin_ms === null ? 'counter time assumed to start with the test' : undefined,
      ),
      scales: {
        x: axis('time since test start (s)', { min: 0 }),
        y: latencyAxis(yType, 'latency (ms)', { position: 'left' }),
        y1: axis(`${series.metric}${unit}`, { position: 'right', grid: { drawOnChartArea: false } }),
      },
    },
  };
}
