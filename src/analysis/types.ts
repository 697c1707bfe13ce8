import type { MetricStats } from '../contracts/index.js';

export type { FunctionSummary, InvocationSummary, MetricStats, OverallStats } from '../contracts/index.js';

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
