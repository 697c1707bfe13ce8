/** A chart point: x and y in the chart's units. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * Reduces a series sorted by x to at most ~`budget` points by cutting the x range into
 * budget/2 equal bins and keeping each bin's lowest and highest y (in x order), so spikes and
 * dips survive where plain striding would drop them. Series within budget are returned as is.
 */
export function minMaxBins(points: readonly Point[], budget: number): Point[] {
  if (points.length <= budget || points.length === 0) return [...points];
  const bins = Math.max(1, Math.floor(budget / 2));
  const x0 = points[0]!.x;
  const span = points[points.length - 1]!.x - x0 || 1;
  const out: Point[] = [];
  let current = -1;
  let lo: Point | null = null;
  let hi: Point | null = null;
  const flush = () => {
    if (lo === null || hi === null) return;
    if (lo === hi) out.push(lo);
    else if (lo.x <= hi.x) out.push(lo, hi);
    else out.push(hi, lo);
  };
  for (const p of points) {
    const b = Math.min(bins - 1, Math.floor(((p.x - x0) / span) * bins));
    if (b !== current) {
      flush();
      current = b;
      lo = hi = p;
    } else {
      if (p.y < lo!.y) lo = p;
      if (p.y > hi!.y) hi = p;
    }
  }
  flush();
  return out;
}

/**
 * The empirical CDF of an ascending sample as at most `steps` + tail points: evenly spaced
 * quantiles plus the p99–p99.99 tail, x = value, y = fraction ≤ value. Exact at each point.
 */
export function cdfPoints(sorted: ArrayLike<number>, steps = 500): Point[] {
  const n = sorted.length;
  if (n === 0) return [];
  if (n <= steps) return Array.from({ length: n }, (_, i) => ({ x: sorted[i]!, y: (i + 1) / n }));
  const ranks = new Set<number>();
  for (let k = 0; k <= steps; k++) ranks.add(Math.round((k / steps) * (n - 1)));
  for (const q of [0.99, 0.995, 0.999, 0.9995, 0.9999]) ranks.add(Math.round(q * (n - 1)));
  return [...ranks].sort((a, b) => a - b).map((i) => ({ x: sorted[i]!, y: (i + 1) / n }));
}
