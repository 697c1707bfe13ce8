import type { IatMode } from '../config/types.js';
import type { Random } from './rng.js';

/**
 * Times stay this far (seconds) inside their minute, so that the 6-decimal `--schedule-out`
 * never rounds one onto a minute boundary: binning the exported times by minute gives the
 * trace's counts exactly.
 */
export const MINUTE_MARGIN_S = 1e-6;

/** A gap strictly > 0 (random() can return 0; the 2^-33 offset is below its 2^-32 resolution). */
const positive = (random: Random): number => random() + 2 ** -33;

/**
 * Trace replay: exactly `counts[m]` events inside each minute m = [m·minuteS, (m+1)·minuteS).
 * - `exponential`: a Poisson process conditioned on the count: c + 1 exponential gaps rescaled
 *   to span the minute (the order statistics of c uniform points), as InVitro does;
 * - `uniform`: the same with uniform gaps (more regular than Poisson);
 * - `equidistant`: evenly spaced, each at the middle of its c-th of the minute.
 */
export function minuteTimes(counts: Uint32Array, minuteS: number, iat: IatMode, random: Random): Float64Array {
  let total = 0;
  let most = 0;
  for (const c of counts) {
    total += c;
    if (c > most) most = c;
  }
  const times = new Float64Array(total);
  const gaps = new Float64Array(iat === 'equidistant' ? 0 : most + 1);
  const span = minuteS - 2 * MINUTE_MARGIN_S;
  let n = 0;
  for (let m = 0; m < counts.length; m++) {
    const c = counts[m]!;
    if (c === 0) continue;
    const origin = m * minuteS + MINUTE_MARGIN_S;
    if (iat === 'equidistant') {
      for (let i = 0; i < c; i++) times[n++] = origin + ((i + 0.5) / c) * span;
      continue;
    }
    let sum = 0;
    for (let i = 0; i <= c; i++) {
      const g = iat === 'exponential' ? -Math.log(positive(random)) : positive(random);
      gaps[i] = g;
      sum += g;
    }
    let at = 0;
    for (let i = 0; i < c; i++) {
      at += gaps[i]!;
      times[n++] = origin + (at / sum) * span;
    }
  }
  return times;
}
