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
import { ActivationTable } from './activation-table.js';
import { performanceSummary } from './performance-summary.js';
import { Reconciler } from './reconcile.js';
import { readInvocationRecords } from '../contracts/index.js';
import type { RunInputs } from './run-inputs.js';
import type { ShardRow } from '../contracts/index.js';
import { ShardTally } from './shards.js';
import { summariseFunctions } from './stat-summary.js';
import type { FunctionSummary, InvocationSummary, OverallStats, PerformanceSummary } from './types.js';
import { configuredInstances } from './workload-instances.js';

export interface AnalyzeOptions {
  readonly inputs: RunInputs;
  readonly source: ActivationPageSource;
  readonly keepResults: boolean;
  readonly capacityFactor: boolean;
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
  /** Per-shard table when several shards were analysed as one run, else null. */
  readonly shards: readonly ShardRow[] | null;
  /** Records skipped as health pings or triggers. */
  readonly skipped: { readonly health: number; readonly triggers: number };
}

function describeWindow(since: number, upto: number | null): string {
  return `${new Date(since).toISOString()} .. ${upto === null ? 'now' : new Date(upto).toISOString()}`;
}

export async function analyzeRun(opts: AnalyzeOptions): Promise<AnalysisResult> {
  const { inputs, source, warn } = opts;
  const table = new ActivationTable(opts.keepResults);
  const collector = new ActivationCollector(source.recordSource, opts.keepResults, (a) => table.add(a));
  const upto = inputs.uptoMs ?? Number.MAX_SAFE_INTEGER;
  for await (const page of source.pages(inputs.sinceMs, upto, warn)) collector.addPage(page);

  let invocations: InvocationSummary | null = null;
  const shardTallies = (inputs.shards ?? []).map(() => new ShardTally());
  if (inputs.recordsPaths.length > 0) {
    const reconciler = new Reconciler((id) => table.has(id));
    // Each shard's records also feed its own tally, for the per-shard table.
    const files =
      inputs.shards === null
        ? inputs.recordsPaths.map((path) => ({ path, tally: undefined }))
        : inputs.shards.flatMap((s, i) =>
            s.recordsPath === null ? [] : [{ path: s.recordsPath, tally: shardTallies[i] }],
          );
    for (const { path, tally } of files) {
      for await (const r of readInvocationRecords(path, warn)) {
        reconciler.add(r);
        tally?.add(r);
      }
    }
    const unseen = reconciler.unseenIds();
    if (unseen.length > 0 && source.byIds) {
      const metaNs = inputs.metadata.json?.namespace;
      const namespace = table.mainNamespace() ?? (metaNs && metaNs !== '_' ? metaNs : 'guest');
      for await (const page of source.byIds(namespace, unseen)) collector.addPage(page);
    }
    invocations = reconciler.summary(table.size);
    if (invocations.missing > 0) {
      warn(`${invocations.missing} accepted invocation(s) have no activation record in ${source.describe}`);
    }
  }
  const shards =
    inputs.shards?.map((s, i) => shardTallies[i]!.row(s.shard, inputs.metadata.json?.duration_s ?? 0)) ?? null;
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
    shards,
    skipped: { health: collector.health, triggers: collector.triggers },
  };
}
