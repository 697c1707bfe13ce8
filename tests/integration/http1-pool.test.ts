/**
 * The invoker's HTTP/1.1 keep-alive pool against real loopback servers (node:http, node:https,
 * and node:net where the test needs raw control of the bytes or of the TLS handshake).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import fc from 'fast-check';
import {
  Http1Pool,
  MAX_CONNECTING,
  REQUEST_TIMEOUT,
  type Exchange,
  type Http1PoolOptions,
} from '../../src/invoke/transports/http1-pool.js';
import { HttpProtocolError, type ResponseHead } from '../../src/invoke/transports/http1-response.js';
import { requestBytes } from '../../src/invoke/transports/http.js';
import type { PreparedRequest } from '../../src/invoke/transports/types.js';
import { selfSignedCert, tempDir } from './invoker-helpers.js';

const LIMIT = { timeout: 20_000 };

/** Waits for conditions on state that event handlers change: each handler calls `changed()`. */
class Changes {
  private waiters: { cond: () => boolean; resolve: () => void }[] = [];
  until(cond: () => boolean): Promise<void> {
    if (cond()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ cond, resolve }));
  }
  changed(): void {
    this.waiters = this.waiters.filter((w) => {
      if (!w.cond()) return true;
      w.resolve();
      return false;
    });
  }
}

const closers: (() => unknown)[] = [];
after(async () => {
  for (const close of closers) await close();
});

function listening(server: NetServer | HttpServer): Promise<number> {
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        (server as HttpServer).closeAllConnections?.();
        server.close(() => resolve());
      }),
  );
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

function pool(origin: string, options: Partial<Http1PoolOptions> = {}): Http1Pool {
  const p = new Http1Pool({
    origin,
    rejectUnauthorized: true,
    connections: null,
    timeoutMs: 10_000,
    watchedHeader: 'x-id',
    ...options,
  });
  closers.unshift(() => p.close());
  return p;
}

/** One request's callbacks, recorded; `done` settles on its end or error. */
class Call implements Exchange {
  readonly events: string[] = [];
  head: ResponseHead | null = null;
  body = '';
  error: (Error & { code?: string }) | null = null;
  readonly done: Promise<Call>;
  private settle!: (c: Call) => void;
  constructor(readonly path: string) {
    this.done = new Promise((resolve) => (this.settle = resolve));
  }
  onWire(): void {
    this.events.push('wire');
  }
  onHead(head: ResponseHead): void {
    this.events.push('head');
    this.head = head;
  }
  onData(chunk: Buffer): void {
    this.events.push('data');
    this.body += chunk.toString();
  }
  onEnd(): void {
    this.events.push('end');
    this.settle(this);
  }
  onError(err: Error): void {
    this.events.push('error');
    this.error = err;
    this.settle(this);
  }
  /** The pool's contract: wire, head, data..., then one end or error, and nothing after. */
  wellFormed(): void {
    assert.match(this.events.join(' '), /^(?:wire (?:head (?:data )*end|(?:head (?:data )*)?error)|error)$/);
  }
}

function send(p: Http1Pool, origin: string, path: string, body = ''): Call {
  const call = new Call(path);
  p.dispatch(requestBytes({ origin, path, headers: { 'content-type': 'text/plain' }, body: Buffer.from(body) }), call);
  return call;
}

interface Seen {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly socket: Socket;
  readonly res: ServerResponse;
}

/** A node:http server that records connections (and their closes) and requests; `answer` may hold `res`. */
async function httpServer(answer: (seen: Seen) => void) {
  const changes = new Changes();
  const sockets: Socket[] = [];
  const closed = new Set<Socket>();
  const requests: Seen[] = [];
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen = { path: req.url!, headers: req.headers, body: Buffer.concat(chunks), socket: req.socket, res };
      requests.push(seen);
      answer(seen);
      changes.changed();
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.push(socket);
    socket.on('close', () => {
      closed.add(socket);
      changes.changed();
    });
    changes.changed();
  });
  const origin = `http://127.0.0.1:${await listening(server)}`;
  return { server, origin, sockets, closed, requests, until: (cond: () => boolean) => changes.until(cond) };
}

const ok = (seen: Seen): void => {
  seen.res.writeHead(200, { 'x-id': `id${seen.path}` });
  seen.res.end(`answer to ${seen.path}`);
};

test('keep-alive: one connection serves requests one after another', LIMIT, async () => {
  const s = await httpServer(ok);
  const p = pool(s.origin);
  for (const path of ['/a', '/b', '/c']) {
    const call = await send(p, s.origin, path, `body of ${path}`).done;
    call.wellFormed();
    assert.deepEqual(call.head, { status: 200, watched: `id${path}`, close: false, keepAliveMs: 5000 });
    assert.equal(call.body, `answer to ${path}`);
  }
  assert.deepEqual(
    s.requests.map((r) => [r.path, r.body.toString()]),
    [
      ['/a', 'body of /a'],
      ['/b', 'body of /b'],
      ['/c', 'body of /c'],
    ],
  );
  assert.equal(s.sockets.length, 1);
  assert.ok(s.requests.every((r) => r.socket === s.sockets[0]));
});

test('an answer with Connection: close is not followed by another request on its connection', LIMIT, async () => {
  const s = await httpServer((seen) => {
    seen.res.writeHead(200, { connection: 'close' });
    seen.res.end('bye');
  });
  const p = pool(s.origin);
  const first = await send(p, s.origin, '/1').done;
  const second = await send(p, s.origin, '/2').done;
  for (const call of [first, second]) {
    call.wellFormed();
    assert.equal(call.head?.close, true);
    assert.equal(call.body, 'bye');
  }
  assert.equal(s.sockets.length, 2);
  assert.notEqual(s.requests[0]!.socket, s.requests[1]!.socket);
});

test('a connection the server closed while idle is not used: the next request opens another', LIMIT, async () => {
  const s = await httpServer((seen) => {
    ok(seen);
    // The server ends the connection once its first answer is out (as at its keep-alive timeout).
    if (seen.path === '/1') seen.res.on('finish', () => seen.socket.end());
  });
  const p = pool(s.origin);
  const first = await send(p, s.origin, '/1').done;
  // The server's socket closes only once the client has closed its side in turn, so by now the
  // pool has seen the server's FIN.
  await s.until(() => s.closed.size === 1);
  const second = await send(p, s.origin, '/2').done;
  for (const call of [first, second]) call.wellFormed();
  assert.equal(second.error, null);
  assert.equal(second.body, 'answer to /2');
  assert.equal(s.sockets.length, 2);
});

test(
  "Keep-Alive: timeout=1 from the server: an idle connection is not reused (1 s less a second's margin)",
  LIMIT,
  async () => {
    const s = await httpServer(ok);
    s.server.keepAliveTimeout = 1000;
    const p = pool(s.origin);
    const first = await send(p, s.origin, '/1').done;
    const second = await send(p, s.origin, '/2').done;
    assert.equal(first.head?.keepAliveMs, 1000);
    assert.equal(second.body, 'answer to /2');
    assert.equal(s.sockets.length, 2);
  },
);

test('chunked answers with trailers reach onData in full, and the connection stays usable', LIMIT, async () => {
  const parts = ['x'.repeat(70_000), 'y', '', 'z'.repeat(3000)];
  const s = await httpServer((seen) => {
    if (seen.path === '/after') return ok(seen);
    seen.res.writeHead(200, { trailer: 'x-check', 'x-id': 'chunky' });
    for (const part of parts) seen.res.write(part);
    seen.res.addTrailers({ 'x-check': 'done' });
    seen.res.end();
  });
  const p = pool(s.origin);
  const call = await send(p, s.origin, '/chunks').done;
  call.wellFormed();
  assert.equal(call.head?.watched, 'chunky');
  assert.equal(call.body, parts.join(''));
  const next = await send(p, s.origin, '/after').done;
  assert.equal(next.body, 'answer to /after');
  assert.equal(s.sockets.length, 1);
});

test(
  'connections: 1 and Connection: close answers: each waiting request goes out on a new connection',
  LIMIT,
  async () => {
    const s = await httpServer((seen) => {
      seen.res.writeHead(200, { connection: 'close' });
      seen.res.end(seen.path);
    });
    const p = pool(s.origin, { connections: 1 });
    const calls = await Promise.all(['/1', '/2', '/3'].map((path) => send(p, s.origin, path).done));
    assert.deepEqual(
      calls.map((c) => c.body),
      ['/1', '/2', '/3'],
    );
    assert.equal(s.sockets.length, 3);
  },
);

test('a 100 Continue before the answer is skipped', LIMIT, async () => {
  const s = await httpServer(ok);
  const p = pool(s.origin);
  const call = new Call('/continue');
  p.dispatch(
    requestBytes({ origin: s.origin, path: '/continue', headers: { expect: '100-continue' }, body: Buffer.from('x') }),
    call,
  );
  await call.done;
  call.wellFormed();
  assert.equal(call.head?.status, 200);
  assert.equal(call.body, 'answer to /continue');
});

test(
  'raw answers: a body that runs to the close ends; a close before or within an answer fails it; so does garbage',
  LIMIT,
  async () => {
    const changes = new Changes();
    const closed: Socket[] = [];
    const answers: Record<string, string> = {
      '/to-close': 'HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nall of it',
      '/cut': 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc',
      '/garbage': 'HTP/1.1 200 OK\r\n\r\n',
    };
    const server = createNetServer((socket) => {
      let text = '';
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString('latin1');
        const path = /^POST (\S+) /.exec(text)?.[1];
        // Each request here has an empty body: its head's end is the request's end.
        if (path === undefined || !text.endsWith('\r\n\r\n')) return;
        if (path === '/garbage') socket.write(answers[path]!);
        else socket.end(answers[path]!);
      });
      socket.on('close', () => {
        closed.push(socket);
        changes.changed();
      });
    });
    const origin = `http://127.0.0.1:${await listening(server)}`;
    const p = pool(origin);
    const toClose = await send(p, origin, '/to-close').done;
    toClose.wellFormed();
    assert.deepEqual([toClose.head?.close, toClose.body], [true, 'all of it']);
    const cut = await send(p, origin, '/cut').done;
    cut.wellFormed();
    assert.deepEqual([cut.events, cut.body, cut.error?.code], [['wire', 'head', 'data', 'error'], 'abc', 'ECONNRESET']);
    const nothing = await send(p, origin, '/nothing').done;
    assert.deepEqual(nothing.events, ['wire', 'error']);
    const garbage = await send(p, origin, '/garbage').done;
    assert.deepEqual(garbage.events, ['wire', 'error']);
    assert.ok(garbage.error instanceof HttpProtocolError);
    // The pool closes a connection that spoke garbage.
    await changes.until(() => closed.length === 4);
  },
);

test('the time limit fails the request with REQUEST_TIMEOUT and closes its connection', LIMIT, async () => {
  const s = await httpServer((seen) => {
    if (seen.path !== '/slow') return ok(seen);
    // A head and part of the body, then nothing.
    seen.res.writeHead(200, { 'content-length': '100' });
    seen.res.write('part');
  });
  const p = pool(s.origin, { timeoutMs: 100 });
  const slow = await send(p, s.origin, '/slow').done;
  slow.wellFormed();
  assert.deepEqual(slow.events.slice(0, 2), ['wire', 'head']);
  assert.equal(slow.body, 'part');
  assert.equal(slow.error?.code, REQUEST_TIMEOUT);
  await s.until(() => s.closed.has(s.sockets[0]!));
  const next = await send(p, s.origin, '/next').done;
  assert.equal(next.body, 'answer to /next');
  assert.equal(s.sockets.length, 2);
  slow.wellFormed();
});

test(
  'connecting has the time limit too: a TLS handshake that never ends fails the request with REQUEST_TIMEOUT',
  LIMIT,
  async () => {
    // Accepts TCP connections and never answers the TLS client hello.
    const accepted: Socket[] = [];
    const silent = createNetServer({ pauseOnConnect: true }, (socket) => accepted.push(socket));
    closers.push(() => {
      for (const socket of accepted) socket.destroy();
    });
    const port = await listening(silent);
    const origin = `https://127.0.0.1:${port}`;
    const call = await send(pool(origin, { timeoutMs: 100, rejectUnauthorized: false }), origin, '/never').done;
    assert.deepEqual(call.events, ['error']);
    assert.equal(call.error?.code, REQUEST_TIMEOUT);
  },
);

test(
  'connections: 2 — five requests at once use two connections; waiting ones go, in order, on the connection that comes free',
  LIMIT,
  async () => {
    const s = await httpServer(() => {}); // answers are held until the test releases them
    const p = pool(s.origin, { connections: 2 });
    const calls = [0, 1, 2, 3, 4].map((i) => send(p, s.origin, `/r${i}`));
    const answered = new Set<Seen>();
    const held = () => s.requests.filter((r) => !answered.has(r));
    for (let step = 0; step < 5; step++) {
      await s.until(() => held().length === Math.min(2, 5 - step));
      // Release alternately the newest and the oldest answer held.
      const pending = held();
      const release = step % 2 === 0 ? pending.at(-1)! : pending[0]!;
      answered.add(release);
      const seenBefore = s.requests.length;
      ok(release);
      await calls.find((c) => c.path === release.path)!.done;
      if (seenBefore < 5) {
        // The next waiting request is sent on the connection that just came free.
        await s.until(() => s.requests.length === seenBefore + 1);
        assert.equal(s.requests[seenBefore]!.socket, release.socket);
      }
    }
    assert.deepEqual(
      s.requests.slice(2).map((r) => r.path),
      ['/r2', '/r3', '/r4'],
    );
    assert.equal(s.sockets.length, 2);
    for (const call of calls) {
      call.wellFormed();
      assert.equal(call.body, `answer to ${call.path}`);
    }
  },
);

test(
  `unbounded: never more than ${MAX_CONNECTING} connections opened and not yet proven by an answer; all requests complete`,
  LIMIT,
  async (t) => {
    const tls = selfSignedCert(tempDir('http1-pool-tls'));
    if (tls === null) return t.skip('openssl is not available');
    const N = MAX_CONNECTING + 4;
    const changes = new Changes();
    // TCP connects at once on loopback; a connection counts as being opened until its TLS
    // handshake is done, which this gate holds until the test hands the socket to the HTTPS server.
    const held: ServerResponse[] = [];
    let answerAll = false;
    const https = createHttpsServer(tls, (_req, res) => {
      if (answerAll) res.end('done');
      else held.push(res);
      changes.changed();
    });
    const arrived: Socket[] = [];
    let passThrough = false;
    const gate = createNetServer({ pauseOnConnect: true }, (socket) => {
      arrived.push(socket);
      if (passThrough) https.emit('connection', socket);
      changes.changed();
    });
    closers.push(() => https.closeAllConnections());
    const port = await listening(gate);
    const origin = `https://127.0.0.1:${port}`;
    const p = pool(origin, { rejectUnauthorized: false });
    /** Connections from the pool so far: a probe connection made now is accepted after all of them. */
    const settledCount = async (): Promise<number> => {
      const probe = connect(port, '127.0.0.1');
      await new Promise((resolve) => probe.once('connect', resolve));
      const isProbe = (s: Socket) => s.remotePort === probe.localPort;
      await changes.until(() => arrived.some(isProbe));
      const probed = arrived.find(isProbe)!;
      arrived.splice(arrived.indexOf(probed), 1);
      probed.destroy();
      probe.destroy();
      return arrived.length;
    };

    const calls = Array.from({ length: N }, (_, i) => send(p, origin, `/r${i}`));
    await changes.until(() => arrived.length >= MAX_CONNECTING);
    assert.equal(await settledCount(), MAX_CONNECTING);
    assert.ok(calls.every((c) => c.events.length === 0));
    // A handshake done and a request received prove nothing yet: no connection more.
    https.emit('connection', arrived[0]!);
    await changes.until(() => held.length === 1);
    assert.equal(await settledCount(), MAX_CONNECTING);
    // Its answer proves it: it takes a waiting request, and one more connection is opened for the next.
    held.shift()!.end('done');
    await changes.until(() => arrived.length > MAX_CONNECTING);
    assert.equal(await settledCount(), MAX_CONNECTING + 1);
    passThrough = true;
    answerAll = true;
    for (const socket of arrived.slice(1)) https.emit('connection', socket);
    for (const res of held.splice(0)) res.end('done');
    for (const call of await Promise.all(calls.map((c) => c.done))) {
      call.wellFormed();
      assert.equal(call.body, 'done');
    }
  },
);

test('preconnect(n) opens n connections and writes nothing on them; the requests then use them', LIMIT, async () => {
  const changes = new Changes();
  const received = new Map<Socket, Buffer>();
  const server = createNetServer((socket) => {
    received.set(socket, Buffer.alloc(0));
    socket.on('data', (chunk: Buffer) => {
      received.set(socket, Buffer.concat([received.get(socket)!, chunk]));
      changes.changed();
    });
    changes.changed();
  });
  const origin = `http://127.0.0.1:${await listening(server)}`;
  const p = pool(origin);
  await p.preconnect(3);
  await changes.until(() => received.size === 3);
  const bytes = (i: number) => requestBytes({ origin, path: `/p${i}`, headers: {}, body: Buffer.from(`#${i}`) });
  const calls = [0, 1, 2].map((i) => {
    const call = new Call(`/p${i}`);
    p.dispatch(bytes(i), call);
    return call;
  });
  // Each preconnected socket carries exactly one whole request and nothing before it.
  await changes.until(() => [...received.values()].every((b) => b.length > 0));
  const requests = [...received.values()].map((b) => b.toString('latin1')).sort();
  assert.deepEqual(
    requests,
    [0, 1, 2].map((i) => bytes(i).toString('latin1')),
  );
  for (const socket of received.keys()) socket.end('HTTP/1.1 204 No Content\r\n\r\n');
  for (const call of await Promise.all(calls.map((c) => c.done))) {
    call.wellFormed();
    assert.equal(call.head?.status, 204);
  }
  assert.equal(received.size, 3);
});

test(
  'preconnect tops up: idle connections still fit for reuse count, only the missing ones are opened',
  LIMIT,
  async () => {
    const changes = new Changes();
    const accepted: Socket[] = [];
    const server = createNetServer((socket) => {
      accepted.push(socket);
      socket.on('close', () => changes.changed());
      changes.changed();
    });
    const port = await listening(server);
    const origin = `http://127.0.0.1:${port}`;
    /** Connections accepted so far: a probe made now is accepted after every earlier one. */
    const acceptedCount = async (): Promise<number> => {
      const probe = connect(port, '127.0.0.1');
      await new Promise((resolve) => probe.once('connect', resolve));
      const isProbe = (s: Socket) => s.remotePort === probe.localPort;
      await changes.until(() => accepted.some(isProbe));
      accepted.splice(accepted.findIndex(isProbe), 1);
      probe.destroy();
      return accepted.length;
    };
    const p = pool(origin);
    await p.preconnect(3);
    assert.equal(await acceptedCount(), 3);
    await p.preconnect(3);
    assert.equal(await acceptedCount(), 3);
    // The server closes one idle connection: the next top-up replaces just that one. (Its side
    // closes only once the pool has closed its own, so the pool has seen it by then.)
    const first = accepted[0]!;
    let firstClosed = false;
    first.on('close', () => {
      firstClosed = true;
      changes.changed();
    });
    first.end();
    await changes.until(() => firstClosed);
    await p.preconnect(3);
    assert.equal(await acceptedCount(), 4);
  },
);

test('close() fails the request in flight and those waiting; later dispatches fail at once', LIMIT, async () => {
  const s = await httpServer(() => {});
  const p = pool(s.origin, { connections: 1 });
  const calls = ['/1', '/2', '/3'].map((path) => send(p, s.origin, path));
  await s.until(() => s.requests.length === 1);
  p.close();
  const failed = await Promise.all(calls.map((c) => c.done));
  assert.deepEqual(
    failed.map((c) => c.events),
    [['wire', 'error'], ['error'], ['error']],
  );
  await s.until(() => s.closed.size === 1);
  const late = send(p, s.origin, '/late');
  assert.deepEqual(late.events, ['error']);
  assert.equal(s.requests.length, 1);
  for (const call of failed) call.wellFormed();
});

test('connection refused: each request fails with ECONNREFUSED, and preconnect still resolves', LIMIT, async () => {
  const probe = createNetServer();
  const port = await listening(probe);
  await new Promise((resolve) => probe.close(resolve));
  const origin = `http://127.0.0.1:${port}`;
  const p = pool(origin, { connections: 1 });
  await p.preconnect(2);
  const calls = await Promise.all(['/1', '/2', '/3'].map((path) => send(p, origin, path).done));
  for (const call of calls) {
    assert.deepEqual(call.events, ['error']);
    assert.equal(call.error?.code, 'ECONNREFUSED');
  }
});

test('requestBytes: node:http reads back the method, path, host, content-length, headers and body', LIMIT, async () => {
  const s = await httpServer((seen) => {
    seen.res.writeHead(204);
    seen.res.end();
  });
  const p = pool(s.origin);
  const name = fc.stringMatching(/^X-[A-Za-z0-9-]{1,12}$/);
  const value = fc.stringMatching(/^[!-~]([ !-~]{0,30}[!-~])?$/);
  const headers = fc.uniqueArray(fc.tuple(name, value), { maxLength: 5, selector: ([n]) => n.toLowerCase() });
  const path = fc.stringMatching(/^\/[A-Za-z0-9._~%!$&'()*+,;=:@/?-]{0,40}$/);
  await fc.assert(
    fc.asyncProperty(path, headers, fc.uint8Array({ maxLength: 3000 }), async (url, fields, body) => {
      const call = new Call(url);
      p.dispatch(requestBytes({ origin: s.origin, path: url, headers: Object.fromEntries(fields), body }), call);
      await call.done;
      call.wellFormed();
      const seen = s.requests.at(-1)!;
      assert.equal(seen.path, url);
      assert.equal(seen.headers.host, new URL(s.origin).host);
      assert.equal(seen.headers['content-length'], String(body.length));
      for (const [n, v] of fields) assert.equal(seen.headers[n.toLowerCase()], v);
      assert.deepEqual(seen.body, Buffer.from(body));
    }),
    { numRuns: 40 },
  );
  assert.ok(s.requests.every((r) => r.socket === s.sockets[0]));
});

test('requestBytes refuses a line break in the path, a header name or a header value', () => {
  const base: PreparedRequest = { origin: 'http://127.0.0.1:1', path: '/a', headers: {}, body: new Uint8Array() };
  const bad: PreparedRequest[] = [
    { ...base, path: '/a\r\nx-evil: 1' },
    { ...base, headers: { 'x-a': 'one\r\nx-evil: 1' } },
    { ...base, headers: { 'x-a': 'one\nx-evil: 1' } },
    { ...base, headers: { 'x-a\r\nx-evil': '1' } },
  ];
  for (const r of bad) assert.throws(() => requestBytes(r), /line break/);
  assert.match(
    requestBytes(base).toString(),
    /^POST \/a HTTP\/1\.1\r\nhost: 127\.0\.0\.1:1\r\ncontent-length: 0\r\n\r\n$/,
  );
});
