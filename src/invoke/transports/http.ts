import { STATUS_CODES } from 'node:http';
import { Pool, type Dispatcher } from 'undici';
import { DeadlineTable } from './deadlines.js';
import { preconnectingConnector } from './preconnect.js';
import type { HttpTransportSpec, SendResult, Transport } from './types.js';

/**
 * 2xx → ok; OpenWhisk's 502 → app_error (the action ran and failed); 429 → throttled; other 4xx →
 * client_error; other 5xx → platform_error; anything else → error.
 */
export function classifyStatus(status: number, flavour: 'openwhisk' | 'generic'): SendResult['outcome'] {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 429) return 'throttled';
  if (status === 502 && flavour === 'openwhisk') return 'app_error';
  if (status >= 400 && status < 500) return 'client_error';
  if (status >= 500 && status < 600) return 'platform_error';
  return 'error';
}

const MAX_ERROR_TEXT = 300;

/** `401 The supplied authentication is not authorized...`: OpenWhisk's `{error}` text, else the body, else the reason phrase. */
export function httpErrorText(status: number, body: string): string {
  let message = '';
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed !== null && typeof parsed === 'object' && typeof (parsed as { error?: unknown }).error === 'string') {
      message = (parsed as { error: string }).error;
    }
  } catch {
    // not JSON: use the text itself
  }
  if (message === '') message = body.trim().replace(/\s+/g, ' ');
  if (message === '') message = STATUS_CODES[status] ?? '';
  const text = `${status} ${message}`.trim();
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}…` : text;
}

/** `{"activationId": "..."}` (non-blocking or blocking-timeout answers); null for anything else. */
export function activationIdFromBody(body: string): string | null {
  if (!body.includes('activationId')) return null;
  try {
    const parsed: unknown = JSON.parse(body);
    const id =
      parsed !== null && typeof parsed === 'object' ? (parsed as { activationId?: unknown }).activationId : undefined;
    return typeof id === 'string' && id !== '' ? id : null;
  } catch {
    return null;
  }
}

/** The per-request time limit ran out (see `DeadlineTable`). */
const REQUEST_TIMEOUT = 'FAAS_REQUEST_TIMEOUT';
const TIMEOUT_CODES = new Set([
  REQUEST_TIMEOUT,
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** One line for a failure before any HTTP status: `timeout`, `ECONNREFUSED: connect ECONNREFUSED ...`, TLS codes... */
export function networkErrorText(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown; cause?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (TIMEOUT_CODES.has(code)) return 'timeout';
  const message = typeof e.message === 'string' ? e.message : String(err);
  const cause = e.cause instanceof Error ? ` (${e.cause.message})` : '';
  const text = code !== '' && !message.includes(code) ? `${code}: ${message}${cause}` : `${message}${cause}`;
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}…` : text;
}

export const ACTIVATION_HEADER = 'x-openwhisk-activation-id';

/** Enough of a body for an error text or an `{"activationId"}`; the rest is read and discarded. */
const MAX_BODY_KEPT = 64 * 1024;

/**
 * POSTs prepared requests over one keep-alive undici Pool per origin, through undici's low-level
 * dispatch API: `onWire` fires when the request is written to a connection (after any wait for a
 * free or new connection), bodies are always read to the end, and kept only when they carry
 * something we need (an error text, or an activation id missing from the header). The time limit
 * runs from the request's wire time to the end of its answer (`DeadlineTable`, not undici's timers).
 */
export function createHttpTransport(spec: HttpTransportSpec): Transport {
  const connector = preconnectingConnector({ rejectUnauthorized: !spec.insecure });
  const deadlines = new DeadlineTable<Dispatcher.DispatchController>(spec.timeoutMs, (controller) =>
    controller.abort(Object.assign(new Error(`no answer within ${spec.timeoutMs} ms`), { code: REQUEST_TIMEOUT })),
  );
  const pools = new Map<string, Pool>();
  const poolFor = (origin: string): Pool => {
    let pool = pools.get(origin);
    if (pool === undefined) {
      pool = new Pool(origin, {
        connections: spec.connections,
        pipelining: 1,
        headersTimeout: 0,
        bodyTimeout: 0,
        connect: connector.connect,
      });
      pools.set(origin, pool);
    }
    return pool;
  };
  const prepared = spec.requests.map((r) => ({
    pool: poolFor(r.origin),
    options: {
      method: 'POST' as const,
      path: r.path,
      headers: r.headers,
      body: Buffer.from(r.body.buffer, r.body.byteOffset, r.body.byteLength),
    },
  }));

  function send(instance: number, onWire: () => void): Promise<SendResult> {
    const req = prepared[instance]!;
    return new Promise<SendResult>((resolve) => {
      let status: number | null = null;
      let outcome: SendResult['outcome'] = 'error';
      let activationId: string | null = null;
      let kept: Buffer[] | null = null;
      let keptBytes = 0;
      let timedController: Dispatcher.DispatchController | null = null;
      let timedSlot = -1;
      const ended = (): void => {
        if (timedController !== null) deadlines.remove(timedSlot, timedController);
      };
      const fail = (err: unknown): void => {
        ended();
        const error = networkErrorText(err);
        resolve({ status, outcome: error === 'timeout' ? 'timeout' : 'error', activationId, error });
      };
      try {
        req.pool.dispatch(req.options, {
          onRequestStart(controller) {
            timedController = controller;
            timedSlot = deadlines.add(controller);
            onWire();
          },
          onResponseStart(_controller, statusCode, headers) {
            status = statusCode;
            outcome = classifyStatus(statusCode, spec.flavour);
            const header = headers[ACTIVATION_HEADER];
            if (spec.flavour === 'openwhisk' && typeof header === 'string' && header !== '') activationId = header;
            if (outcome !== 'ok' || (spec.flavour === 'openwhisk' && activationId === null)) kept = [];
          },
          onResponseData(_controller, chunk) {
            if (kept !== null && keptBytes < MAX_BODY_KEPT) {
              kept.push(chunk);
              keptBytes += chunk.length;
            }
          },
          onResponseEnd() {
            ended();
            const text = kept === null ? '' : Buffer.concat(kept).toString('utf8');
            if (spec.flavour === 'openwhisk' && activationId === null) activationId = activationIdFromBody(text);
            resolve({
              status,
              outcome,
              activationId,
              error: outcome === 'ok' ? null : httpErrorText(status ?? 0, text),
            });
          },
          onResponseError: (_controller, err) => fail(err),
        });
      } catch (err) {
        fail(err);
      }
    });
  }

  return {
    send,
    async preconnect() {
      await Promise.all([...pools.keys()].map((origin) => connector.open(origin, spec.preconnect)));
    },
    async close() {
      deadlines.close();
      connector.close();
      await Promise.all([...pools.values()].map((p) => p.destroy().catch(() => undefined)));
    },
  };
}
