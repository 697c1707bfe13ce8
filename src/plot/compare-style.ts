/** Shared look of the comparison charts. */

/** Ten distinguishable colours (matplotlib's tab10), cycled when there are more series. */
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

export function seriesColor(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}

/** Most points drawn per series: beyond this a scatter is ink, and Skia time grows linearly. */
export const MAX_POINTS_PER_SERIES = 20_000;

/** Every k-th element so at most `max` remain (order kept); k is returned to say so on the chart. */
export function everyKth<T>(items: readonly T[], max: number): { items: T[]; k: number } {
  const k = Math.max(1, Math.ceil(items.length / max));
  if (k === 1) return { items: [...items], k };
  const out: T[] = [];
  for (let i = 0; i < items.length; i += k) out.push(items[i]!);
  return { items: out, k };
}

export const TITLE_FONT = { size: 18 } as const;
