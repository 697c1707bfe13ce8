import { alignedTable } from '../text-table.js';
import type { ActivationTable } from './activation-table.js';
import type { TraceFunctionRow } from './trace-functions.js';
import type { FunctionSummary, InvocationSummary, MetricStats, PerformanceSummary } from './types.js';

export type Cell = string | number | null;

/** Integers as they are, other numbers with 3 decimals, missing values as `-`. */
export function formatCell(v: Cell): string {
  if (v === null) return '-';
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return String(v);
  return Number.isInteger(v) ? String(v) : v.toFixed(3);
}

/** An aligned text table: text columns left-aligned, numeric columns right-aligned. */
export function formatTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const numeric = headers.map((_, c) => rows.every((r) => typeof r[c] !== 'string'));
  return alignedTable(
    headers,
    rows.map((r) => r.map(formatCell)),
    numeric,
  );
}

/** Headers and cells of a table, before layout (text here, HTML in src/report/). */
export interface Grid {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

function gridText(g: Grid): string {
  return formatTable(g.headers, g.rows);
}

/** FaaSProfiler's stat summary: func_name, rate, throughput, rel_stress (plus counts). */
export function statSummaryGrid(functions: readonly FunctionSummary[], withCapacityFactor: boolean): Grid {
  const headers = ['func_name', 'count', 'rate', 'throughput', 'rel_stress', 'cold', 'warm'];
  if (withCapacityFactor) headers.push('capacity_factor');
  const rows = functions.map((f) => {
    const r: Cell[] = [f.func_name, f.count, f.rate, f.throughput, f.rel_stress, f.cold, f.warm];
    if (withCapacityFactor) r.push(f.capacity_factor);
    return r;
  });
  return { headers, rows };
}

export function statSummaryTable(functions: readonly FunctionSummary[], withCapacityFactor: boolean): string {
  return gridText(statSummaryGrid(functions, withCapacityFactor));
}

const STATS_HEADERS = ['count', 'mean', 'std', 'p50', 'p90', 'p95', 'p99', 'p99.9', 'max'];

function statsCells(s: MetricStats): Cell[] {
  return [s.count, s.mean, s.std, s.p50, s.p90, s.p95, s.p99, s.p999, s.max];
}

/** FaaSProfiler's performance summary (mean, std for all/warm/cold) with percentiles, ms. */
export function performanceSummaryGrid(perf: PerformanceSummary): Grid {
  const rows: Cell[][] = [];
  for (const group of ['all', 'warm', 'cold'] as const) {
    for (const dim of ['initTime', 'execution', 'latency'] as const) {
      rows.push([group, dim, ...statsCells(perf[group][dim])]);
    }
  }
  return { headers: ['starts', 'metric (ms)', ...STATS_HEADERS], rows };
}

export function performanceSummaryTable(perf: PerformanceSummary): string {
  return gridText(performanceSummaryGrid(perf));
}

/** Per-function percentiles of each metric, ms. */
export function functionPercentilesGrid(functions: readonly FunctionSummary[]): Grid {
  const rows: Cell[][] = [];
  for (const f of functions) {
    for (const dim of ['latency', 'execution', 'initTime', 'waitTime'] as const)
      rows.push([f.func_name, dim, ...statsCells(f[dim])]);
  }
  return { headers: ['func_name', 'metric (ms)', ...STATS_HEADERS], rows };
}

export function functionPercentilesTable(functions: readonly FunctionSummary[]): string {
  return gridText(functionPercentilesGrid(functions));
}

/** What the invoker sent against what the platform recorded, and the client's view of latency. */
export function invocationGrids(inv: InvocationSummary): { counts: Grid; latency: Grid } {
  const failed = Object.entries(inv.failed).sort(([a], [b]) => a.localeCompare(b));
  const counts: Grid = {
    headers: [
      'scheduled',
      'sent',
      'accepted',
      ...failed.map(([k]) => `failed:${k}`),
      'activations found',
      'unsettled',
      'accepted but missing',
    ],
    rows: [
      [
        inv.scheduled,
        inv.sent,
        inv.accepted,
        ...failed.map(([, v]) => v),
        inv.recorded,
        inv.unsettled ?? 0,
        inv.missing,
      ],
    ],
  };
  const latency: Grid = {
    headers: ['latency (ms)', ...STATS_HEADERS],
    rows: [
      ['client (done - sent)', ...statsCells(inv.client_latency)],
      ['lag-corrected (done - scheduled)', ...statsCells(inv.corrected_latency)],
    ],
  };
  return { counts, latency };
}

export function invocationsTable(inv: InvocationSummary): string {
  const { counts, latency } = invocationGrids(inv);
  return `${gridText(counts)}\n\n${gridText(latency)}`;
}

/**
 * The activation table, one line at a time (a million rows must not become one string).
 * Columns as FaaSProfiler's dataframe, plus execution and status; `results` with `-r`.
 */
export function* activationTableLines(table: ActivationTable): Generator<string> {
  const headers = [
    'func_name',
    'activationId',
    'start',
    'end',
    'duration',
    'waitTime',
    'initTime',
    'latency',
    'lang',
    'execution',
    'status',
  ];
  if (table.results) headers.push('results');
  yield headers.join('\t');
  for (let i = 0; i < table.size; i++) {
    const a = table.row(i);
    const cells: Cell[] = [
      a.func_name,
      a.activationId,
      a.start,
      a.end,
      a.duration,
      a.waitTime,
      a.initTime,
      a.latency,
      a.kind,
      a.execution,
      a.statusCode,
    ];
    if (table.results) cells.push(JSON.stringify(a.result) ?? '');
    yield cells.map(formatCell).join('\t');
  }
}

/** The trace-replay table: one row per sampled function, as `traceFunctionRows` sorts them. */
export function traceFunctionsTable(rows: readonly TraceFunctionRow[]): string {
  return formatTable(
    [
      'func_name',
      'trace_function',
      'invocations',
      'per_minute',
      'cold',
      'cold_share',
      'latency_p50',
      'latency_p99',
      'duration_p50',
      'trace_p50',
    ],
    rows.map((r) => [
      r.func_name,
      r.trace_function.slice(0, 12),
      r.invocations,
      r.per_minute,
      r.cold,
      r.cold_share,
      r.latency_p50,
      r.latency_p99,
      r.duration_p50,
      r.trace_duration_p50,
    ]),
  );
}
