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

/** The run's overall statistics as archived and printed by `--json`. */
export interface OverallStats {
  readonly latency: MetricStats;
  readonly execution: MetricStats;
  readonly initTime: MetricStats;
  /** Latency of warm activations. */
  readonly warm: MetricStats;
  /** Latency of cold activations. */
  readonly cold: MetricStats;
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

/** One workload instance as the analysis needs it (read leniently from the run's config JSON). */
export interface ConfiguredInstance {
  readonly name: string;
  readonly application: string;
  /** `Uniform`, `Poisson`, `trace` (interarrivals_list) or whatever the config says. */
  readonly distribution: string;
  /** Invocations/s for Uniform/Poisson instances, else null. */
  readonly rate: number | null;
  /** Activity window start, seconds from test start; null when the instance has no window. */
  readonly windowStartS: number | null;
}

/** Mean/std (and percentiles) of the three dimensions FaaSProfiler summarises. */
export interface DimensionStats {
  readonly initTime: MetricStats;
  readonly execution: MetricStats;
  readonly latency: MetricStats;
}

/** FaaSProfiler's performance summary: all, warm (initTime = 0) and cold activations. */
export interface PerformanceSummary {
  readonly all: DimensionStats;
  readonly warm: DimensionStats;
  readonly cold: DimensionStats;
  /** Mean gap between consecutive activation starts, ms; null with fewer than two activations. */
  readonly invocation_period_ms: number | null;
  /** 1000 / invocation period: activations started per second. */
  readonly invocation_rate: number | null;
}

/** The warm-up (`warmup_s`): activations of invocations scheduled in its first seconds. */
export interface WarmupSummary {
  readonly warmup_s: number;
  /** True unless `--include-warmup`: then they are counted with the rest and `activations` is 0. */
  readonly excluded: boolean;
  /** Warm-up activations left out of every other statistic. */
  readonly activations: number;
  readonly latency: MetricStats;
}
