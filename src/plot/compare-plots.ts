import type { ChartConfiguration } from 'chart.js';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { sortedLatencies } from '../compare/summary.js';
import type { Comparison, PerfRow } from '../compare/types.js';
import { latencyCdfChart } from './compare-cdf.js';
import { latencyScatterChart } from './compare-latency.js';
import { throughputByRateChart } from './compare-throughput.js';
import { writeChartPng } from './render.js';

/** The default comparison charts, written as PNG into `dir` (created); returns the paths. */
export async function writeComparisonPlots(cmp: Comparison, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const perfByTest = new Map<string, PerfRow[]>(cmp.runs.map((r) => [r.test, []]));
  for (const row of cmp.perf) perfByTest.get(row.test)?.push(row);
  const charts: [string, ChartConfiguration][] = [
    ['latency_vs_start.png', latencyScatterChart(perfByTest)],
    ['throughput_vs_rate.png', throughputByRateChart(cmp.tests, 'throughput')],
    ['relative_throughput_vs_rate.png', throughputByRateChart(cmp.tests, 'rel_throughput')],
    [
      'latency_cdf.png',
      latencyCdfChart(new Map(cmp.runs.map((r) => [r.test, sortedLatencies(r.archive.activations)]))),
    ],
  ];
  const paths: string[] = [];
  for (const [name, config] of charts) {
    const path = join(dir, name);
    await writeChartPng(path, config);
    paths.push(path);
  }
  return paths;
}
