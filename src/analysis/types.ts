/** Summary statistics of one metric (ms). Sample standard deviation (n − 1). */
export interface MetricStats {
  readonly count: number;
  readonly mean: number | null;
  readonly std: number | null;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly p999: number | null;
  readonly max: number | null;
}

/** Per-function statistics (FaaSProfiler's stat summary plus ours). */
export interface FunctionSummary {
  readonly func_name: string;
  readonly count: number;
  /** Configured invocation rate (sum over instances of this application), invocations/s. */
  readonly rate: number | null;
  /** 1000 × count / (max end − min(min start, test start + 1000 × window start)). */
  readonly throughput: number | null;
  /** rate / throughput. */
  readonly rel_stress: number | null;
  readonly cold: number;
  readonly warm: number;
  /** p90 − p10 of latency (pandas' linear interpolation); null unless asked for. */
  readonly capacity_factor: number | null;
  readonly latency: MetricStats;
  readonly execution: MetricStats;
  readonly initTime: MetricStats;
  readonly waitTime: MetricStats;
}

/** Reconciliation of the invoker's records with the activations found. */
export interface InvocationSummary {
  readonly scheduled: number;
  readonly sent: number;
  readonly accepted: number;
  readonly failed: Readonly<Record<string, number>>;
  /** Activations found for this run. */
  readonly recorded: number;
  /** Accepted invocations whose activation was not found. */
  readonly missing: number;
  /** done − sent, ms. */
  readonly client_latency: MetricStats;
  /** done − scheduled, ms (corrects for send lag: no coordinated omission). */
  readonly corrected_latency: MetricStats;
}
