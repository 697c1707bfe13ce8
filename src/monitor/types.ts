/** One monitored quantity over time, parsed from a monitoring tool's output. */
export interface MonitorPoint {
  /** Seconds since the monitor started (perf intervals) or epoch ms / 1000 when absolute. */
  readonly t: number;
  /** null for `<not counted>` / `<not supported>` / `-`. */
  readonly value: number | null;
}

export interface MonitorSeries {
  /** `perf`, `pqos`, `blktrace`, `cgtop`. */
  readonly source: string;
  /** `local` or the remote target's name. */
  readonly host: string;
  /** e.g. `context-switches`, `core 0-5 IPC`, `/system.slice memory`. */
  readonly metric: string;
  readonly unit: string | null;
  /** Epoch ms of t = 0 when known (so series line up with activations), else null. */
  readonly origin_ms: number | null;
  readonly points: readonly MonitorPoint[];
}
