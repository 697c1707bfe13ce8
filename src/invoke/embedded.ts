import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { readInvocationRecords } from '../contracts/index.js';

/** Activation ids of the invocations the platform accepted (ok or app_error), streamed from the records file. */
export async function* acceptedActivationIds(recordsPath: string, warn: (msg: string) => void): AsyncGenerator<string> {
  for await (const r of readInvocationRecords(recordsPath, warn)) {
    if (r.activation_id !== null && (r.outcome === 'ok' || r.outcome === 'app_error')) yield r.activation_id;
  }
}

const CONCURRENCY = 16;

/**
 * Waits until the platform has stored the activation of every accepted invocation (non-blocking
 * invocations finish after their answer), asking `isStored` again with a growing pause until it
 * says yes, for at most `timeoutMs` in all. Returns how many were checked and how many are missing.
 */
export async function waitForActivations(opts: {
  readonly ids: AsyncIterable<string>;
  readonly isStored: (activationId: string) => Promise<boolean>;
  readonly timeoutMs: number;
  /** True once the user interrupts: stop waiting (the rest count as missing). */
  readonly stopped?: () => boolean;
  readonly logger: Logger;
}): Promise<{ checked: number; missing: number; missingIds: string[] }> {
  const stopped = opts.stopped ?? (() => false);
  const deadline = Date.now() + opts.timeoutMs;
  const iterator = opts.ids[Symbol.asyncIterator]();
  let checked = 0;
  let missing = 0;
  const missingIds: string[] = [];
  const stored = async (id: string): Promise<boolean> => {
    for (let pause = 20; ; pause = Math.min(pause * 2, 500)) {
      if (await opts.isStored(id).catch(() => false)) return true;
      if (Date.now() + pause > deadline || stopped()) return false;
      await sleep(pause);
    }
  };
  // Concurrent lanes share one iterator (an async generator queues next() calls).
  const lane = async (): Promise<void> => {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      checked++;
      if (!(await stored(next.value))) {
        missing++;
        missingIds.push(next.value);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  if (missing > 0) opts.logger.warn({ checked, missing }, 'activations not stored before the settle timeout');
  else opts.logger.info({ checked }, 'every accepted activation is stored');
  return { checked, missing, missingIds };
}
