import type { FunctionSummary } from '../analysis/types.js';
import type { ArchiveV1 } from '../archive/index.js';

/** One archived run, as the comparison knows it. */
export interface TestRun {
  /** Unique label: the test name, or `<test name>@<archive file stem>` when several archives share a name. */
  readonly test: string;
  readonly test_name: string;
  /** The test name without its rate tokens (`_50ps`): runs of one experiment at several rates. */
  readonly category: string;
  readonly file: string;
  readonly archive: ArchiveV1;
}

/** One row of the combined activation table. Times in epoch ms, durations in ms. */
export interface PerfRow {
  readonly test: string;
  readonly category: string;
  readonly func_name: string;
  /** Arrival process(es) configured for this application, `+`-joined; null when the config does not say. */
  readonly distribution: string | null;
  /** Configured invocations/s for this application; null when unknown. */
  readonly rate: number | null;
  readonly activationId: string;
  readonly start: number;
  readonly end: number;
  /** start − earliest start of the same test and application, in seconds. */
  readonly start_rel_s: number;
  readonly duration: number;
  readonly waitTime: number;
  readonly initTime: number;
  readonly latency: number;
  readonly execution: number;
  readonly cold: boolean;
  readonly statusCode: number | null;
  readonly kind: string;
}

/** The metrics of a FunctionSummary flattened into a StatRow, and the statistics kept of each. */
export const STAT_METRICS = ['latency', 'execution', 'initTime', 'waitTime'] as const;
export const STAT_STATISTICS = ['mean', 'std', 'p50', 'p90', 'p95', 'p99', 'p999', 'max'] as const;

/** `latency_p99`, `execution_mean`, …: one column per metric and statistic of a FunctionSummary. */
export type StatMetricColumn = `${(typeof STAT_METRICS)[number]}_${(typeof STAT_STATISTICS)[number]}`;

/** One row of the combined stat summary: an archived FunctionSummary, flattened, with its test. */
export type StatRow = StatRowBase & { readonly [K in StatMetricColumn]: number | null };

/** The scalar columns of a FunctionSummary (its metric objects are flattened separately). */
export const FUNCTION_SCALAR_COLUMNS = [
  'func_name',
  'count',
  'rate',
  'throughput',
  'rel_stress',
  'cold',
  'warm',
  'capacity_factor',
] as const;

type StatRowBase = { readonly test: string; readonly category: string } & Pick<
  FunctionSummary,
  (typeof FUNCTION_SCALAR_COLUMNS)[number]
>;

/** Per-test summary computed from the archived activations. */
export interface TestSummary {
  readonly test: string;
  readonly category: string;
  readonly test_name: string;
  readonly file: string;
  /** Epoch ms the archive was written. */
  readonly created_ms: number;
  /** Epoch ms the test started. */
  readonly since_ms: number;
  readonly distribution: string | null;
  /** Requested rate: requested invocations ÷ the test's active time (src/analysis/rates.ts); null when unknown. */
  readonly rate: number | null;
  readonly count: number;
  /** Activations whose statusCode is neither 0 nor unknown. */
  readonly errors: number;
  /** Activations/s: 1000 × count / (last end − min(first start, test start)). */
  readonly throughput: number | null;
  /**
   * Completion ratio: completed throughput ÷ requested rate over the same active time, i.e.
   * activations found ÷ requested invocations. 1 keeps up; below 1, invocations failed or were lost.
   */
  readonly rel_throughput: number | null;
  readonly latency_mean: number | null;
  readonly latency_p50: number | null;
  readonly latency_p90: number | null;
  readonly latency_p99: number | null;
  readonly latency_max: number | null;
  /** cold starts / count. */
  readonly cold_share: number | null;
  /** From the invoker's records (null when the run has none): invocations scheduled. */
  readonly scheduled: number | null;
  /** Invocations not accepted by the platform (throttled, errors, dropped, cancelled). */
  readonly failed: number | null;
  /** Accepted invocations whose activation was not found. */
  readonly missing: number | null;
  /** Response − send time as the client saw it, ms. */
  readonly client_latency_p99: number | null;
  /** Response − scheduled time, ms: includes send lag (no coordinated omission). */
  readonly corrected_latency_p99: number | null;
}

/** One point of a monitored series, flattened with its test. */
export interface MonitoringRow {
  readonly test: string;
  readonly source: string;
  readonly host: string;
  readonly metric: string;
  readonly unit: string | null;
  /** As recorded by the monitor (seconds). */
  readonly t: number;
  /** Seconds since the test started, when the series' origin is known; else null. */
  readonly t_test_s: number | null;
  readonly value: number | null;
}

/** Everything the comparison produces: the tables printed, written as CSV and given to user plot modules. */
export interface Comparison {
  /** The runs with their full archives, for anything the tables leave out. */
  readonly runs: readonly TestRun[];
  /** Per-test summary, one row per archived run. */
  readonly tests: readonly TestSummary[];
  /** The combined activation table. */
  readonly perf: readonly PerfRow[];
  /** The combined stat summary (per test and function). */
  readonly stats: readonly StatRow[];
  /** The combined monitoring records. */
  readonly monitoring: readonly MonitoringRow[];
}
