/** Exact percentiles (nearest rank) over all values: sorting every value is fine for runs that fit in memory. */
export interface Percentiles {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** Nearest-rank percentile of ascending `sorted` (p in 0..100); NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** p50, p99 and max of the finite values (NaN marks "not sent"). */
export function percentilesOf(values: Float64Array): Percentiles {
  const finite = values.filter((v) => !Number.isNaN(v)).sort();
  return {
    count: finite.length,
    p50: percentile(finite, 50),
    p99: percentile(finite, 99),
    max: finite.length > 0 ? finite[finite.length - 1]! : NaN,
  };
}
