import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ActivationTable } from '../analysis/activation-table.js';
import type { TraceFunctionRow } from '../analysis/trace-functions.js';
import type { MonitorSeries } from '../monitor/types.js';
import { coldWarmChart, counterChart, latencyCdfChart, timelineChart } from './analyzer-charts.js';
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
function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** Renders the analyzer's PNGs with no display; returns the files written. */
export async function writeAnalyzerPlots(o: AnalyzerPlotOptions): Promise<string[]> {
  await mkdir(o.plotsDir, { recursive: true });
  const name = slug(o.testName);
  const written: string[] = [];
  const emit = async (file: string, config: Parameters<typeof writeChartPng>[1]) => {
    await writeChartPng(file, config);
    written.push(file);
  };
  const latency = timelineChart(o.table, 'latency', o.testName, o.t0);
  await emit(join(o.plotsDir, `${name}_latency.png`), latency);
  for (const m of ['duration', 'initTime', 'waitTime'] as const)
    await emit(join(o.plotsDir, `${name}_${m}.png`), timelineChart(o.table, m, o.testName, o.t0));
  await emit(join(o.plotsDir, `${name}_latency_cdf.png`), latencyCdfChart(o.table, o.testName) as never);
  await emit(join(o.plotsDir, `${name}_cold_warm.png`), coldWarmChart(o.table, o.testName) as never);
  if (o.counter)
    await emit(
      join(o.plotsDir, `${name}_counter_${slug(o.counter.metric)}.png`),
      counterChart(o.table, o.counter, o.testName, o.t0),
    );
  if (o.traceFunctions !== undefined && o.traceFunctions.length > 0)
    await emit(join(o.plotsDir, `${name}_cold_share.png`), coldShareChart(o.traceFunctions, o.testName) as never);
  if (o.resultsPng) await emit(o.resultsPng, latency);
  return written;
}
