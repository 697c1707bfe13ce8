/** Listening helpers shared by the API server, the activation store and the container hub. */
import type { AddressInfo, ListenOptions, Server } from 'node:net';

/** Binds the server (a TCP port or a Unix socket path); rejects with the bind error (EADDRINUSE...). */
export function listen(server: Server, where: ListenOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(where, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** The port a TCP server is bound to (the one picked for port 0). */
export function boundPort(server: Server): number {
  return (server.address() as AddressInfo).port;
}

/** `http://host:port`, an IPv6 address in brackets. */
export function httpUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
