import { connect as tcpConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { DeadlineTable } from './deadlines.js';
import { ResponseReader, type ResponseHead, type ResponseSink } from './http1-response.js';

/**
 * Keep-alive HTTP/1.1 connections to one origin, one request at a time on each (no pipelining):
 * the invoker's send path. It does only what an open-loop sender of prepared POSTs needs — write
 * the request's bytes in one call, read the answer — and so costs about half the CPU per request
 * of undici's Pool, the client it replaced (measured at 20,000/s on one core, loopback node:http
 * target: 21 µs against 36–38 µs per request; see docs/invoker.md#timing).
 */

/** One request's part: the pool calls these, each at most once, `onHead`/`onData` before `onEnd`. */
export interface Exchange extends ResponseSink {
  /** The request was written to a connection (after any wait for one to connect or come free). */
  onWire(): void;
  /** No (complete) answer: network error, time limit, protocol error or the pool closed. */
  onError(err: Error): void;
}

export interface Http1PoolOptions {
  /** `http://host:port` or `https://host:port` */
  readonly origin: string;
  readonly rejectUnauthorized: boolean;
  /** At most this many connections; requests beyond wait in order. null: a new one whenever none is free. */
  readonly connections: number | null;
  /**
   * From wire time to the end of the answer, and for connecting; beyond it the connection is
   * closed and the request fails.
   */
  readonly timeoutMs: number;
  /** Lower-case header name whose value each `onHead` reports (e.g. the activation id), or null. */
  readonly watchedHeader: string | null;
}

/** The error a request fails with when its time limit runs out (`code` is recognised as a timeout). */
export const REQUEST_TIMEOUT = 'FAAS_REQUEST_TIMEOUT';
/**
 * A connection idle this long is not reused, unless the server said how long it keeps them
 * (`Keep-Alive: timeout`), in which case a second less: writing to a connection the server is
 * closing loses the request, and a POST is not retried.
 */
const DEFAULT_IDLE_MS = 4000;
const IDLE_MARGIN_MS = 1000;
/**
 * At most this many connections opened during the run and not yet proven, i.e. that have not
 * carried a whole answer; a request that finds none free beyond it waits for the first to come
 * free or be proven. Without the bound a stall of the target became a burst of new connections,
 * which slowed it more, which kept more requests in flight, which opened more connections. A TCP
 * connect is no proof: the kernel completes it before the server accepts, so a bound on connects
 * alone still let 500 connections into a stalled node:http server's accept queue at 20,000/s
 * (25 ms of stall); it overflowed, SYNs were dropped and their requests waited 1 s or more.
 */
export const MAX_CONNECTING = 16;

const failure = (message: string, code?: string): Error => Object.assign(new Error(message), code ? { code } : {});

class Connection implements ResponseSink {
  readonly socket: Socket;
  private readonly reader: ResponseReader;
  private ready = false;
  private dead = false;
  /** Counted in the pool's `connecting` until it connects (opened before the test) or carries an answer. */
  private unproven = true;
  /** Request written once connected. */
  private pendingBytes: Buffer | null = null;
  private exchange: Exchange | null = null;
  private deadlineSlot = -1;
  private closeAfter = false;
  private idleSince = 0;
  private maxIdleMs = DEFAULT_IDLE_MS;
  /** `connect`, or `secureConnect` for https: the connection can carry a request. */
  private readonly connectedEvent: 'connect' | 'secureConnect';

  constructor(private readonly pool: Http1Pool) {
    const { url, options } = pool;
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const host = url.hostname.replace(/^\[|\]$/g, '');
    this.socket =
      url.protocol === 'https:'
        ? tlsConnect({
            host,
            port,
            servername: isIP(host) === 0 ? host : undefined,
            rejectUnauthorized: options.rejectUnauthorized,
            ALPNProtocols: ['http/1.1'],
          })
        : tcpConnect({ host, port });
    this.socket.setNoDelay(true);
    this.reader = new ResponseReader(options.watchedHeader);
    this.connectedEvent = url.protocol === 'https:' ? 'secureConnect' : 'connect';
    this.socket.once(this.connectedEvent, () => this.connected());
    this.socket.on('data', (chunk: Buffer) => this.read(chunk));
    this.socket.on('end', () => this.peerClosed());
    this.socket.on('error', (err) => this.die(err));
    this.socket.on('close', () => this.die(failure('the connection closed before the answer ended')));
    // Connecting (TCP, and TLS for https) has the same time limit as an answer.
    this.deadlineSlot = pool.deadlines.add(this);
  }

  /** Alive, connected, idle, and not idle for too long (an expired one is closed). */
  reusable(now: number): boolean {
    if (this.dead || this.exchange !== null) return false;
    if (now - this.idleSince <= this.maxIdleMs) return true;
    this.destroy();
    return false;
  }

  /** Resolves once connected, or once the attempt failed. */
  settled(): Promise<void> {
    if (this.ready || this.dead) return Promise.resolve();
    return new Promise<void>((resolve) => this.socket.once(this.connectedEvent, resolve).once('close', resolve));
  }

  start(bytes: Buffer, exchange: Exchange): void {
    this.exchange = exchange;
    if (this.ready) this.write(bytes);
    else this.pendingBytes = bytes;
  }

  /** Fails the request in flight, if any, with `err`, and closes. */
  abort(err: Error): void {
    this.die(err);
    this.destroy();
  }

  destroy(): void {
    this.proven();
    this.dead = true;
    this.socket.destroy();
  }

  private write(bytes: Buffer): void {
    this.socket.write(bytes);
    this.deadlineSlot = this.pool.deadlines.add(this);
    this.exchange!.onWire();
  }

  private connected(): void {
    this.ready = true;
    this.pool.deadlines.remove(this.deadlineSlot, this);
    if (this.exchange === null) this.proven(); // opened before the test: the target had time to accept it
    this.idleSince = performance.now();
    const bytes = this.pendingBytes;
    this.pendingBytes = null;
    if (bytes !== null && this.exchange !== null) this.write(bytes);
    else if (this.exchange === null) this.pool.released(this);
  }

  private read(chunk: Buffer): void {
    if (this.exchange === null) {
      this.abort(failure('the server sent bytes nobody asked for'));
      return;
    }
    try {
      this.reader.push(chunk, this);
    } catch (err) {
      this.abort(err as Error);
    }
  }

  onHead(head: ResponseHead): void {
    this.closeAfter = head.close;
    if (head.keepAliveMs !== null) this.maxIdleMs = Math.max(0, head.keepAliveMs - IDLE_MARGIN_MS);
    this.exchange?.onHead(head);
  }

  onData(chunk: Buffer): void {
    this.exchange?.onData(chunk);
  }

  onEnd(): void {
    const exchange = this.exchange;
    if (exchange === null) return;
    this.pool.deadlines.remove(this.deadlineSlot, this);
    this.exchange = null;
    this.idleSince = performance.now();
    if (this.closeAfter) this.destroy();
    exchange.onEnd();
    if (!this.dead) this.pool.released(this);
    this.proven();
  }

  private peerClosed(): void {
    if (this.exchange !== null && !this.reader.close(this) && this.exchange !== null)
      this.die(failure('the server closed the connection before the answer ended', 'ECONNRESET'));
    this.destroy();
  }

  /** Fails the request in flight (once) and marks the connection unusable. */
  /** No longer counted as being opened (once). */
  private proven(): void {
    if (!this.unproven) return;
    this.unproven = false;
    this.pool.connectingEnded();
  }

  private die(err: Error): void {
    this.proven();
    this.dead = true;
    this.pendingBytes = null;
    const exchange = this.exchange;
    this.exchange = null;
    this.pool.deadlines.remove(this.deadlineSlot, this);
    exchange?.onError(err);
    this.pool.forget(this);
  }
}

export class Http1Pool {
  readonly url: URL;
  readonly deadlines: DeadlineTable<Connection>;
  private readonly all = new Set<Connection>();
  /** Idle connections, the most recently used last (it is taken first: its socket is warm). */
  private readonly free: Connection[] = [];
  /** Requests waiting for a connection (only with a connection bound). */
  private readonly waiting: { bytes: Buffer; exchange: Exchange }[] = [];
  /** Connections opened and not yet connected (nor failed). */
  private connecting = 0;
  private closed = false;

  constructor(readonly options: Http1PoolOptions) {
    this.url = new URL(options.origin);
    this.deadlines = new DeadlineTable<Connection>(options.timeoutMs, (c) =>
      c.abort(failure(`no answer within ${options.timeoutMs} ms`, REQUEST_TIMEOUT)),
    );
  }

  /** Sends `bytes` (a whole request) on a free connection, a new one, or the first to come free. */
  dispatch(bytes: Buffer, exchange: Exchange): void {
    if (this.closed) {
      exchange.onError(failure('the transport is closed'));
      return;
    }
    const now = performance.now();
    for (let c = this.free.pop(); c !== undefined; c = this.free.pop()) {
      if (c.reusable(now)) {
        c.start(bytes, exchange);
        return;
      }
    }
    if (this.mayOpen()) this.open().start(bytes, exchange);
    else this.waiting.push({ bytes, exchange });
  }

  /**
   * Makes `count` idle connections ready, opening those missing, and waits until each opened is
   * connected or has failed; sends nothing.
   */
  async preconnect(count: number): Promise<void> {
    // Tops up: idle connections still fit for reuse count (expired ones are closed here).
    const now = performance.now();
    const fit = this.free.filter((c) => c.reusable(now));
    this.free.splice(0, this.free.length, ...fit);
    await Promise.all(Array.from({ length: Math.max(0, count - fit.length) }, () => this.open().settled()));
  }

  /** Closes every connection: requests in flight or waiting fail. */
  close(): void {
    this.closed = true;
    this.deadlines.close();
    const cut = failure('the transport was closed before the answer');
    for (const w of this.waiting.splice(0)) w.exchange.onError(cut);
    for (const c of [...this.all]) c.abort(cut);
    this.free.length = 0;
  }

  /** Connected or done with a request: serve the next waiting request, or wait in the free list. */
  released(c: Connection): void {
    const next = this.waiting.shift();
    if (next !== undefined) c.start(next.bytes, next.exchange);
    else this.free.push(c);
  }

  /** `c` is dead: a connection slot is free for a waiting request. */
  forget(c: Connection): void {
    if (this.all.delete(c)) this.openForWaiting();
  }

  /** A connection attempt connected or failed: another may be opened for a waiting request. */
  connectingEnded(): void {
    this.connecting--;
    this.openForWaiting();
  }

  private openForWaiting(): void {
    while (this.waiting.length > 0 && this.mayOpen()) {
      const next = this.waiting.shift()!;
      this.open().start(next.bytes, next.exchange);
    }
  }

  private mayOpen(): boolean {
    const limit = this.options.connections;
    return !this.closed && this.connecting < MAX_CONNECTING && (limit === null || this.all.size < limit);
  }

  private open(): Connection {
    const c = new Connection(this);
    this.all.add(c);
    this.connecting++;
    return c;
  }
}
