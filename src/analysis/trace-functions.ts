import type { PercentileTable } from '../trace/index.js';
import { type ActivationTable, metricValues } from './activation-table.js';
import { quantileSorted } from '../percentile.js';

/** One row of the trace-replay table: how a sampled function fared against its trace. */
export interface TraceFunctionRow {
  readonly func_name: string;
  readonly trace_function: string;
  readonly invocations: number;
  /** Invocations per trace minute replayed (null when the span is unknown). */
  readonly per_minute: number | null;
  readonly cold: number;
  /** cold / invocations. */
  readonly cold_share: number;
  readonly latency_p50: number | null;
  readonly latency_p99: number | null;
  /** Measured duration (ms) p50, against the trace's percentile_Average_50. */
  readonly duration_p50: number | null;
  readonly trace_duration_p50: number | null;
}

const sortedOf = (values: Float64Array): Float64Array => values.sort();

/**
 * Per trace function (functions named in `traceOf`), sorted by invocations, most first. Pure.
 * `minutes` is the number of trace minutes replayed.
 */
export function traceFunctionRows(
  table: ActivationTable,
  traceOf: ReadonlyMap<string, string>,
  traceDurations: ReadonlyMap<string, PercentileTable>,
  minutes: number | null,
): TraceFunctionRow[] {
  const groups = table.indicesByFunction();
  const rows: TraceFunctionRow[] = [];
  table.functionNames.forEach((name, f) => {
    const hash = traceOf.get(name);
    if (hash === undefined) return;
    const rowsOf = groups[f]!;
    let cold = 0;
    for (const i of rowsOf) if (table.isCold(i)) cold++;
    const latency = sortedOf(metricValues(table, 'latency', rowsOf));
    const duration = sortedOf(metricValues(table, 'duration', rowsOf));
    const trace = traceDurations.get(hash);
    rows.push({
      func_name: name,
      trace_function: hash,
      invocations: rowsOf.length,
      per_minute: minutes === null || minutes <= 0 ? null : rowsOf.length / minutes,
      cold,
      cold_share: rowsOf.length === 0 ? 0 : cold / rowsOf.length,
      latency_p50: quantileSorted(latency, 0.5),
      latency_p99: quantileSorted(latency, 0.99),
      duration_p50: quantileSorted(duration, 0.5),
      trace_duration_p50: trace === undefined ? null : (trace.values[trace.levels.indexOf(50)] ?? null),
    });
  });
  return rows.sort((a, b) => b.invocations - a.invocations || a.func_name.localeCompare(b.func_name));
}
