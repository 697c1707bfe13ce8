import type { ActivationTable } from './activation-table.js';
import { metricValues } from './activation-table.js';
import { metricStatsInPlace } from './stats.js';
import type { DimensionStats, PerformanceSummary } from './types.js';

/** The three dimensions over the given rows (every row when `rows` is omitted). */
function dimensions(table: ActivationTable, rows?: Uint32Array): DimensionStats {
  return {
    initTime: metricStatsInPlace(metricValues(table, 'initTime', rows)),
    execution: metricStatsInPlace(metricValues(table, 'execution', rows)),
    latency: metricStatsInPlace(metricValues(table, 'latency', rows)),
  };
}

/**
 * Mean gap between consecutive starts, ms, as FaaSProfiler prints it: with the starts sorted,
 * the gaps telescope to (max start − min start) / (n − 1).
 */
export function invocationPeriodMs(starts: ArrayLike<number>): number | null {
  const n = starts.length;
  if (n < 2) return null;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    min = Math.min(min, starts[i]!);
    max = Math.max(max, starts[i]!);
  }
  return (max - min) / (n - 1);
}

/** Rows split into warm (initTime = 0) and cold (initTime ≠ 0). */
export function splitWarmCold(table: ActivationTable): { warm: Uint32Array; cold: Uint32Array } {
  let cold = 0;
  for (let i = 0; i < table.size; i++) if (table.isCold(i)) cold++;
  const warmRows = new Uint32Array(table.size - cold);
  const coldRows = new Uint32Array(cold);
  let w = 0;
  let c = 0;
  for (let i = 0; i < table.size; i++) {
    if (table.isCold(i)) coldRows[c++] = i;
    else warmRows[w++] = i;
  }
  return { warm: warmRows, cold: coldRows };
}

/** FaaSProfiler's performance summary (plus percentiles): all, warm and cold activations. */
export function performanceSummary(table: ActivationTable): PerformanceSummary {
  const split = splitWarmCold(table);
  const period = invocationPeriodMs(table.start.subarray(0, table.size));
  return {
    all: dimensions(table),
    warm: dimensions(table, split.warm),
    cold: dimensions(table, split.cold),
    invocation_period_ms: period,
    invocation_rate: period === null || period === 0 ? null : 1000 / period,
  };
}
