import type { ActivityWindow } from '../config/types.js';
import type { Random } from './rng.js';

/**
 * A Poisson process of intensity `rate` in [start, end): exponential gaps of mean 1/rate, by
 * inversion (−ln(1 − u) / rate). V8 computes Math.log with its own fdlibm port, not the C
 * library, so the result is the same on every machine.
 */
export function poissonTimes(rate: number, [start, end]: ActivityWindow, random: Random): Float64Array {
  if (!(rate > 0) || end <= start) return new Float64Array(0);
  const expected = (end - start) * rate;
  // Room for the mean + 8 standard deviations; grown in the (astronomically rare) case it is short.
  let times = new Float64Array(Math.ceil(expected + 8 * Math.sqrt(expected) + 16));
  let n = 0;
  let t = start;
  for (;;) {
    t += -Math.log(1 - random()) / rate;
    if (t >= end) break;
    if (n === times.length) {
      const grown = new Float64Array(Math.ceil(times.length * 1.5));
      grown.set(times);
      times = grown;
    }
    times[n++] = t;
  }
  return times.subarray(0, n);
}
