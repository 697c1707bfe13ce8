import { createHttpTransport } from './http.js';
import { createWskCliTransport } from './wsk-cli.js';
import type { Transport, TransportSpec } from './types.js';

export type * from './types.js';

/** Builds the transport a spec describes (inside a worker, from plain data). */
export function createTransport(spec: TransportSpec): Transport {
  return spec.kind === 'http' ? createHttpTransport(spec) : createWskCliTransport(spec);
}
