/**
 * Activation records in OpenWhisk's stored shape (reference doc §1.1–1.2) and the REST views of
 * them (§1.4). Pure: no I/O.
 */
import type { Action } from './action.js';
import type { KeyValue, StoredActivation } from './store/types.js';

export type StatusCode = 0 | 1 | 2 | 3;

/** What came of running an activation, before timing is attached. */
export interface Outcome {
  readonly statusCode: StatusCode;
  readonly result: unknown;
  readonly logs: readonly string[];
  readonly timedOut: boolean;
}

/** Epoch ms (sub-ms precision allowed; stored values are rounded as OpenWhisk stores them). */
export interface Timing {
  readonly arrival: number;
  /** Cold starts only: when the runtime began initialising the action. */
  readonly initStart: number | null;
  readonly runStart: number;
  readonly end: number;
}

export const MESSAGES = {
  timeout: (ms: number) => `The action exceeded its time limits of ${ms} milliseconds.`,
  initTimeout: (ms: number) => `The action exceeded its time limits of ${ms} milliseconds during initialization.`,
  exited: 'The action did not produce a valid response and exited unexpectedly.',
  notDictionary: 'The action did not return a dictionary.',
  stopped: 'whisk-local stopped before the activation ran.',
  truncated: (bytes: number, max: number, start: string) =>
    `The action produced a response that exceeded the allowed length: ${bytes} > ${max} bytes. The truncated response was: ${start}`,
  crashed: 'whisk-local stopped abruptly before the activation finished; it was recorded at the next start.',
  logsTruncated: (bytes: number) =>
    `Logs were truncated because the total bytes size exceeds the limit of ${bytes} bytes.`,
} as const;

/** Keeps log lines up to `limitMb` MB in total (OpenWhisk's `limits.logs`), then one truncation notice. */
export function limitLogs(logs: readonly string[], limitMb: number): readonly string[] {
  const limit = limitMb * 1024 * 1024;
  let total = 0;
  for (let i = 0; i < logs.length; i++) {
    total += Buffer.byteLength(logs[i]!);
    if (total > limit) return [...logs.slice(0, i), MESSAGES.logsTruncated(limit)];
  }
  return logs;
}

export function statusMessage(code: StatusCode): string {
  switch (code) {
    case 0:
      return 'success';
    case 1:
      return 'application error';
    case 2:
      return 'action developer error';
    default:
      return 'whisk internal error';
  }
}

/**
 * Classifies what an action's `main` returned, as OpenWhisk's runtimes and invoker do: an object
 * without `error` (or an array) is success, an object with `error` an application error, anything
 * else a developer error. `undefined` counts as `{}`.
 */
export function classifyResult(value: unknown): { statusCode: StatusCode; result: unknown } {
  if (value === undefined || value === null) return { statusCode: 0, result: {} };
  if (Array.isArray(value)) return { statusCode: 0, result: value };
  if (typeof value === 'object') return { statusCode: 'error' in value ? 1 : 0, result: value };
  return { statusCode: 2, result: { error: MESSAGES.notDictionary } };
}

/** OpenWhisk's default `whisk.activation.payload.max`: parameters and results, 1 MiB each. */
export const DEFAULT_PAYLOAD_MAX_BYTES = 1024 * 1024;

/**
 * A result over `maxBytes` (as JSON) is replaced by OpenWhisk's application error naming both
 * sizes, with the response cut to `maxBytes` characters.
 */
export function limitResult(
  classified: { statusCode: StatusCode; result: unknown },
  maxBytes: number,
): { statusCode: StatusCode; result: unknown } {
  const text = JSON.stringify(classified.result);
  const bytes = text.length > maxBytes / 3 ? Buffer.byteLength(text) : text.length;
  if (bytes <= maxBytes) return classified;
  return { statusCode: 1, result: { error: MESSAGES.truncated(bytes, maxBytes, text.slice(0, maxBytes)) } };
}

export function developerError(message: string, logs: readonly string[] = [], timedOut = false): Outcome {
  return { statusCode: 2, result: { error: message }, logs, timedOut };
}

export function whiskError(message: string): Outcome {
  return { statusCode: 3, result: { error: message }, logs: [], timedOut: false };
}

/** The parts of an action its activation records name. */
export type ActivatedAction = Pick<Action, 'namespace' | 'name' | 'path' | 'version' | 'limits'> & {
  readonly exec: { readonly kind: string };
};

/** Builds the document stored for one activation. */
export function buildActivation(
  action: ActivatedAction,
  activationId: string,
  subject: string,
  timing: Timing,
  outcome: Outcome,
  now: number,
): StoredActivation {
  const arrival = Math.round(timing.arrival);
  const runStart = Math.round(timing.runStart);
  const end = Math.max(Math.round(timing.end), runStart);
  const initStart = timing.initStart === null ? null : Math.round(timing.initStart);
  const start = initStart ?? runStart;
  const annotations: KeyValue[] = [
    { key: 'path', value: action.path },
    { key: 'waitTime', value: Math.max(0, start - arrival) },
    { key: 'kind', value: action.exec.kind },
    { key: 'timeout', value: outcome.timedOut },
    {
      key: 'limits',
      value: {
        concurrency: action.limits.concurrency,
        logs: action.limits.logs,
        memory: action.limits.memory,
        timeout: action.limits.timeout,
      },
    },
  ];
  if (initStart !== null) annotations.push({ key: 'initTime', value: runStart - initStart });
  return {
    _id: `${action.namespace}/${activationId}`,
    entityType: 'activation',
    updated: Math.round(now),
    activationId,
    namespace: action.namespace,
    name: action.name,
    subject,
    version: action.version,
    publish: false,
    start,
    end,
    duration: end - start,
    response: { statusCode: outcome.statusCode, result: outcome.result },
    logs: [...outcome.logs],
    annotations,
  };
}

/** `toExtendedJson`: the record as `GET /activations/{id}` and blocking invokes return it. */
export function toExtendedJson(doc: StoredActivation): Record<string, unknown> {
  const code = doc.response.statusCode;
  return {
    namespace: doc.namespace,
    name: doc.name,
    version: doc.version,
    subject: doc.subject,
    activationId: doc.activationId,
    start: doc.start,
    end: doc.end,
    duration: doc.duration,
    ...(doc.cause !== undefined ? { cause: doc.cause } : {}),
    response: { status: statusMessage(code), success: code === 0, result: doc.response.result ?? {} },
    logs: doc.logs,
    annotations: doc.annotations,
    publish: false,
  };
}

/** The list view without `docs`: a summary with a top-level `statusCode`. */
export function toSummary(doc: StoredActivation): Record<string, unknown> {
  return {
    namespace: doc.namespace,
    name: doc.name,
    version: doc.version,
    publish: false,
    annotations: doc.annotations,
    activationId: doc.activationId,
    start: doc.start,
    end: doc.end,
    duration: doc.duration,
    ...(doc.cause !== undefined ? { cause: doc.cause } : {}),
    statusCode: doc.response.statusCode,
  };
}

/** `GET /activations/{id}/result`. */
export function toResultView(doc: StoredActivation): Record<string, unknown> {
  const code = doc.response.statusCode;
  return {
    result: doc.response.result ?? {},
    success: code === 0,
    status: statusMessage(code),
    ...(doc.response.size !== undefined ? { size: doc.response.size } : {}),
  };
}

/** OpenWhisk's log line format: `<RFC3339Nano UTC> <stream>: <line>`. */
export function formatLogLine(epochMs: number, stream: 'stdout' | 'stderr', line: string): string {
  const whole = Math.floor(epochMs);
  const nanos = Math.min(999_999, Math.round((epochMs - whole) * 1e6));
  const iso = new Date(whole).toISOString();
  return `${iso.slice(0, 23)}${String(nanos).padStart(6, '0')}Z ${stream}: ${line}`;
}
