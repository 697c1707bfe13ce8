import { STATUS_CODES } from 'node:http';
import { Http1Pool, REQUEST_TIMEOUT, type Exchange } from './http1-pool.js';
import type { ResponseHead } from './http1-response.js';
import type { HttpTransportSpec, PreparedRequest, SendResult, Transport } from './types.js';

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

/** One line for a failure before any HTTP status: `timeout`, `ECONNREFUSED: connect ECONNREFUSED ...`, TLS codes... */
export function networkErrorText(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown; cause?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (code === REQUEST_TIMEOUT) return 'timeout';
  const message = typeof e.message === 'string' ? e.message : String(err);
  const cause = e.cause instanceof Error ? ` (${e.cause.message})` : '';
  const text = code !== '' && !message.includes(code) ? `${code}: ${message}${cause}` : `${message}${cause}`;
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}…` : text;
}

export const ACTIVATION_HEADER = 'x-openwhisk-activation-id';

/** Enough of a body for an error text or an `{"activationId"}`; the rest is read and discarded. */
const MAX_BODY_KEPT = 64 * 1024;

/** A request's whole bytes: request line, headers (host and content-length added), body. */
export function requestBytes(r: PreparedRequest): Buffer {
  const { host } = new URL(r.origin);
  const fields = [['host', host], ...Object.entries(r.headers), ['content-length', String(r.body.byteLength)]];
  // A line break in the path or a header would split the request (they come from URLs and fixed headers).
  if ([r.path, ...fields.flat()].some((part) => /[\r\n]/.test(part)))
    throw new Error(`line break in the request to ${r.origin}${r.path}`);
  const head = `POST ${r.path} HTTP/1.1\r\n${fields.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), r.body]);
}

/**
 * One send's exchange with the pool: collects the answer and resolves the send's promise. A class
 * rather than closures: one small object per request on the hottest path.
 */
class Send implements Exchange {
  private status: number | null = null;
  private outcome: SendResult['outcome'] = 'error';
  private activationId: string | null = null;
  private kept: Buffer[] | null = null;
  private keptBytes = 0;

  constructor(
    private readonly flavour: HttpTransportSpec['flavour'],
    readonly onWire: () => void,
    private readonly resolve: (result: SendResult) => void,
  ) {}

  onHead(head: ResponseHead): void {
    this.status = head.status;
    this.outcome = classifyStatus(head.status, this.flavour);
    this.activationId = head.watched;
    if (this.outcome !== 'ok' || (this.flavour === 'openwhisk' && this.activationId === null)) this.kept = [];
  }

  onData(chunk: Buffer): void {
    if (this.kept !== null && this.keptBytes < MAX_BODY_KEPT) {
      this.kept.push(chunk);
      this.keptBytes += chunk.length;
    }
  }

  onEnd(): void {
    const text = this.kept === null ? '' : Buffer.concat(this.kept).toString('utf8');
    if (this.flavour === 'openwhisk' && this.activationId === null) this.activationId = activationIdFromBody(text);
    const { status, outcome, activationId } = this;
    this.resolve({ status, outcome, activationId, error: outcome === 'ok' ? null : httpErrorText(status ?? 0, text) });
  }

  onError(err: Error): void {
    const error = networkErrorText(err);
    this.resolve({
      status: this.status,
      outcome: error === 'timeout' ? 'timeout' : 'error',
      activationId: this.activationId,
      error,
    });
  }
}

/**
 * POSTs prepared requests over one keep-alive connection pool per origin (`Http1Pool`): each
 * request's bytes are built once, before the run; bodies are always read to the end, and kept
 * only when they carry something we need (an error text, or an activation id missing from the
 * header). `onWire` fires when the request is written to a connection, after any wait for a free
 * or new one; the time limit runs from then to the end of its answer.
 */
export function createHttpTransport(spec: HttpTransportSpec): Transport {
  const pools = new Map<string, Http1Pool>();
  const poolFor = (origin: string): Http1Pool => {
    let pool = pools.get(origin);
    if (pool === undefined) {
      pool = new Http1Pool({
        origin,
        rejectUnauthorized: !spec.insecure,
        connections: spec.connections,
        timeoutMs: spec.timeoutMs,
        watchedHeader: spec.flavour === 'openwhisk' ? ACTIVATION_HEADER : null,
      });
      pools.set(origin, pool);
    }
    return pool;
  };
  const prepared = spec.requests.map((r) => ({ pool: poolFor(r.origin), bytes: requestBytes(r) }));

  return {
    send(instance, onWire) {
      const req = prepared[instance]!;
      return new Promise<SendResult>((resolve) =>
        req.pool.dispatch(req.bytes, new Send(spec.flavour, onWire, resolve)),
      );
    },
    async preconnect() {
      await Promise.all([...pools.values()].map((pool) => pool.preconnect(spec.preconnect)));
    },
    async close() {
      for (const pool of pools.values()) pool.close();
    },
  };
}
