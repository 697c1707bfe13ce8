/**
 * A run's whole timeline, built once before the test starts. Columnar (typed arrays) so that
 * 10 million events fit in ~120 MB and the dispatcher touches no objects on its hot path.
 */
export interface ScheduleInstance {
  readonly name: string;
  readonly application: string;
}

export interface Schedule {
  /** Seed actually used (after resolving `random_seed: null`). */
  readonly seed: number;
  readonly durationS: number;
  /** Instances in config order; `instanceIndex` points into this. */
  readonly instances: readonly ScheduleInstance[];
  /** Event times in seconds from test start, ascending (ties broken deterministically). */
  readonly times: Float64Array;
  /** For each event, the index of its instance in `instances`. */
  readonly instanceIndex: Uint32Array;
}
