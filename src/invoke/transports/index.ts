import type { Transport, TransportSpec } from './types.js';

export type * from './types.js';

/** Builds the transport a spec describes (inside a worker, from plain data); loads only that transport's code. */
export async function createTransport(spec: TransportSpec): Promise<Transport> {
  if (spec.kind === 'http') return (await import('./http.js')).createHttpTransport(spec);
  return (await import('./wsk-cli.js')).createWskCliTransport(spec);
}
