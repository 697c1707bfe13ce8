import type { Activation } from '../activations/types.js';
import { activeTimeS, quantileSorted, requestedInvocations, throughput as throughputOf } from '../analysis/index.js';
import { workloadInstances } from '../config/index.js';
import { applicationInfo } from './merge.js';
import type { TestRun, TestSummary } from './types.js';

/** Latencies of `activations`, ascending (typed array: sorting a million takes ~0.1 s). */
export function sortedLatencies(activations: readonly Activation[]): Float64Array {
  const out = new Float64Array(activations.length);
  for (let i = 0; i < activations.length; i++) out[i] = activations[i]!.latency;
  return out.sort();
}

/**
 * The test's requested invocations (the invoker's schedule count when the run has records, else
 * from the config) and requested rate over its active time (src/analysis/rates.ts); null when the
 * config is not readable.
 */
function requestedOf(config: unknown, scheduled: number | null): { invocations: number; rate: number | null } | null {
  const duration = (config as { test_duration_in_seconds?: unknown } | null)?.test_duration_in_seconds;
  const instances = workloadInstances(config);
  if (typeof duration !== 'number' || instances.length === 0) {
    return scheduled === null ? null : { invocations: scheduled, rate: null };
  }
  const perInstance = instances.map((i) => requestedInvocations(i, duration));
  const invocations =
    scheduled ?? (perInstance.includes(null) ? null : perInstance.reduce<number>((sum, n) => sum + (n ?? 0), 0));
  if (invocations === null) return null;
  const active = activeTimeS(instances, duration);
  return { invocations, rate: active !== null && active > 0 ? invocations / active : null };
}

/**
 * Per-test summary from a run's activations. Throughput counts from the test start (or the first
 * activation, if earlier) to the last end, as the analyzer's per-function throughput does.
 */
export function summarizeRun(run: TestRun): TestSummary {
  const { archive } = run;
  const acts = archive.activations;
  let firstStart = Number.POSITIVE_INFINITY;
  let lastEnd = Number.NEGATIVE_INFINITY;
  let errors = 0;
  let cold = 0;
  let latencySum = 0;
  for (const a of acts) {
    if (a.start < firstStart) firstStart = a.start;
    if (a.end > lastEnd) lastEnd = a.end;
    if (a.statusCode !== null && a.statusCode !== 0) errors++;
    if (a.cold) cold++;
    latencySum += a.latency;
  }
  const count = acts.length;
  const throughput = throughputOf(count, firstStart, lastEnd, archive.since_ms);

  const apps = [...applicationInfo(archive).values()];
  const inv = archive.invocations;
  const requested = requestedOf(archive.config, inv?.scheduled ?? null);
  const distributions = [
    ...new Set(apps.flatMap((a) => (a.distribution === null ? [] : a.distribution.split('+')))),
  ].sort();

  const lat = sortedLatencies(acts);
  return {
    test: run.test,
    category: run.category,
    test_name: run.test_name,
    file: run.file,
    created_ms: archive.created_ms,
    since_ms: archive.since_ms,
    distribution: distributions.length > 0 ? distributions.join('+') : null,
    rate: requested?.rate ?? null,
    count,
    errors,
    throughput,
    rel_throughput: requested !== null && requested.invocations > 0 ? count / requested.invocations : null,
    latency_mean: count > 0 ? latencySum / count : null,
    latency_p50: quantileSorted(lat, 0.5),
    latency_p90: quantileSorted(lat, 0.9),
    latency_p99: quantileSorted(lat, 0.99),
    latency_max: count > 0 ? lat[count - 1]! : null,
    cold_share: count > 0 ? cold / count : null,
    scheduled: inv?.scheduled ?? null,
    failed: inv === null ? null : Object.values(inv.failed).reduce((sum, n) => sum + n, 0),
    missing: inv?.missing ?? null,
    client_latency_p99: inv?.client_latency.p99 ?? null,
    corrected_latency_p99: inv?.corrected_latency.p99 ?? null,
  };
}
