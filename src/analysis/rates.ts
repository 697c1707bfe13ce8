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
import { shapedIntegral } from '../schedule/shaped.js';

/** Time of the last of a trace's invocations within the test, and how many there are. */
function traceExtent(interarrivals: readonly number[], durationS: number): { last: number; count: number } {
  let t = 0;
  let last = 0;
  let count = 0;
  for (const gap of interarrivals) {
    t += gap;
    if (t > durationS) break;
    last = t;
    count++;
  }
  return { last, count };
}

/** Seconds during which `inst` is scheduled to fire, within a test of `durationS`. */
export function activeWindow(inst: WorkloadInstance, durationS: number): readonly [number, number] {
  const a = inst.arrival;
  switch (a.kind) {
    case 'trace':
      return [0, traceExtent(a.interarrivals, durationS).last];
    case 'shaped':
      return [Math.min(...a.segments.map((s) => s.start)), Math.max(...a.segments.map((s) => s.end))];
    case 'minutes':
      return [0, Math.min(durationS, a.counts.length * a.minuteS)];
    case 'azure':
      return [0, durationS];
    default:
      return a.window ?? [0, durationS];
  }
}

/**
 * Invocations an instance is expected to send: exact for traces, the integral of the rate
 * otherwise; null for a trace replay not yet sampled (only the run's records know its count).
 */
export function requestedInvocations(inst: WorkloadInstance, durationS: number): number | null {
  const a = inst.arrival;
  switch (a.kind) {
    case 'trace':
      return traceExtent(a.interarrivals, durationS).count;
    case 'shaped':
      return shapedIntegral(a.segments);
    case 'minutes':
      return a.counts.reduce((sum, c) => sum + c, 0);
    case 'azure':
      return null;
    default: {
      const [start, end] = activeWindow(inst, durationS);
      return a.rate * Math.max(0, end - start);
    }
  }
}

/** The test's active time, s: earliest window start to latest window end; null without instances. */
export function activeTimeS(instances: readonly WorkloadInstance[], durationS: number): number | null {
  if (instances.length === 0) return null;
  const windows = instances.map((i) => activeWindow(i, durationS));
  return Math.max(...windows.map(([, e]) => e)) - Math.min(...windows.map(([s]) => s));
}
