import { setImmediate as yieldToIo, setTimeout as sleep } from 'node:timers/promises';

/**
 * Nanoseconds since one start instant, as a double (exact to the ns for 104 days). All workers
 * share the instant: `process.hrtime` is the system's monotonic clock, the same in every thread.
 */
export function elapsedSince(t0: bigint): () => number {
  return () => Number(process.hrtime.bigint() - t0);
}

/** Longest single timer sleep, so that a stop request is noticed quickly even hours before the next event. */
const MAX_SLEEP_NS = 50_000_000;
/** Far from the deadline: sleep on a timer, waking this long before it (timers run ~0.5–8 ms late). */
const SLEEP_UNTIL_NS = 2_000_000;
/** Between the two: give the event loop a turn (responses get handled) and look again. */
const SPIN_BELOW_NS = 50_000;

/**
 * Resolves at `deadlineNs` (on the `elapsed` clock) with microsecond precision: a timer while far
 * away, event-loop turns while close, and a short busy-wait (< 50 µs) for the last stretch.
 * Returns early once `stopped()` is true.
 */
export async function waitUntil(deadlineNs: number, elapsed: () => number, stopped: () => boolean = () => false): Promise<void> {
  for (;;) {
    const remaining = deadlineNs - elapsed();
    if (remaining <= 0 || stopped()) return;
    if (remaining > SLEEP_UNTIL_NS) {
      await sleep(Math.min(MAX_SLEEP_NS, remaining - SLEEP_UNTIL_NS + 500_000) / 1e6);
    } else if (remaining > SPIN_BELOW_NS) {
      await yieldToIo();
    } else {
      while (elapsed() < deadlineNs) {
        // busy-wait: the last few microseconds
      }
      return;
    }
  }
}
