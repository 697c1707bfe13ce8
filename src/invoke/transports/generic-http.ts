import type { PreparedRequest } from './types.js';

/** Generic endpoint: POST the instance's `data` as JSON to its `url` (`{}` when it has no data). */
export function genericRequest(url: string, data: unknown): PreparedRequest {
  const u = new URL(url);
  return {
    origin: u.origin,
    path: `${u.pathname}${u.search}`,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify(data === undefined ? {} : data)),
  };
}
