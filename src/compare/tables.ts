import { alignedLines } from '../text-table.js';
import { STAT_METRIC_COLUMNS } from './merge.js';
import type { MonitoringRow, PerfRow, StatRow, TestSummary } from './types.js';

export type Cell = string | number | boolean | null;

/** A printed column: its header, how to get the value from a row, and how to show a number. */
export interface Column<R> {
  readonly header: string;
  readonly value: (row: R) => Cell;
  /** Fixed decimals for numbers; integers print as they are when omitted. */
  readonly digits?: number;
  /** Numbers shown as a percentage with one decimal. */
  readonly percent?: boolean;
}

function formatCell<R>(col: Column<R>, v: Cell): string {
  if (v === null) return '-';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '-';
    if (col.percent) return `${(v * 100).toFixed(1)}%`;
    if (col.digits !== undefined) return v.toFixed(col.digits);
    return Number.isInteger(v) ? String(v) : v.toPrecision(6);
  }
  return String(v);
}

/**
 * The lines of an aligned text table (header, rule, rows); numbers right-aligned. A generator,
 * so a million-row table is written without building one giant string.
 */
export function* tableLines<R>(columns: readonly Column<R>[], rows: readonly R[]): Generator<string> {
  const numeric = columns.map(() => true);
  const cells = rows.map((row) =>
    columns.map((c, i) => {
      const v = c.value(row);
      if (typeof v !== 'number' && v !== null) numeric[i] = false;
      return formatCell(c, v);
    }),
  );
  yield* alignedLines(
    columns.map((c) => c.header),
    cells,
    numeric,
  );
}

export function formatTable<R>(columns: readonly Column<R>[], rows: readonly R[]): string {
  return [...tableLines(columns, rows)].join('\n');
}

function isoMinute(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

export const TEST_SUMMARY_COLUMNS: readonly Column<TestSummary>[] = [
  { header: 'test', value: (r) => r.test },
  { header: 'category', value: (r) => r.category },
  { header: 'created (UTC)', value: (r) => isoMinute(r.created_ms) },
  { header: 'distribution', value: (r) => r.distribution },
  { header: 'rate/s', value: (r) => r.rate, digits: 2 },
  { header: 'count', value: (r) => r.count },
  { header: 'errors', value: (r) => r.errors },
  { header: 'throughput/s', value: (r) => r.throughput, digits: 2 },
  { header: 'thr/rate', value: (r) => r.rel_throughput, digits: 3 },
  { header: 'lat mean ms', value: (r) => r.latency_mean, digits: 2 },
  { header: 'lat p50 ms', value: (r) => r.latency_p50, digits: 2 },
  { header: 'lat p99 ms', value: (r) => r.latency_p99, digits: 2 },
  { header: 'cold', value: (r) => r.cold_share, percent: true },
];

/** The client's view, from the invoker's records (runs made with this tool's invoker). */
export const CLIENT_VIEW_COLUMNS: readonly Column<TestSummary>[] = [
  { header: 'test', value: (r) => r.test },
  { header: 'scheduled', value: (r) => r.scheduled },
  { header: 'failed', value: (r) => r.failed },
  { header: 'missing', value: (r) => r.missing },
  { header: 'activations', value: (r) => r.count },
  { header: 'client p99 ms', value: (r) => r.client_latency_p99, digits: 2 },
  { header: 'corrected p99 ms', value: (r) => r.corrected_latency_p99, digits: 2 },
];

export const STAT_COLUMNS: readonly Column<StatRow>[] = [
  { header: 'test', value: (r) => r.test },
  { header: 'category', value: (r) => r.category },
  { header: 'function', value: (r) => r.func_name },
  { header: 'count', value: (r) => r.count },
  { header: 'rate/s', value: (r) => r.rate, digits: 2 },
  { header: 'throughput/s', value: (r) => r.throughput, digits: 2 },
  { header: 'rel_stress', value: (r) => r.rel_stress, digits: 3 },
  { header: 'cold', value: (r) => r.cold },
  { header: 'warm', value: (r) => r.warm },
  { header: 'lat mean', value: (r) => r.latency_mean, digits: 2 },
  { header: 'lat p50', value: (r) => r.latency_p50, digits: 2 },
  { header: 'lat p90', value: (r) => r.latency_p90, digits: 2 },
  { header: 'lat p99', value: (r) => r.latency_p99, digits: 2 },
  { header: 'exec mean', value: (r) => r.execution_mean, digits: 2 },
  { header: 'init mean', value: (r) => r.initTime_mean, digits: 2 },
  { header: 'wait mean', value: (r) => r.waitTime_mean, digits: 2 },
];

export const PERF_COLUMNS: readonly Column<PerfRow>[] = [
  { header: 'test', value: (r) => r.test },
  { header: 'function', value: (r) => r.func_name },
  { header: 'distribution', value: (r) => r.distribution },
  { header: 'rate/s', value: (r) => r.rate, digits: 2 },
  { header: 'activationId', value: (r) => r.activationId },
  { header: 'start s', value: (r) => r.start_rel_s, digits: 3 },
  { header: 'latency', value: (r) => r.latency, digits: 2 },
  { header: 'duration', value: (r) => r.duration, digits: 2 },
  { header: 'wait', value: (r) => r.waitTime, digits: 2 },
  { header: 'init', value: (r) => r.initTime, digits: 2 },
  { header: 'cold', value: (r) => (r.cold ? 'cold' : 'warm') },
  { header: 'status', value: (r) => r.statusCode },
];

export const MONITORING_COLUMNS: readonly Column<MonitoringRow>[] = [
  { header: 'test', value: (r) => r.test },
  { header: 'source', value: (r) => r.source },
  { header: 'host', value: (r) => r.host },
  { header: 'metric', value: (r) => r.metric },
  { header: 'unit', value: (r) => r.unit },
  { header: 't s', value: (r) => r.t, digits: 3 },
  { header: 'test time s', value: (r) => r.t_test_s, digits: 3 },
  { header: 'value', value: (r) => r.value },
];

/** The CSV files' columns: every field, raw (full precision, epoch ms), in this order. */
export const CSV_COLUMNS = {
  tests: [
    'test',
    'category',
    'test_name',
    'file',
    'created_ms',
    'since_ms',
    'distribution',
    'rate',
    'count',
    'errors',
    'throughput',
    'rel_throughput',
    'latency_mean',
    'latency_p50',
    'latency_p90',
    'latency_p99',
    'latency_max',
    'cold_share',
    'scheduled',
    'failed',
    'missing',
    'client_latency_p99',
    'corrected_latency_p99',
  ] as const satisfies readonly (keyof TestSummary)[],
  stats: [
    'test',
    'category',
    'func_name',
    'count',
    'rate',
    'throughput',
    'rel_stress',
    'cold',
    'warm',
    'capacity_factor',
    ...STAT_METRIC_COLUMNS,
  ] as const satisfies readonly (keyof StatRow)[],
  activations: [
    'test',
    'category',
    'func_name',
    'distribution',
    'rate',
    'activationId',
    'start',
    'end',
    'start_rel_s',
    'duration',
    'waitTime',
    'initTime',
    'latency',
    'execution',
    'cold',
    'statusCode',
    'kind',
  ] as const satisfies readonly (keyof PerfRow)[],
  monitoring: [
    'test',
    'source',
    'host',
    'metric',
    'unit',
    't',
    't_test_s',
    'value',
  ] as const satisfies readonly (keyof MonitoringRow)[],
};
