/**
 * One analysis run, end to end: activations from a source into the columnar table, the
 * invocation records joined in (fetching any activation the time query missed), then the
 * summaries. I/O happens here and in `run-inputs.ts`; the statistics are pure.
 */
import { ActivationCollector } from '../activations/collect.js';
import type { ActivationPageSource } from '../activations/source.js';
import { UserError } from '../errors.js';
import { readRunMonitoring } from '../monitor/index.js';
import type { MonitorSeries } from '../monitor/types.js';
import type { Activation } from '../activations/types.js';
import { ActivationTable, metricValues } from './activation-table.js';
import { metricStatsInPlace } from './stats.js';
import { configWarmupS, readRecordTags, readTraceDurations, replayedMinutes } from './trace-inputs.js';
import { type TraceFunctionRow, traceFunctionRows } from './trace-functions.js';
import { performanceSummary } from './performance-summary.js';
import { Reconciler } from './reconcile.js';
import { readInvocationRecords } from '../contracts/index.js';
import type { RunInputs } from './run-inputs.js';
import { summariseFunctions } from './stat-summary.js';
import type { FunctionSummary, InvocationSummary, OverallStats, PerformanceSummary, WarmupSummary } from './types.js';
import { configuredInstances } from './workload-instances.js';

export interface AnalyzeOptions {
  readonly inputs: RunInputs;
  readonly source: ActivationPageSource;
  readonly keepResults: boolean;
  readonly capacityFactor: boolean;
  /** Count warm-up invocations (`warmup_s`) in the statistics instead of reporting them apart. */
  readonly includeWarmup?: boolean;
  readonly warn: (msg: string) => void;
}

export interface AnalysisResult {
  readonly testName: string;
  readonly sinceMs: number;
  readonly uptoMs: number | null;
  readonly table: ActivationTable;
  readonly functions: FunctionSummary[];
  readonly performance: PerformanceSummary;
  readonly overall: OverallStats;
  readonly invocations: InvocationSummary | null;
  readonly monitoring: MonitorSeries[];
  /** The warm-up (`warmup_s` > 0), reported apart; null without one. */
  readonly warmup: WarmupSummary | null;
  /** Trace replay: one row per sampled trace function, most invoked first (empty without). */
  readonly traceFunctions: TraceFunctionRow[];
  /** Records skipped as health pings or triggers. */
  readonly skipped: { readonly health: number; readonly triggers: number };
}

function describeWindow(since: number, upto: number | null): string {
  return `${new Date(since).toISOString()} .. ${upto === null ? 'now' : new Date(upto).toISOString()}`;
}

export async function analyzeRun(opts: AnalyzeOptions): Promise<AnalysisResult> {
  const { inputs, source, warn } = opts;
  const table = new ActivationTable(opts.keepResults);
  const warmupS = configWarmupS(inputs.config);
  const minutes = replayedMinutes(inputs.config);
  // Warm-up activations are those of records marked `warmup` (by start time when there are no records).
  const tags =
    inputs.recordsPath !== null && (warmupS > 0 || minutes !== null)
      ? await readRecordTags(inputs.recordsPath, () => undefined)
      : null;
  const warmupTable = new ActivationTable(false);
  const warmupEndMs = inputs.sinceMs + 1000 * warmupS;
  const isWarmup = (a: Activation): boolean =>
    warmupS > 0 &&
    opts.includeWarmup !== true &&
    (tags !== null ? tags.warmupIds.has(a.activationId) : a.start < warmupEndMs);
  const collector = new ActivationCollector(source.recordSource, opts.keepResults, (a) =>
    (isWarmup(a) ? warmupTable : table).add(a),
  );
  const upto = inputs.uptoMs ?? Number.MAX_SAFE_INTEGER;
  for await (const page of source.pages(inputs.sinceMs, upto, warn)) collector.addPage(page);

  let invocations: InvocationSummary | null = null;
  if (inputs.recordsPath !== null) {
    const reconciler = new Reconciler((id) => table.has(id) || warmupTable.has(id));
    for await (const r of readInvocationRecords(inputs.recordsPath, warn)) reconciler.add(r);
    const unseen = reconciler.unseenIds();
    if (unseen.length > 0 && source.byIds) {
      const metaNs = inputs.metadata.json?.namespace;
      const namespace = table.mainNamespace() ?? (metaNs && metaNs !== '_' ? metaNs : 'guest');
      for await (const page of source.byIds(namespace, unseen)) collector.addPage(page);
    }
    invocations = reconciler.summary(table.size + warmupTable.size);
    if (invocations.missing > 0) {
      warn(`${invocations.missing} accepted invocation(s) have no activation record in ${source.describe}`);
    }
  }
  collector.finish(source.describe, warn);
  if (table.size === 0) {
    throw new UserError(
      `no activations of this run in ${source.describe} (${describeWindow(inputs.sinceMs, inputs.uptoMs)}); is this the right database and run?`,
      3,
    );
  }

  const functions = summariseFunctions(table, {
    instances: inputs.config === null ? null : configuredInstances(inputs.config),
    testStartMs: inputs.sinceMs,
    capacityFactor: opts.capacityFactor,
  });
  const performance = performanceSummary(table);
  const outputs = inputs.metadata.json?.monitoring ?? [];
  let monitoring: MonitorSeries[] = [];
  if (outputs.length > 0) {
    try {
      monitoring = await readRunMonitoring(outputs, inputs.metadata.dir, warn, { runStartMs: inputs.sinceMs });
    } catch (err) {
      warn(`monitoring outputs not read: ${(err as Error).message}`);
    }
  }
  return {
    testName: inputs.testName,
    sinceMs: inputs.sinceMs,
    uptoMs: inputs.uptoMs,
    table,
    functions,
    performance,
    overall: {
      latency: performance.all.latency,
      execution: performance.all.execution,
      initTime: performance.all.initTime,
      warm: performance.warm.latency,
      cold: performance.cold.latency,
    },
    invocations,
    monitoring,
    warmup:
      warmupS > 0
        ? {
            warmup_s: warmupS,
            excluded: opts.includeWarmup !== true,
            activations: warmupTable.size,
            latency: metricStatsInPlace(metricValues(warmupTable, 'latency')),
          }
        : null,
    traceFunctions:
      tags === null || tags.traceOf.size === 0
        ? []
        : traceFunctionRows(
            table,
            tags.traceOf,
            await readTraceDurations(inputs.config, inputs.configPath, warn),
            minutes,
          ),
    skipped: { health: collector.health, triggers: collector.triggers },
  };
}
