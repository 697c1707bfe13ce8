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
/** Closer: naps of at most this long (the thread blocks; answers wait at most this long to be handled). */
const NAP_NS = 200_000;
/** Naps wake up to ~50–80 µs late (kernel timer slack): busy-wait the last stretch. */
const SPIN_BELOW_NS = 100_000;

/** Never notified: `Atomics.wait` on it is a precise, CPU-free sleep. */
const napCell = new Int32Array(new SharedArrayBuffer(4));
const nap = (ns: number): void => void Atomics.wait(napCell, 0, 0, ns / 1e6);

/**
 * Resolves at `deadlineNs` (on the `elapsed` clock) with microsecond precision and little CPU: a
 * timer while far away; then, alternately, an event-loop turn (answers get handled) and a short
 * futex nap (`Atomics.wait`), which unlike polling leaves the core to others and so is not
 * penalised by the scheduler on a busy machine; and a busy-wait for the last 100 µs.
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
      const left = deadlineNs - elapsed();
      if (left > SPIN_BELOW_NS) nap(Math.min(NAP_NS, left - SPIN_BELOW_NS));
    } else {
      while (elapsed() < deadlineNs) {
        // busy-wait: the last microseconds
      }
      return;
    }
  }
}
