import type { Socket } from 'node:net';
import { buildConnector } from 'undici';

/**
 * An undici `connect` function that hands out sockets opened before the test. Without them the
 * first requests of a run each wait for a new TCP (and TLS) connection, and since the send time
 * is taken when a request reaches the wire, the first ~40 ms of a 5,000/s run were 2–12 ms late.
 * Opening sockets sends nothing to the target: no request, no activation.
 */
export interface PreconnectingConnector {
  readonly connect: buildConnector.connector;
  /** Opens `count` sockets to `origin` and keeps them for the pool; connection errors are left for the real sends to report. */
  open(origin: string, count: number): Promise<void>;
  /** Closes the sockets never handed to a pool (the pools close their own). */
  close(): void;
}

const keyOf = (protocol: string, hostname: string, port: string): string =>
  `${protocol}//${hostname}:${port || (protocol === 'https:' ? '443' : '80')}`;

export function preconnectingConnector(tls: { rejectUnauthorized: boolean }): PreconnectingConnector {
  const base = buildConnector(tls);
  const spare = new Map<string, Socket[]>();

  const connect: buildConnector.connector = (options, callback) => {
    const sockets = spare.get(keyOf(options.protocol, options.hostname, String(options.port ?? '')));
    for (let s = sockets?.pop(); s !== undefined; s = sockets?.pop()) {
      // undici expects the callback asynchronously, as its own connector calls it (a synchronous
      // call leaves the client waiting forever).
      if (!s.destroyed && s.readyState === 'open') return process.nextTick(callback, null, s);
    }
    return base(options, callback);
  };

  async function open(origin: string, count: number): Promise<void> {
    const url = new URL(origin);
    const key = keyOf(url.protocol, url.hostname, url.port);
    const sockets = spare.get(key) ?? [];
    spare.set(key, sockets);
    const options = {
      protocol: url.protocol,
      hostname: url.hostname,
      host: url.host,
      port: url.port,
      servername: url.hostname,
      localAddress: null,
      httpSocket: undefined,
    };
    await Promise.all(
      Array.from(
        { length: count },
        () =>
          new Promise<void>((resolve) => {
            base(options as Parameters<buildConnector.connector>[0], (err, socket) => {
              if (err === null && socket !== null) sockets.push(socket as Socket);
              resolve();
            });
          }),
      ),
    );
  }

  function close(): void {
    for (const sockets of spare.values()) for (const s of sockets.splice(0)) s.destroy();
  }

  return { connect, open, close };
}
