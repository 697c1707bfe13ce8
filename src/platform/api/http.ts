/** Small HTTP helpers for the API: bodies, JSON replies, query strings, OpenWhisk error bodies. */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { isJsonObject } from '../../config/json-text.js';
import { ApiError } from '../action.js';
import { newTransactionId } from '../ids.js';

export const ACTIVATION_ID_HEADER = 'x-openwhisk-activation-id';

export const ERRORS = {
  notFound: 'The requested resource does not exist.',
  unauthorized: 'The supplied authentication is not authorized to access this resource.',
  conflict: 'resource already exists',
  tooManyConcurrent: (count: number, allowed: number) =>
    `Too many concurrent requests in flight (count: ${count}, allowed: ${allowed}).`,
  internal: 'There was an internal server error.',
} as const;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers?: OutgoingHttpHeaders): void {
  const text = JSON.stringify(body);
  // a flat [name, value, ...] list skips Node's per-response header map (this is the hot path)
  const raw = ['content-type', 'application/json', 'content-length', String(Buffer.byteLength(text))];
  if (headers !== undefined) for (const name in headers) raw.push(name, String(headers[name]));
  res.writeHead(status, raw);
  res.end(text);
}

/** `{"error": message, "code": <transaction id>}`, OpenWhisk's error body. */
export function sendError(res: ServerResponse, status: number, message: string, headers?: OutgoingHttpHeaders): void {
  sendJson(res, status, { error: message, code: newTransactionId() }, headers);
}

/**
 * Reads the whole body; rejects with a 413 ApiError beyond `maxBytes`, declared or (chunked)
 * counted. The rest of an oversized body is read and dropped, so that the client, still
 * sending, gets the 413 rather than a reset connection.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) {
      req.resume();
      reject(new ApiError(413, `Request larger than allowed: ${declared} > ${maxBytes} bytes.`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size > maxBytes) return; // already refused: drop the rest
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        reject(new ApiError(413, `Request larger than allowed: more than ${maxBytes} bytes.`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

/** A JSON object body (empty means `{}`), else a 400 ApiError. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new ApiError(400, `The request content was malformed:\n${(err as Error).message}`);
  }
  if (!isJsonObject(value))
    throw new ApiError(400, 'The request content was malformed:\nthe body must be a JSON object.');
  return value;
}

/** Parses `a=1&b=x` (values stay strings, as in a URLSearchParams). */
export function parseQuery(query: string): Map<string, string> {
  const out = new Map<string, string>();
  if (query === '') return out;
  for (const [k, v] of new URLSearchParams(query)) out.set(k, v);
  return out;
}

/** A whole number in [min, max] from a query value, `fallback` when absent, else a 400 ApiError. */
export function intParam(q: Map<string, string>, name: string, fallback: number, min: number, max: number): number {
  const raw = q.get(name);
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ApiError(400, `The parameter '${name}' must be a whole number in ${min}..${max}, got '${raw}'.`);
  return n;
}

/** `limit` of a list: default 30, at most 200, 0 meaning 200 (OpenWhisk's query-limit and its message). */
export function listLimit(q: Map<string, string>, collection: string): number {
  const raw = q.get('limit');
  if (raw === undefined || raw === '') return 30;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 200)
    throw new ApiError(400, `The value '${raw}' is not in the range of 0 to 200 for ${collection}.`);
  return n === 0 ? 200 : n;
}
