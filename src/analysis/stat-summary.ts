import type { ActivationTable } from './activation-table.js';
import { metricValues } from './activation-table.js';
import { capacityFactor } from './capacity-factor.js';
import { metricStatsInPlace } from './stats.js';
import type { ConfiguredInstance, FunctionSummary } from './types.js';
import { isInstanceOf } from './workload-instances.js';

/**
 * Configured rate of a function: the sum of the rates of its Uniform/Poisson instances; null
 * when it has none (trace-driven only, absent from the config, or no config at all).
 */
export function configuredRate(instances: readonly ConfiguredInstance[] | null, funcName: string): number | null {
  if (!instances) return null;
  let sum: number | null = null;
  for (const inst of instances) {
    if (inst.rate !== null && isInstanceOf(inst, funcName)) sum = (sum ?? 0) + inst.rate;
  }
  return sum;
}

/**
 * When the function's load began by the config: test start + 1000 × the earliest window start
 * of its instances (0 for an instance without window). Null when the config has no instance of
 * it, so throughput then counts from its first activation only (as FaaSProfiler does).
 */
export function configuredStartMs(
  instances: readonly ConfiguredInstance[] | null,
  funcName: string,
  testStartMs: number,
): number | null {
  if (!instances) return null;
  let earliest: number | null = null;
  for (const inst of instances) {
    if (!isInstanceOf(inst, funcName)) continue;
    const w = inst.windowStartS ?? 0;
    earliest = earliest === null ? w : Math.min(earliest, w);
  }
  return earliest === null ? null : testStartMs + 1000 * earliest;
}

/**
 * FaaSProfiler's throughput, activations/s: 1000 × count / (max end − min(min start, configured
 * start)). Null when the interval is empty.
 */
export function throughput(
  count: number,
  minStart: number,
  maxEnd: number,
  configuredStart: number | null,
): number | null {
  const from = configuredStart === null ? minStart : Math.min(minStart, configuredStart);
  const span = maxEnd - from;
  return count > 0 && span > 0 ? (1000 * count) / span : null;
}

/** rate / throughput: above 1, the platform completes less than was asked of it. */
export function relStress(rate: number | null, tput: number | null): number | null {
  return rate === null || tput === null || tput === 0 ? null : rate / tput;
}

export interface StatSummaryOptions {
  /** The config's instances, or null when the config could not be read (rates are then null). */
  readonly instances: readonly ConfiguredInstance[] | null;
  readonly testStartMs: number;
  /** Compute the capacity factor (FaaSProfiler's `-c`). */
  readonly capacityFactor: boolean;
}

/** One summary per function, sorted by name. */
export function summariseFunctions(table: ActivationTable, opts: StatSummaryOptions): FunctionSummary[] {
  const groups = table.indicesByFunction();
  const out: FunctionSummary[] = [];
  table.functionNames.forEach((name, f) => {
    const rows = groups[f]!;
    let minStart = Infinity;
    let maxEnd = -Infinity;
    let cold = 0;
    for (const i of rows) {
      minStart = Math.min(minStart, table.start[i]!);
      maxEnd = Math.max(maxEnd, table.end[i]!);
      if (table.isCold(i)) cold++;
    }
    const rate = configuredRate(opts.instances, name);
    const tput = throughput(rows.length, minStart, maxEnd, configuredStartMs(opts.instances, name, opts.testStartMs));
    const latencies = metricValues(table, 'latency', rows);
    const latency = metricStatsInPlace(latencies); // leaves `latencies` sorted
    out.push({
      func_name: name,
      count: rows.length,
      rate,
      throughput: tput,
      rel_stress: relStress(rate, tput),
      cold,
      warm: rows.length - cold,
      capacity_factor: opts.capacityFactor ? capacityFactor(latencies) : null,
      latency,
      execution: metricStatsInPlace(metricValues(table, 'execution', rows)),
      initTime: metricStatsInPlace(metricValues(table, 'initTime', rows)),
      waitTime: metricStatsInPlace(metricValues(table, 'waitTime', rows)),
    });
  });
  return out.sort((a, b) => (a.func_name < b.func_name ? -1 : a.func_name > b.func_name ? 1 : 0));
}
