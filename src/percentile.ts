/**
 * The project's one percentile definition, used for send lag, latency and comparisons alike.
 * Exact percentiles by linear interpolation between the closest ranks, the default of numpy
 * (`method='linear'`) and pandas (`quantile(interpolation='linear')`): for a sorted sample x of
 * size n and q in [0, 1], h = (n − 1)·q, result = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 */

/** Returns a sorted copy (ascending, numeric; typed-array sort is numeric by default). */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(values);
  out.sort();
  return out;
}

/** Quantile q ∈ [0, 1] of an ascending sample; null for an empty sample. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be within [0, 1], got ${q}`);
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  if (h === lo) return a; // exact rank (also keeps −0 as −0)
  const b = sorted[lo + 1]!;
  return a + (h - lo) * (b - a);
}

/** The percentiles every metric reports (key → quantile). */
export const REPORTED_PERCENTILES = [
  ['p50', 0.5],
  ['p90', 0.9],
  ['p95', 0.95],
  ['p99', 0.99],
  ['p999', 0.999],
] as const;
