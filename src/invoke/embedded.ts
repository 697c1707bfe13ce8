import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import type { Logger } from 'pino';
import { basicAuthHeader, splitApiHost } from './transports/openwhisk-http.js';

/** Activation ids of the invocations the platform accepted (ok or app_error), streamed from the records file. */
export async function* acceptedActivationIds(recordsPath: string): AsyncGenerator<string> {
  const lines = createInterface({ input: createReadStream(recordsPath), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    const r = JSON.parse(line) as { outcome: string; activation_id: string | null };
    if (r.activation_id !== null && (r.outcome === 'ok' || r.outcome === 'app_error')) yield r.activation_id;
  }
}

const CONCURRENCY = 16;

/**
 * Waits until the platform has stored the activation of every accepted invocation (non-blocking
 * invocations finish after their answer), asking `GET .../activations/{id}` until it answers 200,
 * for at most `timeoutMs`. Returns how many are still missing.
 */
export async function waitForActivations(opts: {
  readonly apihost: string;
  readonly auth: string;
  readonly namespace: string;
  readonly ids: AsyncIterable<string>;
  readonly timeoutMs: number;
  readonly logger: Logger;
}): Promise<{ checked: number; missing: number }> {
  const { origin, basePath } = splitApiHost(opts.apihost);
  const pool = new Pool(origin, { connections: CONCURRENCY });
  const headers = { authorization: basicAuthHeader(opts.auth) };
  const deadline = Date.now() + opts.timeoutMs;
  const iterator = opts.ids[Symbol.asyncIterator]();
  let checked = 0;
  let missing = 0;
  const stored = async (id: string): Promise<boolean> => {
    for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
      try {
        const res = await pool.request({ method: 'GET', path: `${basePath}/api/v1/namespaces/${encodeURIComponent(opts.namespace)}/activations/${encodeURIComponent(id)}`, headers });
        await res.body.dump({ limit: Number.MAX_SAFE_INTEGER });
        if (res.statusCode === 200) return true;
      } catch {
        // the platform is busy or restarting its sockets: try again until the deadline
      }
      if (Date.now() + delay > deadline) return false;
      await sleep(delay);
    }
  };
  const lane = async (): Promise<void> => {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      checked++;
      if (!(await stored(next.value))) missing++;
    }
  };
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  } finally {
    await pool.close();
  }
  if (missing > 0) opts.logger.warn({ checked, missing }, 'activations not stored before the settle timeout');
  return { checked, missing };
}
