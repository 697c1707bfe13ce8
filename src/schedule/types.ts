/**
 * A run's whole timeline, built once before the test starts. Columnar (typed arrays) so that
 * 10 million events fit in ~120 MB and the dispatcher touches no objects on its hot path.
 *
 * Per-event data is the pair (time, instance index). Whatever else an event carries is a property
 * of its instance: a sampled trace function is an instance of its own, so its HashFunction is
 * `instances[instanceIndex[i]].traceFunction`, and whether the event is warm-up is
 * `times[i] < warmupS`. A shard (any subset of events) carries both by keeping the two columns
 * and the `instances` table.
 */
export interface ScheduleInstance {
  readonly name: string;
  readonly application: string;
  /** A sampled Azure trace function: its HashFunction (records and `--schedule-out` carry it). */
  readonly traceFunction?: string;
}

export interface Schedule {
  /** Seed actually used (after resolving `random_seed: null`). */
  readonly seed: number;
  readonly durationS: number;
  /** Events before this many seconds are warm-up (absent or 0: none). */
  readonly warmupS?: number;
  /** Instances in config order; `instanceIndex` points into this. */
  readonly instances: readonly ScheduleInstance[];
  /** Event times in seconds from test start, ascending (ties broken deterministically). */
  readonly times: Float64Array;
  /** For each event, the index of its instance in `instances`. */
  readonly instanceIndex: Uint32Array;
}
