import { quantileSorted } from '../percentile.js';

/** Send-lag percentiles (the project's one definition, src/percentile.ts) over all values. */
export interface Percentiles {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** p50, p99 and max of the finite values (NaN marks "not sent"); NaN when there are none. */
export function percentilesOf(values: Float64Array): Percentiles {
  const finite = values.filter((v) => !Number.isNaN(v)).sort();
  return {
    count: finite.length,
    p50: quantileSorted(finite, 0.5) ?? Number.NaN,
    p99: quantileSorted(finite, 0.99) ?? Number.NaN,
    max: finite.length > 0 ? finite[finite.length - 1]! : Number.NaN,
  };
}
