import type { Workload } from '../config/types.js';
import type { Schedule } from './types.js';

/** The seed a run uses: the configured one, or one derived from the clock (recorded in metadata). */
export function resolveSeed(randomSeed: number | null, now: () => number = Date.now): number {
  void randomSeed;
  void now;
  throw new Error('resolveSeed: not implemented yet');
}

/** Builds the whole, sorted timeline of a workload for a given seed. Pure. */
export function buildSchedule(workload: Workload, seed: number): Schedule {
  void workload;
  void seed;
  throw new Error('buildSchedule: not implemented yet');
}
