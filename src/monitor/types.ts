/** One monitored quantity over time, parsed from a monitoring tool's output. */
export interface MonitorPoint {
  /**
   * Seconds since `origin_ms` (when null: since the monitor started). perf: the interval's end;
   * pqos: the poll; blktrace: the start of the second; cgtop: the snapshot.
   */
  readonly t: number;
  /** null for `<not counted>` / `<not supported>` / `-`. */
  readonly value: number | null;
}

export interface MonitorSeries {
  /** `perf`, `pqos`, `blktrace`, `cgtop`. */
  readonly source: string;
  /** `local` or the remote target's name. */
  readonly host: string;
  /**
   * e.g. `context-switches`, `cpu-clock (CPUs utilized)`, `core 0-5 IPC`, `8,0 write bytes`,
   * `/system.slice memory` (docs/monitoring.md lists every name).
   */
  readonly metric: string;
  readonly unit: string | null;
  /**
   * Epoch ms of t = 0 when known (so series line up with activations), else null. Taken from the
   * monitored host's clock: remote hosts need synchronised clocks (NTP) to line up exactly.
   */
  readonly origin_ms: number | null;
  readonly points: readonly MonitorPoint[];
}
