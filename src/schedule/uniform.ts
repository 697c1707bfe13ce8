import type { ActivityWindow } from '../config/types.js';
import type { Random } from './rng.js';

/**
 * Evenly spaced events, `1/rate` apart, in [start, end): the first at start + a seeded shift in
 * [0, 1/rate), so the count is within 1 of rate × (end − start). Each time is computed from its
 * index (not by adding periods up), so rounding never accumulates.
 */
export function uniformTimes(rate: number, [start, end]: ActivityWindow, random: Random): Float64Array {
  if (!(rate > 0) || end <= start) return new Float64Array(0);
  const shift = random();
  const capacity = Math.ceil((end - start) * rate) + 1;
  const times = new Float64Array(capacity);
  let n = 0;
  while (n < capacity) {
    const t = start + (n + shift) / rate;
    if (t >= end) break;
    times[n++] = t;
  }
  return times.subarray(0, n);
}
