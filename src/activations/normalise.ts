import { activationDocSchema, describeProblems } from '../contracts/index.js';
import type { Activation } from './types.js';
import { isJsonObject } from '../config/json-text.js';
import { isDesignDoc, isHealthCheck, isTrigger } from './filters.js';

/** Where a raw record came from: the shapes differ in how the status is stored (reference doc §1.4). */
export type RecordSource = 'db' | 'api';

export type NormaliseOutcome =
  | { readonly kind: 'activation'; readonly activation: Activation }
  | { readonly kind: 'skipped'; readonly reason: 'health' | 'trigger' | 'design' }
  | { readonly kind: 'malformed'; readonly reason: string };

/** `response.status` strings of the REST API (`messageForCode`, with spaces). */
const API_STATUS: Readonly<Record<string, number>> = {
  success: 0,
  'application error': 1,
  'action developer error': 2,
  'whisk internal error': 3,
};

/**
 * Annotations are `[{key, value}]` in CouchDB and the REST API; ElasticSearch stores them as a
 * plain object. Returns the values this analysis needs.
 */
function readAnnotations(raw: unknown): { kind?: string; waitTime?: unknown; initTime?: unknown } {
  const out: { kind?: string; waitTime?: unknown; initTime?: unknown } = {};
  const take = (key: unknown, value: unknown) => {
    if (key === 'kind' && typeof value === 'string') out.kind = value;
    else if (key === 'waitTime') out.waitTime = value;
    else if (key === 'initTime') out.initTime = value;
  };
  if (Array.isArray(raw)) {
    for (const a of raw) if (isJsonObject(a)) take(a['key'], a['value']);
  } else if (isJsonObject(raw)) {
    for (const [k, v] of Object.entries(raw)) take(k, v);
  }
  return out;
}

function optionalMs(v: unknown, field: string): number | string {
  if (v === undefined || v === null) return 0;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : `${field} is not a number of ms`;
}

function statusCode(response: unknown, source: RecordSource): number | null {
  if (!isJsonObject(response)) return null;
  if (source === 'db') {
    const c = response['statusCode'];
    return typeof c === 'number' && Number.isInteger(c) && c >= 0 && c <= 3 ? c : null;
  }
  // The API and CLI add `status`/`success`; their `statusCode` is client-made and unreliable.
  const s = response['status'];
  if (typeof s === 'string' && s in API_STATUS) return API_STATUS[s]!;
  if (response['success'] === true) return 0;
  return null;
}

/**
 * Turns one raw activation record (a CouchDB document or a REST API `docs=true` record) into an
 * `Activation`, or says why it is skipped (health pings, triggers, design docs) or malformed.
 */
export function normaliseActivation(doc: unknown, source: RecordSource, keepResult: boolean): NormaliseOutcome {
  if (!isJsonObject(doc)) return { kind: 'malformed', reason: 'not a JSON object' };
  if (isDesignDoc(doc['_id'])) return { kind: 'skipped', reason: 'design' };
  const parsed = activationDocSchema.safeParse(doc);
  if (!parsed.success) return { kind: 'malformed', reason: describeProblems(parsed.error) };
  const { name, activationId, start, annotations, response } = parsed.data;
  if (isHealthCheck(name)) return { kind: 'skipped', reason: 'health' };
  // The API drops `end` for triggers; CouchDB stores 0.
  const end = parsed.data.end ?? 0;
  const ann = readAnnotations(annotations);
  const kind = ann.kind;
  if (isTrigger(end, kind) || kind === undefined) return { kind: 'skipped', reason: 'trigger' };
  const duration = parsed.data.duration ?? end - start;
  if (duration < 0) return { kind: 'malformed', reason: 'duration: end is before start' };
  const waitTime = optionalMs(ann.waitTime, 'waitTime');
  if (typeof waitTime === 'string') return { kind: 'malformed', reason: waitTime };
  const initTime = optionalMs(ann.initTime, 'initTime');
  if (typeof initTime === 'string') return { kind: 'malformed', reason: initTime };
  const activation: Activation = {
    func_name: name,
    activationId,
    namespace: parsed.data.namespace ?? '',
    start,
    end,
    duration,
    waitTime,
    initTime,
    latency: duration + waitTime,
    execution: duration - initTime,
    kind,
    statusCode: statusCode(response, source),
    // Warm means initTime = 0 (absent), as FaaSProfiler splits them.
    cold: initTime > 0,
    ...(keepResult ? { result: response?.['result'] } : {}),
  };
  return { kind: 'activation', activation };
}
