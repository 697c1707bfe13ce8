import type { MetricStats } from './types.js';
import { quantileSorted, REPORTED_PERCENTILES } from '../percentile.js';

/** Arithmetic mean; null for an empty sample. */
export function mean(values: ArrayLike<number>): number | null {
  const n = values.length;
  if (n === 0) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  return sum / n;
}

/**
 * Sample standard deviation (n − 1 in the denominator, as pandas' `std()`), two-pass for
 * precision; null when fewer than two values (pandas gives NaN).
 */
export function sampleStd(values: ArrayLike<number>, m: number | null = mean(values)): number | null {
  const n = values.length;
  if (n < 2 || m === null) return null;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - m;
    ss += d * d;
  }
  return Math.sqrt(ss / (n - 1));
}

/**
 * Count, mean, sample std, percentiles and max of a sample. Sorts `values` in place (the caller
 * hands over a scratch array, so a million values cost one array, not two).
 */
export function metricStatsInPlace(values: Float64Array): MetricStats {
  // Summing in sorted order makes the result independent of the order records arrived in.
  values.sort();
  const m = mean(values);
  const std = sampleStd(values, m);
  const pct = Object.fromEntries(REPORTED_PERCENTILES.map(([k, q]) => [k, quantileSorted(values, q)])) as Record<
    (typeof REPORTED_PERCENTILES)[number][0],
    number | null
  >;
  return { count: values.length, mean: m, std, ...pct, max: values.length > 0 ? values[values.length - 1]! : null };
}

/** As `metricStatsInPlace`, leaving the input untouched. */
export function metricStats(values: ArrayLike<number>): MetricStats {
  return metricStatsInPlace(Float64Array.from(values));
}
