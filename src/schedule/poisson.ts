import type { ActivityWindow } from '../config/types.js';
import { grown, poissonCapacity } from './grow.js';
import type { Random } from './rng.js';

/**
 * A Poisson process of intensity `rate` in [start, end): exponential gaps of mean 1/rate, by
 * inversion (−ln(1 − u) / rate). V8 computes Math.log with its own fdlibm port, not the C
 * library, so the result is the same on every machine.
 */
export function poissonTimes(rate: number, [start, end]: ActivityWindow, random: Random): Float64Array {
  if (!(rate > 0) || end <= start) return new Float64Array(0);
  const expected = (end - start) * rate;
  let times = new Float64Array(poissonCapacity(expected));
  let n = 0;
  let t = start;
  for (;;) {
    t += -Math.log(1 - random()) / rate;
    if (t >= end) break;
    if (n === times.length) times = grown(times);
    times[n++] = t;
  }
  return times.subarray(0, n);
}
