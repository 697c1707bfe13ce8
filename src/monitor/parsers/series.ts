import type { MonitorPoint, MonitorSeries } from '../types.js';

/** What every parser accepts besides the text. */
export interface ParseOptions {
  /** `local` (default) or the remote target's name. */
  readonly host?: string;
  /**
   * Epoch ms of t = 0 to use when the output carries no `# t=<epoch ms>` line of its own (our
   * scripts write one; FaaSProfiler's did not), e.g. the run's start.
   */
  readonly fallbackOriginMs?: number | null;
}

/** Collects points per metric in first-seen order, then emits MonitorSeries. */
export class SeriesCollector {
  private readonly byMetric = new Map<string, { unit: string | null; points: MonitorPoint[] }>();

  add(metric: string, unit: string | null, t: number, value: number | null): void {
    let s = this.byMetric.get(metric);
    if (!s) {
      s = { unit, points: [] };
      this.byMetric.set(metric, s);
    }
    if (s.unit === null && unit !== null) s.unit = unit;
    s.points.push({ t, value });
  }

  build(
    source: string,
    host: string,
    originMs: number | null,
    keep: (points: readonly MonitorPoint[]) => boolean = () => true,
  ): MonitorSeries[] {
    const out: MonitorSeries[] = [];
    for (const [metric, s] of this.byMetric) {
      if (keep(s.points)) out.push({ source, host, metric, unit: s.unit, origin_ms: originMs, points: s.points });
    }
    return out;
  }
}

/** Our scripts' timestamp lines: `# t=<epoch ms>` → the number, else null. */
export function markerMs(line: string): number | null {
  const m = /^#\s*t=(\d+(?:\.\d+)?)\s*$/.exec(line.trim());
  return m ? Number(m[1]) : null;
}

/** Text → lines without `\r` (CRLF files, `\r \r` cgtop separators are handled by callers). */
export function lines(text: string): string[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** `12,345,678` / `1,146` → 12345678 / 1146; `1.35` → 1.35; not a number → null. */
export function parseNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s); // the common case, without allocations
  const t = s.trim().replace(/,/g, '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
  return Number(t);
}

/** Points with at least one value (all-`-` columns carry nothing). */
export function hasValue(points: readonly MonitorPoint[]): boolean {
  return points.some((p) => p.value !== null);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Thu Nov 26 23:00:28 2026` (ctime, local time) → epoch ms, or null. */
export function parseCtime(s: string): number | null {
  const m = /^\s*\w{3}\s+(\w{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(\d{4})\s*$/.exec(s);
  if (!m) return null;
  const month = MONTHS.indexOf(m[1] as string);
  if (month < 0) return null;
  return new Date(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])).getTime();
}

/** `2021-09-28 13:15:59` (local time) → epoch ms, or null. */
export function parseLocalDateTime(s: string): number | null {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})\s*$/.exec(s);
  if (!m) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])).getTime();
}
