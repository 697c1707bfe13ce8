import type { ChartConfiguration } from 'chart.js';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ActivationTable } from '../analysis/activation-table.js';
import type { TraceFunctionRow } from '../analysis/trace-functions.js';
import type { MonitorSeries } from '../monitor/types.js';
import { coldStartsChart, throughputChart } from './activity-charts.js';
import { coldWarmChart, counterChart, latencyCdfChart, timelineChart } from './analyzer-charts.js';
import type { NamedChart } from './compare-plots.js';
import { writeChartPng } from './render.js';
import { coldShareChart } from './trace-charts.js';

export interface AnalyzerPlotOptions {
  readonly table: ActivationTable;
  readonly testName: string;
  /** Epoch ms of the test start (x = 0). */
  readonly t0: number;
  readonly plotsDir: string;
  /** Also save the main figure (latency over time) as this file (`-s`: `results.png` in the cwd). */
  readonly resultsPng: string | null;
  /** A monitored counter to draw beside latency (`--counter NAME`). */
  readonly counter: MonitorSeries | null;
  /** Trace replay: the per-function rows, for the cold-start share plot (none when empty). */
  readonly traceFunctions?: readonly TraceFunctionRow[];
}

/** Safe in file names on every OS. */
export function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/**
 * The analyzer's charts of one run (pure), latency over time first; one chart per monitored
 * counter in `counters`. Drawn as PNG by -p and in the HTML report.
 */
export function analyzerCharts(
  table: ActivationTable,
  testName: string,
  t0: number,
  counters: readonly MonitorSeries[],
): NamedChart[] {
  const c = (config: unknown) => config as ChartConfiguration;
  return [
    { name: 'latency', config: c(timelineChart(table, 'latency', testName, t0)) },
    { name: 'latency_cdf', config: c(latencyCdfChart(table, testName)) },
    { name: 'cold_warm', config: c(coldWarmChart(table, testName)) },
    { name: 'throughput', config: c(throughputChart(table, testName, t0)) },
    { name: 'cold_starts', config: c(coldStartsChart(table, testName, t0)) },
    ...(['duration', 'initTime', 'waitTime'] as const).map((m) => ({
      name: m,
      config: c(timelineChart(table, m, testName, t0)),
    })),
    ...counters.map((s, i) => ({
      name: `counter_${slug(s.metric)}${counters.length > 1 ? `_${i + 1}` : ''}`,
      config: c(counterChart(table, s, testName, t0)),
    })),
  ];
}

/** Renders the analyzer's PNGs with no display; returns the files written. */
export async function writeAnalyzerPlots(o: AnalyzerPlotOptions): Promise<string[]> {
  await mkdir(o.plotsDir, { recursive: true });
  const name = slug(o.testName);
  const written: string[] = [];
  const charts = analyzerCharts(o.table, o.testName, o.t0, o.counter ? [o.counter] : []);
  for (const chart of charts) {
    const file = join(o.plotsDir, `${name}_${chart.name}.png`);
    await writeChartPng(file, chart.config);
    written.push(file);
  }
  if (o.resultsPng) {
    await writeChartPng(o.resultsPng, charts[0]!.config);
    written.push(o.resultsPng);
  }
  if (o.traceFunctions !== undefined && o.traceFunctions.length > 0) {
    const file = join(o.plotsDir, `${name}_cold_share.png`);
    await writeChartPng(file, coldShareChart(o.traceFunctions, o.testName) as ChartConfiguration);
    written.push(file);
  }
  return written;
}
