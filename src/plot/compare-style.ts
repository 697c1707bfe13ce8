/** Shared look of the comparison charts. */

/** Ten distinguishable colours (matplotlib's tab10), cycled when there are more series. */
const PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];

export function seriesColor(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}

/**
 * Points drawn in one scatter, shared among its series (each keeps at least MIN_POINTS_PER_SERIES):
 * beyond this a scatter is only ink, and drawing time grows with every point.
 */
const MAX_POINTS_PER_CHART = 100_000;
const MIN_POINTS_PER_SERIES = 2_000;

export function pointsPerSeries(series: number): number {
  return Math.max(MIN_POINTS_PER_SERIES, Math.floor(MAX_POINTS_PER_CHART / Math.max(1, series)));
}

/** Past this many series a legend covers the chart; it is left out and the title says so. */
const MAX_LEGEND_ENTRIES = 40;

export function legendOptions(series: number): { display: boolean; position: 'bottom' } {
  return { display: series <= MAX_LEGEND_ENTRIES, position: 'bottom' };
}

export function titleWithCount(title: string, series: number, what: string): string {
  return series > MAX_LEGEND_ENTRIES ? `${title} (${series} ${what}; legend left out, see the tables)` : title;
}

export const TITLE_FONT = { size: 18 } as const;
