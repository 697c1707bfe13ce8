import { quantileSorted } from '../percentile.js';

/**
 * FaaSProfiler's capacity factor of one function: p90 − p10 of its latencies (pandas' linear
 * interpolation), i.e. how widely latency spreads under this load. `sortedLatencies` ascending.
 */
export function capacityFactor(sortedLatencies: ArrayLike<number>): number | null {
  const p90 = quantileSorted(sortedLatencies, 0.9);
  const p10 = quantileSorted(sortedLatencies, 0.1);
  return p90 === null || p10 === null ? null : p90 - p10;
}
