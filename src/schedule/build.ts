import type { Workload } from '../config/types.js';
import { UserError } from '../errors.js';
import { arrivalTimes, expectedEvents } from './arrivals.js';
import { mergeTimelines } from './merge.js';
import { instanceRandom } from './rng.js';
import type { Schedule } from './types.js';

/** Above this the columnar timeline alone would need more than ~2 GiB while being built. */
export const MAX_EVENTS = 100_000_000;

/**
 * The seed a run uses: the configured one, or (for `random_seed: null`) the clock's milliseconds
 * reduced to an unsigned 32-bit integer. The caller records it so the run can be repeated.
 */
export function resolveSeed(randomSeed: number | null, now: () => number = Date.now): number {
  if (randomSeed !== null) return randomSeed;
  return Math.floor(now()) >>> 0;
}

/**
 * Each instance's own sorted event times (seconds from test start), in instance order, before
 * merging. Pure. Trace instances must have been sampled first (`expandTraceInstances`, with the
 * same seed).
 */
export function buildTimelines(workload: Workload, seed: number): Float64Array[] {
  const expected = workload.instances.reduce((sum, inst) => sum + expectedEvents(inst.arrival, workload.durationS), 0);
  if (expected > MAX_EVENTS) {
    throw new UserError(
      `${workload.configPath}: the workload asks for about ${Math.round(expected)} invocations; one run can schedule at most ${MAX_EVENTS}`,
    );
  }
  return workload.instances.map((inst) =>
    arrivalTimes(inst.arrival, workload.durationS, instanceRandom(seed, inst.name)),
  );
}

/** Builds the whole, sorted timeline of a workload for a given seed (`buildTimelines`, merged). Pure. */
export function buildSchedule(workload: Workload, seed: number): Schedule {
  const { times, instanceIndex } = mergeTimelines(buildTimelines(workload, seed));
  return {
    seed,
    durationS: workload.durationS,
    warmupS: workload.warmupS ?? 0,
    instances: workload.instances.map(({ name, application, traceFunction }) =>
      traceFunction === undefined ? { name, application } : { name, application, traceFunction: traceFunction.fn },
    ),
    times,
    instanceIndex,
  };
}
