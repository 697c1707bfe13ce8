/**
 * When a latency axis is drawn logarithmic: when the largest value is more than
 * LOG_SPREAD times the median (e.g. cold starts of seconds among warm starts of milliseconds),
 * a linear axis squeezes nearly every point into its bottom tenth.
 */
import { quantileSorted } from '../percentile.js';

export const LOG_SPREAD = 10;

export type AxisType = 'linear' | 'logarithmic';

/** Axis type for an ascending sample: logarithmic when max > LOG_SPREAD × median and median > 0. */
export function latencyAxisType(sorted: ArrayLike<number>): AxisType {
  const p50 = quantileSorted(sorted, 0.5);
  if (p50 === null || !(p50 > 0)) return 'linear';
  return sorted[sorted.length - 1]! > LOG_SPREAD * p50 ? 'logarithmic' : 'linear';
}

/** Axis options for a latency axis of the given type (a log axis cannot begin at zero). */
export function latencyAxis(type: AxisType, text: string, extra: Record<string, unknown> = {}) {
  const label = type === 'logarithmic' ? `${text}, log scale` : text;
  return {
    type,
    title: { display: true, text: label, font: { size: 14 } },
    ...(type === 'linear' ? { beginAtZero: true } : {}),
    ...extra,
  };
}
