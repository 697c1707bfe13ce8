import { setImmediate as yieldToIo, setTimeout as sleep } from 'node:timers/promises';

/**
 * Nanoseconds since one start instant, as a double (exact to the ns for 104 days). All workers
 * share the instant: `process.hrtime` and `performance.now()` read the system's monotonic clock,
 * the same in every thread. Reads go through `performance.now()`, which allocates half as much
 * as `hrtime.bigint()` (a heap number rather than a BigInt); see the spin in `waitUntil`.
 */
export function elapsedSince(t0: bigint): () => number {
  const before = performance.now();
  const sinceT0 = Number(process.hrtime.bigint() - t0);
  const after = performance.now();
  const offsetNs = sinceT0 - ((before + after) / 2) * 1e6;
  return () => performance.now() * 1e6 + offsetNs;
}

/** Longest single timer sleep, so that a stop request is noticed quickly even hours before the next event. */
const MAX_SLEEP_NS = 50_000_000;
/** Far from the deadline: sleep on a timer, waking this long before it (timers run ~0.5–8 ms late). */
const SLEEP_UNTIL_NS = 2_000_000;
/** Closer: naps of at most this long (the thread blocks; answers wait at most this long to be handled). */
const NAP_NS = 200_000;
/** Naps wake up ~80–90 µs late (kernel timer slack and wake-up): busy-wait the last stretch. */
const SPIN_BELOW_NS = 100_000;
/**
 * Before the busy-wait, one event-loop turn if at least this much time is left and none was taken
 * yet: answers are read only in such turns, and at 10,000/s (events 100 µs apart) the wait was
 * all busy-wait, so answers piled up unread, every connection looked busy and the pool opened a
 * new one per request (measured: p50 send lag 65 ms, with the target idle half the time).
 */
const TURN_ABOVE_NS = 25_000;

/** Never notified: `Atomics.wait` on it is a precise, CPU-free sleep. */
const napCell = new Int32Array(new SharedArrayBuffer(4));
const nap = (ns: number): void => void Atomics.wait(napCell, 0, 0, ns / 1e6);

/**
 * The busy-wait reads the clock only every ~0.5 µs: each read allocates a heap number, and read
 * on every turn the spin made ~20 KB of garbage per 100 µs (measured at 5,000/s: a scavenge every
 * 100 ms, each promoting the medium-lived objects of the moment, so the old space grew all run).
 * Between reads it turns this many times over a shared-memory load, which V8 cannot optimise away.
 */
const SPIN_READ_EVERY_NS = 500;
let spinTurnsPerRead = 0;

/**
 * Measures the busy-wait's turns per clock read for this thread (~10 ms: the loop is not yet
 * optimised). Call it before the start instant; otherwise the first busy-wait pays for it.
 */
export function prepareBusyWait(): void {
  if (spinTurnsPerRead === 0) spinTurnsPerRead = calibrateSpin();
}
function calibrateSpin(): number {
  const turns = 100_000;
  let fastestNs = Infinity;
  for (let round = 0; round < 5; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < turns; i++) Atomics.load(napCell, 0);
    fastestNs = Math.min(fastestNs, Number(process.hrtime.bigint() - start));
  }
  return Math.max(1, Math.round((turns * SPIN_READ_EVERY_NS) / Math.max(fastestNs, 1)));
}
function spinUntil(deadlineNs: number, elapsed: () => number): void {
  prepareBusyWait();
  while (elapsed() < deadlineNs) {
    for (let i = 0; i < spinTurnsPerRead; i++) Atomics.load(napCell, 0);
  }
}

/**
 * Resolves at `deadlineNs` (on the `elapsed` clock) with microsecond precision and little CPU: a
 * timer while far away; then, alternately, an event-loop turn (answers get handled) and a short
 * futex nap (`Atomics.wait`), which unlike polling leaves the core to others and so is not
 * penalised by the scheduler on a busy machine; and a busy-wait for the last 100 µs, after at
 * least one event-loop turn if there is time for it.
 * Without `busyWait` (the thread shares its core with others: spinning would take the core from
 * them), the last stretch is naps too, and the deadline is met within a nap's wake-up time
 * (~0.1 ms) instead of microseconds.
 * Returns early once `stopped()` is true.
 */
export async function waitUntil(
  deadlineNs: number,
  elapsed: () => number,
  stopped: () => boolean = () => false,
  busyWait = true,
): Promise<void> {
  let turned = false;
  for (;;) {
    const remaining = deadlineNs - elapsed();
    if (remaining <= 0 || stopped()) return;
    if (remaining > SLEEP_UNTIL_NS) {
      await sleep(Math.min(MAX_SLEEP_NS, remaining - SLEEP_UNTIL_NS + 500_000) / 1e6);
    } else if (!busyWait) {
      await yieldToIo();
      const left = deadlineNs - elapsed();
      if (left > 0) nap(Math.min(NAP_NS, left));
    } else if (remaining > SPIN_BELOW_NS) {
      await yieldToIo();
      turned = true;
      const left = deadlineNs - elapsed();
      if (left > SPIN_BELOW_NS) nap(Math.min(NAP_NS, left - SPIN_BELOW_NS));
    } else if (!turned && remaining > TURN_ABOVE_NS) {
      await yieldToIo();
      turned = true;
    } else {
      spinUntil(deadlineNs, elapsed);
      return;
    }
  }
}
