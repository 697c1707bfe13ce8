import type { AnalysisResult } from './analyze-run.js';
import {
  activationTableLines,
  formatTable,
  functionPercentilesTable,
  invocationsTable,
  performanceSummaryTable,
  statSummaryTable,
  traceFunctionsTable,
} from './format-tables.js';
import { metricStats } from './stats.js';
import { configuredInstances } from './workload-instances.js';

export interface TextReportOptions {
  /** `-v`: the config's instances, the monitoring series and every activation as well. */
  readonly verbose: boolean;
  /** `-c`: the capacity factor column. */
  readonly capacityFactor: boolean;
  /** The workload JSON (for `-v`), or null. */
  readonly config: unknown;
  /** Line 3 of test_metadata.out. */
  readonly invoked: number;
}

/** The default report, line by line: FaaSProfiler's tables, then ours. */
export function* textReport(r: AnalysisResult, o: TextReportOptions): Generator<string> {
  const p = r.performance;
  const skipped =
    r.skipped.health + r.skipped.triggers > 0
      ? ` (skipped ${r.skipped.health} health pings, ${r.skipped.triggers} triggers)`
      : '';
  yield `Test: ${r.testName}    since ${new Date(r.sinceMs).toISOString()}    invocations by the workload invoker: ${o.invoked}`;
  yield `Activation records read: ${r.table.size}${skipped}`;
  if (r.warmup !== null) {
    const w = r.warmup;
    yield w.excluded
      ? `Warm-up (first ${w.warmup_s} s): ${w.activations} activations left out of every statistic below; their latency p50 ${w.latency.p50?.toFixed(1) ?? '-'} ms, p99 ${w.latency.p99?.toFixed(1) ?? '-'} ms (--include-warmup counts them)`
      : `Warm-up (first ${w.warmup_s} s): counted with the rest (--include-warmup)`;
  }
  yield `Average invocation period: ${p.invocation_period_ms?.toFixed(3) ?? '-'} ms    average invocation rate: ${p.invocation_rate?.toFixed(3) ?? '-'} /s\n`;
  yield 'Stat summary (rate and throughput in invocations/s)';
  yield `${statSummaryTable(r.functions, o.capacityFactor)}\n`;
  yield 'Performance summary (ms; percentiles by linear interpolation, sample std with n − 1)';
  yield `${performanceSummaryTable(p)}\n`;
  yield 'Per-function percentiles (ms)';
  yield `${functionPercentilesTable(r.functions)}\n`;
  if (r.traceFunctions.length > 0) {
    yield 'Trace functions, most invoked first (per minute: invocations per trace minute replayed; ms)';
    yield `${traceFunctionsTable(r.traceFunctions)}\n`;
  }
  if (r.invocations) {
    yield "Invocations: the invoker's records against the activations found";
    yield `${invocationsTable(r.invocations)}\n`;
  }
  if (r.shards !== null) {
    yield 'Shards (issued rate in invocations/s; send lag = sent - scheduled, ms; errors = outcomes other than ok)';
    yield `${formatTable(
      ['shard', 'host', 'scheduled', 'sent', 'issued rate', 'lag p50', 'lag p99', 'lag max', 'errors'],
      r.shards.map((s) => [
        s.index,
        s.host,
        s.scheduled,
        s.sent,
        s.issued_rate,
        s.lag_p50_ms,
        s.lag_p99_ms,
        s.lag_max_ms,
        s.errors,
      ]),
    )}\n`;
  }
  if (!o.verbose) return;
  const inst = configuredInstances(o.config);
  if (inst.length > 0) {
    yield 'Workload instances';
    yield `${formatTable(
      ['instance', 'application', 'distribution', 'rate', 'window start (s)'],
      inst.map((i) => [i.name, i.application, i.distribution, i.rate, i.windowStartS]),
    )}\n`;
  }
  if (r.monitoring.length > 0) {
    yield 'Monitoring series';
    const rows = r.monitoring.map((m) => {
      const values = m.points.flatMap((p) => (p.value === null ? [] : [p.value]));
      const s = metricStats(values);
      return [
        m.source,
        m.host,
        m.metric,
        m.unit,
        m.points.length,
        values.length > 0 ? values.reduce((a, b) => Math.min(a, b)) : null,
        s.mean,
        s.max,
      ];
    });
    yield `${formatTable(['source', 'host', 'metric', 'unit', 'points', 'min', 'mean', 'max'], rows)}\n`;
  }
  yield 'Activations';
  yield* activationTableLines(r.table);
}
