import type { Workload } from '../config/types.js';
import type { Schedule } from '../schedule/types.js';

/** Everything a run needs besides the workload and its schedule, from flags and environment. */
export interface RunOptions {
  readonly workload: Workload;
  readonly schedule: Schedule;
  /** Where `logs/` goes (default: `<cwd>/logs`). */
  readonly logsDir: string;
  readonly apihost?: string;
  readonly auth?: string;
  readonly insecure: boolean;
  /** Overrides the config's `transport`. */
  readonly transport?: 'http' | 'cli';
  readonly wskPath: string;
  readonly maxInFlight: number | null;
  /** Show a progress bar (only on a TTY). */
  readonly progress: boolean;
}

export interface RunResult {
  /** 0 when the run completed (even with failed invocations), 130 when interrupted. */
  readonly exitCode: number;
}

/** Runs the workload: monitoring, open-loop dispatch, records, metadata, summary. */
export async function runWorkload(opts: RunOptions): Promise<RunResult> {
  void opts;
  throw new Error('runWorkload: not implemented yet');
}
