import type { AnalysisResult } from './analyze-run.js';
import type { MetricStats } from './types.js';

/** `--json` metric: the statistics without the count (counts are reported beside them). */
function metric(s: MetricStats) {
  return { mean: s.mean, std: s.std, p50: s.p50, p90: s.p90, p95: s.p95, p99: s.p99, p999: s.p999, max: s.max };
}

/** `{mean, ..., count}`: warm and cold groups carry their size. */
function counted(s: MetricStats) {
  return { count: s.count, ...metric(s) };
}

/** The one JSON document `--json` prints (schema in docs/analyzer.md). */
export function jsonSummary(r: AnalysisResult) {
  const functions: Record<string, unknown> = {};
  for (const f of r.functions) {
    functions[f.func_name] = {
      count: f.count,
      rate: f.rate,
      throughput: f.throughput,
      rel_stress: f.rel_stress,
      cold: f.cold,
      warm: f.warm,
      capacity_factor: f.capacity_factor,
      latency: metric(f.latency),
      execution: metric(f.execution),
      initTime: metric(f.initTime),
      waitTime: metric(f.waitTime),
    };
  }
  const inv = r.invocations;
  return {
    test_name: r.testName,
    since: r.sinceMs,
    records: r.table.size,
    functions,
    overall: {
      latency: metric(r.overall.latency),
      execution: metric(r.overall.execution),
      initTime: metric(r.overall.initTime),
      warm: counted(r.overall.warm),
      cold: counted(r.overall.cold),
    },
    warmup: r.warmup === null ? null : { ...r.warmup, latency: metric(r.warmup.latency) },
    trace_functions: r.traceFunctions,
    invocations:
      inv === null
        ? null
        : {
            scheduled: inv.scheduled,
            sent: inv.sent,
            accepted: inv.accepted,
            failed: inv.failed,
            recorded: inv.recorded,
            missing: inv.missing,
            client_latency: metric(inv.client_latency),
            corrected_latency: metric(inv.corrected_latency),
          },
    shards: r.shards,
  };
}
