/**
 * One line of the invocation records file (NDJSON): exactly one per scheduled invocation,
 * whatever happened to it. Times are epoch milliseconds with sub-millisecond precision.
 */
export type InvocationOutcome =
  /** 2xx (or CLI exit 0): accepted or completed successfully. */
  | 'ok'
  /** The platform ran the function and it failed (HTTP 502, CLI 246). */
  | 'app_error'
  /** HTTP 429 / CLI 173. */
  | 'throttled'
  /** Anything else: network, TLS, 401, 404, 5xx, timeouts... (`error` holds the text). */
  | 'error'
  /** Not sent: the in-flight bound was reached at its scheduled time. */
  | 'dropped'
  /** Not sent or not answered because the run was interrupted. */
  | 'cancelled';

export interface InvocationRecord {
  /** Position in the schedule (0-based). */
  seq: number;
  instance: string;
  application: string;
  scheduled_ms: number;
  sent_ms: number | null;
  done_ms: number | null;
  /** sent − scheduled, ms; null when not sent. */
  lag_ms: number | null;
  /** HTTP status or CLI exit code; null when no answer. */
  status: number | null;
  outcome: InvocationOutcome;
  activation_id: string | null;
  error: string | null;
  /** Scheduled in the first `warmup_s` seconds: left out of the analyzer's statistics by default. Absent otherwise. */
  warmup?: true;
  /** Trace-replay instances: the trace's HashFunction. Absent otherwise. */
  trace_function?: string;
}
