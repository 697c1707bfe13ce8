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
import { configWarmupS, RecordTags, readTraceDurations, replayedMinutes } from './trace-inputs.js';
import { type TraceFunctionRow, traceFunctionRows } from './trace-functions.js';
import { performanceSummary } from './performance-summary.js';
import { Reconciler } from './reconcile.js';
import { readInvocationRecords } from '../contracts/index.js';
import type { RunInputs } from './run-inputs.js';
import { functionNameOf, RunMembership } from './run-membership.js';
import type { ShardRow } from '../contracts/index.js';
import { ShardTally } from './shards.js';
import { summariseFunctions } from './stat-summary.js';
import type { FunctionSummary, InvocationSummary, OverallStats, PerformanceSummary, WarmupSummary } from './types.js';
import { configuredInstances } from './workload-instances.js';

export interface AnalyzeOptions {
  readonly inputs: RunInputs;
  readonly source: ActivationPageSource;
  readonly keepResults: boolean;
  readonly capacityFactor: boolean;
  /** Keep activations in the window that are not the run's (by id); default: left out. */
  readonly includeForeign?: boolean;
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
  /** Per-shard table when several shards were analysed as one run, else null. */
  readonly shards: readonly ShardRow[] | null;
  /** Records skipped as health pings or triggers. */
  readonly skipped: { readonly health: number; readonly triggers: number };
}

function describeWindow(since: number, upto: number | null): string {
  return `${new Date(since).toISOString()} .. ${upto === null ? 'now' : new Date(upto).toISOString()}`;
}

/**
 * One pass over the run's invocation records (one file per shard), feeding the reconciler, the
 * warm-up and trace tags, and each shard's own tally for the per-shard table.
 */
async function readRunRecords(
  inputs: RunInputs,
  reconciler: Reconciler,
  shardTallies: readonly ShardTally[],
  warn: (msg: string) => void,
): Promise<RecordTags> {
  const tags = new RecordTags();
  const files =
    inputs.shards === null
      ? inputs.recordsPaths.map((path) => ({ path, tally: undefined }))
      : inputs.shards.flatMap((s, i) =>
          s.recordsPath === null ? [] : [{ path: s.recordsPath, tally: shardTallies[i] }],
        );
  for (const { path, tally } of files) {
    for await (const r of readInvocationRecords(path, warn)) {
      reconciler.add(r);
      tags.add(r);
      tally?.add(r);
    }
  }
  return tags;
}

export async function analyzeRun(opts: AnalyzeOptions): Promise<AnalysisResult> {
  const { inputs, source, warn } = opts;
  const table = new ActivationTable(opts.keepResults);
  const warmupTable = new ActivationTable(false);
  const instances = inputs.config === null ? null : configuredInstances(inputs.config);
  // Unsettled activations did not finish before the run stopped waiting: no latency of theirs counts.
  const unsettled = new Set(inputs.metadata.json?.unsettled_ids ?? []);
  const shardTallies = (inputs.shards ?? []).map(() => new ShardTally());
  const reconciler =
    inputs.recordsPaths.length > 0 ? new Reconciler((id) => table.has(id) || warmupTable.has(id), unsettled) : null;
  const recordTags = reconciler === null ? null : await readRunRecords(inputs, reconciler, shardTallies, warn);
  // The run's activations are those its records name (the time window decides without records).
  const runIds = reconciler?.activationIds() ?? null;
  if (reconciler !== null && runIds === null) {
    warn('some accepted invocations have no activation id: activations are matched by time window only');
  }
  const membership = new RunMembership(runIds, new Set((instances ?? []).map((i) => functionNameOf(i.application))));

  const warmupS = configWarmupS(inputs.config);
  const minutes = replayedMinutes(inputs.config);
  // Warm-up activations are those of records marked `warmup` (by start time when there are no records).
  const tags = warmupS > 0 || minutes !== null ? recordTags : null;
  const warmupEndMs = inputs.sinceMs + 1000 * warmupS;
  const isWarmup = (a: Activation): boolean =>
    warmupS > 0 &&
    opts.includeWarmup !== true &&
    (tags !== null ? tags.warmupIds.has(a.activationId) : a.start < warmupEndMs);
  const collector = new ActivationCollector(source.recordSource, opts.keepResults, (a) => {
    if (unsettled.has(a.activationId)) return;
    if (membership.admits(a) || opts.includeForeign) (isWarmup(a) ? warmupTable : table).add(a);
  });
  const upto = inputs.uptoMs ?? Number.MAX_SAFE_INTEGER;
  for await (const page of source.pages(inputs.sinceMs, upto, warn)) collector.addPage(page);

  let invocations: InvocationSummary | null = null;
  if (reconciler !== null) {
    const unseen = reconciler.unseenIds();
    if (unseen.length > 0 && source.byIds) {
      const metaNs = inputs.metadata.json?.namespace;
      const namespace = table.mainNamespace() ?? (metaNs && metaNs !== '_' ? metaNs : 'guest');
      for await (const page of source.byIds(namespace, unseen)) collector.addPage(page);
    }
    invocations = reconciler.summary(table.size + warmupTable.size);
    if ((invocations.unsettled ?? 0) > 0) {
      warn(
        `${invocations.unsettled} activation(s) had not finished when the run stopped waiting (--settle-timeout-s): counted as unsettled, left out of latency statistics`,
      );
    }
    if (invocations.missing > 0) {
      warn(`${invocations.missing} accepted invocation(s) have no activation record in ${source.describe}`);
    }
  }
  const shards =
    inputs.shards?.map((s, i) => shardTallies[i]!.row(s.shard, inputs.metadata.json?.duration_s ?? 0)) ?? null;
  collector.finish(source.describe, warn);
  const overlap = membership.report({
    included: opts.includeForeign === true,
    found: collector.accepted,
    invocations: inputs.recordsPaths.length === 0 ? inputs.metadata.invocations : null,
  });
  if (overlap !== null) warn(overlap);
  if (table.size === 0) {
    throw new UserError(
      `no activations of this run in ${source.describe} (${describeWindow(inputs.sinceMs, inputs.uptoMs)}); is this the right database and run?`,
      3,
    );
  }

  const functions = summariseFunctions(table, {
    instances,
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
    shards,
    skipped: { health: collector.health, triggers: collector.triggers },
  };
}
