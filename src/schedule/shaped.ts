import type { ProcessName, RateSegment } from '../config/types.js';
import { grown, poissonCapacity } from './grow.js';
import type { Random } from './rng.js';

/** Invocations a piece contributes: the integral of its linear rate. */
const pieceIntegral = (s: RateSegment): number => ((s.from + s.to) / 2) * (s.end - s.start);

/** The expected number of invocations of a shaped rate (the integrated rate over all pieces). */
export function shapedIntegral(segments: readonly RateSegment[]): number {
  let total = 0;
  for (const s of segments) total += pieceIntegral(s);
  return total;
}

/**
 * The time x into piece `s` at which its integrated rate reaches y (0 <= y <= its integral):
 * solves from·x + (to − from)/(2L)·x² = y in the cancellation-free form 2y / (b + √(b² + 4ay)).
 */
function invertPiece(s: RateSegment, y: number): number {
  if (y <= 0) return 0;
  const a = (s.to - s.from) / (2 * (s.end - s.start));
  const b = s.from;
  return (2 * y) / (b + Math.sqrt(b * b + 4 * a * y));
}

/**
 * Event times of a Uniform or Poisson process whose rate varies piecewise linearly (a ramp, or
 * steps). The points are placed on the integrated rate Λ(t) — a unit grid with one seeded shift
 * in [0, 1) for Uniform, a unit-rate Poisson process for Poisson — and mapped back through Λ⁻¹.
 * So a Uniform instance has exactly ⌊Λ(t) − shift⌋ + 1 invocations before t (within 1 of the
 * integrated rate), and a Poisson one is the non-homogeneous Poisson process of that rate.
 * With a constant rate this is the same spacing as `uniformTimes` / `poissonTimes`.
 */
export function shapedTimes(process: ProcessName, segments: readonly RateSegment[], random: Random): Float64Array {
  const total = shapedIntegral(segments);
  if (!(total > 0)) return new Float64Array(0);
  let times = new Float64Array(process === 'Uniform' ? Math.ceil(total) + 1 : poissonCapacity(total));
  let n = 0;
  let piece = 0;
  let below = 0; // Λ at the start of `piece`
  let y = process === 'Uniform' ? random() : -Math.log(1 - random());
  while (y < total) {
    while (piece < segments.length - 1 && y >= below + pieceIntegral(segments[piece]!)) {
      below += pieceIntegral(segments[piece]!);
      piece++;
    }
    const s = segments[piece]!;
    // Rounding must never push a time onto the piece's (excluded) end.
    const t = Math.min(s.start + invertPiece(s, y - below), s.end);
    if (t < s.end) {
      if (n === times.length) times = grown(times);
      times[n++] = t;
    }
    y += process === 'Uniform' ? 1 : -Math.log(1 - random());
  }
  return times.subarray(0, n);
}
