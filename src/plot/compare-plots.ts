import type { ChartConfiguration } from 'chart.js';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { sortedLatencies } from '../compare/summary.js';
import type { Comparison, PerfRow } from '../compare/types.js';
import { latencyBarsChart } from './compare-bars.js';
import { latencyCdfChart } from './compare-cdf.js';
import { latencyScatterChart } from './compare-latency.js';
import { throughputByRateChart } from './compare-throughput.js';
import { writeChartPng } from './render.js';

/** One chart of a report: a file-safe name and its chart.js configuration. */
export interface NamedChart {
  readonly name: string;
  readonly config: ChartConfiguration;
}

/** The default comparison charts (pure), drawn as PNG by -p and in the HTML report. */
export function comparisonCharts(cmp: Comparison): NamedChart[] {
  const perfByTest = new Map<string, PerfRow[]>(cmp.runs.map((r) => [r.test, []]));
  for (const row of cmp.perf) perfByTest.get(row.test)?.push(row);
  const startByTest = new Map(cmp.runs.map((r) => [r.test, r.archive.since_ms]));
  return [
    { name: 'latency_p50_p99', config: latencyBarsChart(cmp.stats) as ChartConfiguration },
    { name: 'latency_vs_start', config: latencyScatterChart(perfByTest, startByTest) },
    {
      name: 'latency_cdf',
      config: latencyCdfChart(new Map(cmp.runs.map((r) => [r.test, sortedLatencies(r.archive.activations)]))),
    },
    { name: 'throughput_vs_rate', config: throughputByRateChart(cmp.tests, 'throughput') },
    { name: 'relative_throughput_vs_rate', config: throughputByRateChart(cmp.tests, 'rel_throughput') },
  ];
}

/** The default comparison charts, written as PNG into `dir` (created); returns the paths. */
export async function writeComparisonPlots(cmp: Comparison, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const { name, config } of comparisonCharts(cmp)) {
    const path = join(dir, `${name}.png`);
    await writeChartPng(path, config);
    paths.push(path);
  }
  return paths;
}
