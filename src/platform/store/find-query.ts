/**
 * Pure part of the `_find` fast path: recognises the Mango queries it can answer from the
 * start index (a range on `start`, optional equality conditions, ascending start order),
 * and encodes/decodes CouchDB-style opaque bookmarks. Anything else goes to pouchdb-find.
 */

import { isJsonObject } from '../../config/json-text.js';

/** CouchDB's `mango.default_limit`. */
export const DEFAULT_FIND_LIMIT = 25;

export type Primitive = string | number | boolean | null;

export interface FastFindPlan {
  /** Lower bound on start, if any. */
  readonly from: { readonly value: number; readonly inclusive: boolean } | undefined;
  /** Upper bound on start, if any. */
  readonly to: { readonly value: number; readonly inclusive: boolean } | undefined;
  /** Equality conditions on other fields (dotted paths split into segments). */
  readonly equals: ReadonlyArray<{ readonly path: readonly string[]; readonly value: Primitive }>;
  readonly limit: number;
  readonly skip: number;
  readonly after: BookmarkKey | undefined;
  /** The bookmark as the client sent it (echoed back when a page is empty). */
  readonly bookmarkText: string | undefined;
  readonly fields: ReadonlyArray<readonly string[]> | undefined;
  readonly executionStats: boolean;
  /** `sort: [{"start": "desc"}]`: newest first, the bookmark resuming below the last document. */
  readonly descending: boolean;
}

/** The last returned document's sort key; the next page starts strictly after it. */
export interface BookmarkKey {
  readonly start: number;
  readonly id: string;
}

export class FindRequestError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    reason: string,
  ) {
    super(reason);
  }
}

const RANGE_OPS = new Set(['$gt', '$gte', '$lt', '$lte', '$eq']);
/** Request keys the fast path understands or may safely ignore. */
const KNOWN_KEYS = new Set([
  'selector',
  'limit',
  'skip',
  'sort',
  'fields',
  'bookmark',
  'use_index',
  'r',
  'update',
  'stable',
  'stale',
  'execution_stats',
  'conflicts',
  'allow_fallback',
]);

/**
 * The fast-path plan for a `_find` body, or undefined when pouchdb-find must answer it.
 * Throws FindRequestError for requests CouchDB itself rejects (no selector, bad limit, bad bookmark).
 */
export function planFastFind(body: unknown): FastFindPlan | undefined {
  const req = checkCommon(body);
  if (Object.keys(req).some((k) => !KNOWN_KEYS.has(k))) return undefined;
  if (req.conflicts === true) return undefined;
  const order = startSortOrder(req.sort);
  if (order === undefined) return undefined;
  const selector = req.selector as Record<string, unknown>;
  if (!('start' in selector)) return undefined;
  let from: FastFindPlan['from'];
  let to: FastFindPlan['to'];
  const equals: Array<{ path: string[]; value: Primitive }> = [];
  for (const [key, cond] of Object.entries(selector)) {
    if (key.startsWith('$')) return undefined;
    if (key === 'start') {
      const range = startRange(cond);
      if (range === undefined) return undefined;
      ({ from, to } = range);
      continue;
    }
    const value = equalityValue(cond);
    if (value === undefined) return undefined;
    equals.push({ path: key.split('.'), value });
  }
  const fields = req.fields === undefined ? undefined : parseFields(req.fields);
  if (fields === null) return undefined;
  return {
    from,
    to,
    equals,
    limit: req.limit === undefined ? DEFAULT_FIND_LIMIT : (req.limit as number),
    skip: req.skip === undefined ? 0 : (req.skip as number),
    after: decodeKeyBookmark(req.bookmark),
    bookmarkText: typeof req.bookmark === 'string' && req.bookmark !== '' ? req.bookmark : undefined,
    fields,
    executionStats: req.execution_stats === true,
    descending: order === 'desc',
  };
}

/** Checks what CouchDB checks for every `_find`, whichever path answers it. */
export function checkCommon(body: unknown): Record<string, unknown> {
  if (!isJsonObject(body)) throw new FindRequestError(400, 'bad_request', 'Request body must be a JSON object');
  const req = body;
  if (!('selector' in req)) throw new FindRequestError(400, 'missing_required_key', 'Missing required key: selector');
  if (!isJsonObject(req.selector))
    throw new FindRequestError(400, 'invalid_selector_json', 'Selector must be a JSON object');
  for (const key of ['limit', 'skip'] as const) {
    const v = req[key];
    if (v !== undefined && (!Number.isInteger(v) || (v as number) < 0)) {
      throw new FindRequestError(400, 'bad_request', `Invalid value for ${key}: ${JSON.stringify(v)}`);
    }
  }
  return req;
}

/** The order a sort asks for when it sorts by `start` alone (no sort: ascending); else undefined. */
function startSortOrder(sort: unknown): 'asc' | 'desc' | undefined {
  if (sort === undefined) return 'asc';
  if (!Array.isArray(sort) || sort.length > 1) return undefined;
  if (sort.length === 0) return 'asc';
  const only: unknown = sort[0];
  if (only === 'start') return 'asc';
  if (typeof only !== 'object' || only === null) return undefined;
  const entries = Object.entries(only);
  if (entries.length !== 1 || entries[0]![0] !== 'start') return undefined;
  const dir = entries[0]![1];
  return dir === 'asc' || dir === 'desc' ? dir : undefined;
}

function startRange(cond: unknown): Pick<FastFindPlan, 'from' | 'to'> | undefined {
  if (typeof cond === 'number') return { from: { value: cond, inclusive: true }, to: { value: cond, inclusive: true } };
  if (!isJsonObject(cond)) return undefined;
  if (Object.keys(cond).length === 0) return undefined;
  let from: FastFindPlan['from'];
  let to: FastFindPlan['to'];
  for (const [op, value] of Object.entries(cond)) {
    if (!RANGE_OPS.has(op) || typeof value !== 'number' || !Number.isFinite(value)) return undefined;
    if (op === '$gt' || op === '$gte' || op === '$eq') from = tighterLow(from, { value, inclusive: op !== '$gt' });
    if (op === '$lt' || op === '$lte' || op === '$eq') to = tighterHigh(to, { value, inclusive: op !== '$lt' });
  }
  return { from, to };
}

type Bound = { readonly value: number; readonly inclusive: boolean };

function tighterLow(a: Bound | undefined, b: Bound): Bound {
  if (a === undefined || b.value > a.value) return b;
  if (b.value < a.value) return a;
  return { value: a.value, inclusive: a.inclusive && b.inclusive };
}

function tighterHigh(a: Bound | undefined, b: Bound): Bound {
  if (a === undefined || b.value < a.value) return b;
  if (b.value > a.value) return a;
  return { value: a.value, inclusive: a.inclusive && b.inclusive };
}

function isPrimitive(v: unknown): v is Primitive {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function equalityValue(cond: unknown): Primitive | undefined {
  if (isPrimitive(cond)) return cond;
  if (typeof cond !== 'object' || Array.isArray(cond)) return undefined;
  const entries = Object.entries(cond);
  if (entries.length === 1 && entries[0]![0] === '$eq' && isPrimitive(entries[0]![1])) return entries[0]![1];
  return undefined;
}

/** `fields` as split dotted paths; null when it is not a plain list of field names. */
function parseFields(fields: unknown): string[][] | null {
  if (!Array.isArray(fields) || !fields.every((f) => typeof f === 'string' && f.length > 0)) return null;
  return (fields as string[]).map((f) => f.split('.'));
}

/** Does the document meet every equality condition? */
export function matchesEquals(doc: unknown, equals: FastFindPlan['equals']): boolean {
  return equals.every(({ path, value }) => valueAt(doc, path) === value);
}

function valueAt(doc: unknown, path: readonly string[]): unknown {
  let v: unknown = doc;
  for (const seg of path) {
    if (!isJsonObject(v)) return undefined;
    v = v[seg];
  }
  return v;
}

/** Keeps only the requested fields (CouchDB does not add `_id` unless asked). */
export function project(doc: unknown, fields: ReadonlyArray<readonly string[]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path of fields) {
    const v = valueAt(doc, path);
    if (v === undefined) continue;
    let target = out;
    for (const seg of path.slice(0, -1)) {
      const next = target[seg];
      if (typeof next === 'object' && next !== null) target = next as Record<string, unknown>;
      else target = target[seg] = {};
    }
    target[path[path.length - 1]!] = v;
  }
  return out;
}

export function encodeKeyBookmark(key: BookmarkKey): string {
  return Buffer.from(JSON.stringify([key.start, key.id])).toString('base64url');
}

function decodeKeyBookmark(bookmark: unknown): BookmarkKey | undefined {
  if (bookmark === undefined || bookmark === null || bookmark === '' || bookmark === 'nil') return undefined;
  const key = decodeJson(bookmark);
  if (Array.isArray(key) && key.length === 2 && typeof key[0] === 'number' && typeof key[1] === 'string') {
    return { start: key[0], id: key[1] };
  }
  throw invalidBookmark(bookmark);
}

/** Bookmarks of queries pouchdb-find answers: the number of matches already returned. */
export function encodeOffsetBookmark(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

export function decodeOffsetBookmark(bookmark: unknown): number {
  if (bookmark === undefined || bookmark === null || bookmark === '' || bookmark === 'nil') return 0;
  const v = decodeJson(bookmark);
  const offset = typeof v === 'object' && v !== null ? (v as { offset?: unknown }).offset : undefined;
  if (Number.isInteger(offset) && (offset as number) >= 0) return offset as number;
  throw invalidBookmark(bookmark);
}

function decodeJson(bookmark: unknown): unknown {
  if (typeof bookmark !== 'string') throw invalidBookmark(bookmark);
  try {
    return JSON.parse(Buffer.from(bookmark, 'base64url').toString('utf8'));
  } catch {
    throw invalidBookmark(bookmark);
  }
}

function invalidBookmark(bookmark: unknown): FindRequestError {
  return new FindRequestError(400, 'invalid_bookmark', `Invalid bookmark value: ${JSON.stringify(bookmark)}`);
}
