/**
 * One line of `logs/invocations.ndjson`: exactly one per scheduled invocation, whatever happened
 * to it. Times are epoch milliseconds with sub-millisecond precision. The file's version is its
 * run metadata's (`test_metadata.json` is written with it).
 */
import { z } from 'zod';
import { count, epochMs, ms } from './numbers.js';
import { ContractError, parseContract } from './problems.js';

export const invocationOutcomeSchema = z.enum([
  /** 2xx (or CLI exit 0): accepted or completed successfully. */
  'ok',
  /** The platform ran the function and it failed (HTTP 502, CLI 246). */
  'app_error',
  /** HTTP 429 / CLI 173. */
  'throttled',
  /** Refused as a bad request: any other 4xx (401 wrong key, 404 no such action, 413 too large...). */
  'client_error',
  /** The platform failed: any 5xx but OpenWhisk's 502 (503 overloaded, 500 internal error...). */
  'platform_error',
  /** No complete answer within the per-request time limit (--timeout-s). */
  'timeout',
  /** No answer at all: network or TLS failure, a wsk that failed otherwise (`error` holds the text). */
  'error',
  /** Not sent: the in-flight bound was reached at its scheduled time. */
  'dropped',
  /** Not sent or not answered because the run was interrupted. */
  'cancelled',
]);

export const invocationRecordSchema = z.object({
  /** Position in the schedule (0-based). */
  seq: count,
  instance: z.string(),
  application: z.string(),
  scheduled_ms: epochMs,
  sent_ms: epochMs.nullable(),
  done_ms: epochMs.nullable(),
  /** sent − scheduled, ms; null when not sent. */
  lag_ms: ms.nullable(),
  /** HTTP status or CLI exit code; null when no answer. */
  status: z.number().int().nullable(),
  outcome: invocationOutcomeSchema,
  activation_id: z.string().nullable(),
  error: z.string().nullable(),
  /** Scheduled in the first `warmup_s` seconds: left out of the analyzer's statistics by default. Absent otherwise. */
  warmup: z.literal(true).optional(),
  /** Trace-replay instances: the trace's HashFunction. Absent otherwise. */
  trace_function: z.string().min(1).optional(),
});

export type InvocationOutcome = z.infer<typeof invocationOutcomeSchema>;
export type InvocationRecord = z.infer<typeof invocationRecordSchema>;

/** One NDJSON line, or a ContractError naming the file, the line number and the field. */
export function parseInvocationRecordLine(text: string, file: string, line: number): InvocationRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ContractError(file, `not a JSON invocation record (${(err as Error).message})`, line);
  }
  return parseContract(invocationRecordSchema, value, { file, what: 'invocation record', line });
}
