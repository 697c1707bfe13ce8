import { randomUUID } from 'node:crypto';

/** A new OpenWhisk activation id: 32 lowercase hex characters (a UUID without its dashes). */
export function newActivationId(): string {
  const u = randomUUID();
  return u.slice(0, 8) + u.slice(9, 13) + u.slice(14, 18) + u.slice(19, 23) + u.slice(24);
}

/** A transaction id for error bodies (`{"error": ..., "code": <tid>}`), as OpenWhisk returns. */
export function newTransactionId(): string {
  return newActivationId();
}

/** Current time as epoch milliseconds with sub-millisecond precision (monotonic within a process). */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
