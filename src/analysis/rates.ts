/**
 * The project's vocabulary of rates, defined once (README, "Numbers and what they mean"):
 * - requested rate of an instance: its configured rate (Uniform, Poisson) over its activity
 *   window; for a trace instance, its invocations ÷ the span from the test start to its last one.
 *   Of a whole test: requested invocations ÷ its active time.
 * - active time: from the earliest window start to the latest window end of the test's instances
 *   (the whole test when an instance has no window).
 * - issued rate: invocations sent ÷ active time (the invoker's verdict uses the test duration).
 * - accepted: invocations the platform took (2xx, or OpenWhisk's 502: the function ran and failed).
 * - completed throughput: activations found ÷ active time.
 * - completion ratio (the comparative analyzer's `throughput/rate`): completed throughput ÷
 *   requested rate, both over the same active time, which is completed ÷ requested invocations.
 * Pure.
 */
import type { WorkloadInstance } from '../config/index.js';

/** Seconds during which `inst` is scheduled to fire, within a test of `durationS`. */
export function activeWindow(inst: WorkloadInstance, durationS: number): readonly [number, number] {
  const a = inst.arrival;
  if (a.kind === 'trace') {
    let t = 0;
    let last = 0;
    for (const gap of a.interarrivals) {
      t += gap;
      if (t > durationS) break;
      last = t;
    }
    return [0, last];
  }
  return a.window ?? [0, durationS];
}

/** Invocations an instance is expected to send (exact for traces, rate × window otherwise). */
export function requestedInvocations(inst: WorkloadInstance, durationS: number): number {
  const a = inst.arrival;
  if (a.kind === 'trace') {
    let t = 0;
    let n = 0;
    for (const gap of a.interarrivals) {
      t += gap;
      if (t > durationS) break;
      n++;
    }
    return n;
  }
  const [start, end] = activeWindow(inst, durationS);
  return a.rate * Math.max(0, end - start);
}

/** The test's active time, s: earliest window start to latest window end; null without instances. */
export function activeTimeS(instances: readonly WorkloadInstance[], durationS: number): number | null {
  if (instances.length === 0) return null;
  const windows = instances.map((i) => activeWindow(i, durationS));
  return Math.max(...windows.map(([, e]) => e)) - Math.min(...windows.map(([s]) => s));
}
