import { alignedTable } from '../text-table.js';
import type { MonitorSeries } from './types.js';

/** min / mean / max / last of a series' values (nulls left out). */
export interface SeriesStats {
  readonly points: number;
  /** Points with a value (not `<not counted>`, `<not supported>`, `-`). */
  readonly counted: number;
  readonly min: number | null;
  readonly mean: number | null;
  readonly max: number | null;
  readonly last: number | null;
}

export function seriesStats(s: MonitorSeries): SeriesStats {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let counted = 0;
  let last: number | null = null;
  for (const p of s.points) {
    if (p.value === null) continue;
    counted++;
    sum += p.value;
    if (p.value < min) min = p.value;
    if (p.value > max) max = p.value;
    last = p.value;
  }
  return counted === 0
    ? { points: s.points.length, counted, min: null, mean: null, max: null, last: null }
    : { points: s.points.length, counted, min, mean: sum / counted, max, last };
}

/** Integers grouped by thousands, others with up to 3 decimals, missing as `-`. */
export function formatValue(v: number | null): string {
  if (v === null) return '-';
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return v.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

/** Left-aligns the first `textColumns` columns, right-aligns the rest. */
function table(headers: readonly string[], rows: readonly (readonly string[])[], textColumns: number): string {
  return alignedTable(
    headers,
    rows,
    headers.map((_, c) => c >= textColumns),
  );
}

/**
 * One line per series: source, host, metric, unit, points, min, mean, max, last. Series whose
 * points are all null (e.g. `<not supported>` hardware counters in a VM) show `n/a`.
 */
export function formatSeriesSummary(series: readonly MonitorSeries[]): string {
  const rows = series.map((s) => {
    const st = seriesStats(s);
    const none = st.counted === 0 ? 'n/a' : null;
    return [
      s.source,
      s.host,
      s.metric,
      s.unit ?? '',
      String(st.points),
      none ?? formatValue(st.min),
      none ?? formatValue(st.mean),
      none ?? formatValue(st.max),
      none ?? formatValue(st.last),
    ];
  });
  return table(['source', 'host', 'metric', 'unit', 'points', 'min', 'mean', 'max', 'last'], rows, 4);
}

/**
 * A compact time table per (source, host): one row per sample time (seconds since the run start
 * when both origins are known, else since the monitor started), one column per series; at most
 * `maxRows` rows (evenly picked, first and last kept) and `maxColumns` series per table.
 */
export function formatSeriesTimeTable(
  series: readonly MonitorSeries[],
  opts: { runStartMs?: number; maxRows?: number; maxColumns?: number } = {},
): string {
  const maxRows = opts.maxRows ?? 20;
  const maxColumns = opts.maxColumns ?? 6;
  const groups = new Map<string, MonitorSeries[]>();
  for (const s of series) {
    const key = `${s.source}@${s.host}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const out: string[] = [];
  for (const [key, members] of groups) {
    const shown = members.filter((s) => seriesStats(s).counted > 0).slice(0, maxColumns);
    if (shown.length === 0) continue;
    const times = new Map<number, Map<number, number | null>>();
    shown.forEach((s, c) => {
      const shift = opts.runStartMs !== undefined && s.origin_ms !== null ? (s.origin_ms - opts.runStartMs) / 1000 : 0;
      for (const p of s.points) {
        const t = Math.round((p.t + shift) * 1000) / 1000;
        const row = times.get(t) ?? new Map<number, number | null>();
        row.set(c, p.value);
        times.set(t, row);
      }
    });
    const all = [...times.keys()].sort((a, b) => a - b);
    const picked =
      all.length <= maxRows
        ? all
        : Array.from({ length: maxRows }, (_, i) => all[Math.round((i * (all.length - 1)) / (maxRows - 1))] as number);
    const headers = ['t (s)', ...shown.map((s) => (s.unit ? `${s.metric} [${s.unit}]` : s.metric))];
    const rows = picked.map((t) => [t.toFixed(3), ...shown.map((_, c) => formatValue(times.get(t)?.get(c) ?? null))]);
    const hidden = members.length - shown.length;
    out.push(`${key}${hidden > 0 ? ` (${hidden} more series not shown)` : ''}\n${table(headers, rows, 0)}`);
  }
  return out.join('\n\n');
}

/**
 * The series named `metric`: the exact name, else the shortest name containing it
 * (case-insensitive); on `host` (default `local`) when there, else on any host; null when none.
 */
export function findSeries(series: readonly MonitorSeries[], metric: string, host = 'local'): MonitorSeries | null {
  const exact = series.filter((s) => s.metric === metric);
  if (exact.length > 0) return exact.find((s) => s.host === host) ?? (exact[0] as MonitorSeries);
  const needle = metric.toLowerCase();
  const partial = series.filter((s) => s.metric.toLowerCase().includes(needle));
  const onHost = partial.filter((s) => s.host === host);
  // `context` → `context-switches` rather than `context-switches (/sec)`: the shortest name wins.
  const shortest = (list: readonly MonitorSeries[]): MonitorSeries | null =>
    list.reduce<MonitorSeries | null>(
      (best, s) => (best === null || s.metric.length < best.metric.length ? s : best),
      null,
    );
  return shortest(onHost) ?? shortest(partial);
}

/**
 * Points of the series named `metric` for a chart: x = seconds since `runStartMs` (when the
 * series' origin is known; else since the monitor started), y = value; nulls are left out.
 */
export function seriesForPlot(
  series: readonly MonitorSeries[],
  metric: string,
  runStartMs: number,
  host = 'local',
): { label: string; unit: string | null; points: { x: number; y: number }[] } | null {
  const s = findSeries(series, metric, host);
  if (!s) return null;
  const shift = s.origin_ms === null ? 0 : (s.origin_ms - runStartMs) / 1000;
  const points = s.points.filter((p) => p.value !== null).map((p) => ({ x: p.t + shift, y: p.value as number }));
  return { label: s.host === 'local' ? s.metric : `${s.metric} @ ${s.host}`, unit: s.unit, points };
}
