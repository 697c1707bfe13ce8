import type { MonitorSeries } from '../types.js';
import { SeriesCollector, lines, markerMs, parseCtime, parseNumber, type ParseOptions } from './series.js';

/**
 * One counter reading from `perf stat` output (human or `-x` CSV), before it becomes points.
 * `value` is null for `<not counted>` / `<not supported>`.
 */
export interface PerfReading {
  /** Seconds since perf started (interval mode), or null in a final summary. */
  readonly time: number | null;
  /** `CPU3`, `S0-D0-C1`... with per-CPU/core/socket aggregation, else null. */
  readonly aggregate: string | null;
  readonly value: number | null;
  /** `msec`, `Joules`... or null. */
  readonly unit: string | null;
  readonly event: string;
  /** The derived metric perf prints after `#` (CSV: the last two fields), if any. */
  readonly metric: { readonly value: number; readonly unit: string } | null;
}

const BAD_COUNT = /^<not (counted|supported)>$/;
/** perf prints interval times as `%lu.%09lu`: exactly nine decimals tell a time from a count. */
const TIME = /^\d+\.\d{9}$/;
/** `CPU0`, `S0`, `S0-D0`, `S0-D0-C1`, `N0` (per-CPU/socket/die/core/node aggregation). */
const AGGREGATE = /^(CPU\d+|[SN]\d+(-[A-Z]+\d+)*)$/;

/** A human count: `85,144,535`, `401.10`, or (in dot-grouping locales) `85.144.535`. */
function humanCount(s: string): number | null {
  if (BAD_COUNT.test(s)) return null;
  if (/^\d{1,3}(\.\d{3}){2,}$/.test(s)) return Number(s.replace(/\./g, ''));
  return parseNumber(s);
}

/** `1.35% of all dTLB cache hits` / `154.666 /sec` / `2.004 CPUs utilized` → value and unit. */
function parseMetric(text: string): PerfReading['metric'] {
  const m = /^([-+]?[\d,]*\.?\d+)\s*(.*)$/.exec(text.trim());
  if (!m) return null;
  const value = parseNumber(m[1] as string);
  const unit = (m[2] as string).replace(/\s+/g, ' ').trim();
  return value === null ? null : { value, unit };
}

/** A line of `perf stat -x<sep>` output, or null when it is not a counter row. */
export function parsePerfCsvLine(line: string, sep: string): PerfReading | null {
  const f = line.trim().split(sep);
  let i = 0;
  const time = TIME.test(f[0] ?? '') && f.length >= 4 ? Number(f[i++]) : null;
  let aggregate: string | null = null;
  if (AGGREGATE.test(f[i] ?? '')) {
    aggregate = f[i++] as string;
    // per-core/socket rows carry the number of CPUs aggregated before the value
    if (/^\d+$/.test(f[i] ?? '') && (parseNumber(f[i + 1] ?? '') !== null || BAD_COUNT.test(f[i + 1] ?? ''))) i++;
  }
  const raw = f[i] ?? '';
  const value = BAD_COUNT.test(raw) ? null : parseNumber(raw);
  if (value === null && !BAD_COUNT.test(raw)) return null;
  const unit = f[i + 1] ?? '';
  // The event ends where "run time (integer), running % (number)" follows; event names with
  // the separator inside (`cpu/event=0x3c,umask=0/` with -x,) span several fields.
  let end = i + 3;
  while (end < f.length && !(/^\d+$/.test(f[end] as string) && /^\d+(\.\d+)?$/.test(f[end + 1] ?? ''))) end++;
  const event = f
    .slice(i + 2, end)
    .join(sep)
    .trim();
  if (event === '') return null;
  const metricValue = f[end + 2] ?? '';
  const metric = metricValue.trim() === '' ? null : parseMetric(`${metricValue} ${f.slice(end + 3).join(sep)}`);
  return { time, aggregate, value, unit: unit.trim() === '' ? null : unit.trim(), event, metric };
}

/** A line of human `perf stat` output, or null when it is not a counter row. */
export function parsePerfHumanLine(line: string): PerfReading | null {
  let rest = line.trim();
  // Multiplexing: the counter ran only part of the time; perf already scaled the count.
  // (Sliced off by hand: an end-anchored regex with a leading \s* backtracks over every gap.)
  if (rest.endsWith('%)')) {
    const open = rest.lastIndexOf('(');
    if (open >= 0 && /^\(\s*\d+(\.\d+)?%\)$/.test(rest.slice(open))) rest = rest.slice(0, open).trimEnd();
  }
  const hash = rest.indexOf('#');
  const comment = hash >= 0 ? rest.slice(hash + 1) : '';
  const tokens = (hash >= 0 ? rest.slice(0, hash) : rest)
    .replace(/<not (counted|supported)>/, (m) => m.replace(' ', '_'))
    .split(/\s+/)
    .filter(Boolean);
  let i = 0;
  const time = TIME.test(tokens[0] ?? '') ? Number(tokens[i++]) : null;
  let aggregate: string | null = null;
  if (AGGREGATE.test(tokens[i] ?? '')) {
    aggregate = tokens[i++] as string;
    if (/^\d+$/.test(tokens[i] ?? '') && tokens.length - i >= 3) i++;
  }
  const raw = (tokens[i] ?? '').replace('_', ' ');
  const value = humanCount(raw);
  if (value === null && !BAD_COUNT.test(raw)) return null;
  const after = tokens.slice(i + 1);
  if (after.length === 0) return null;
  const [unit, event] = after.length >= 2 ? [after[0] as string, after.slice(1).join(' ')] : [null, after[0] as string];
  if (!/[A-Za-z]/.test(event)) return null;
  return { time, aggregate, value, unit, event, metric: comment.trim() === '' ? null : parseMetric(comment) };
}

/** `K/sec` → ×1000 `/sec`: perf rescales rates between intervals; one series needs one unit. */
function normaliseRate(metric: NonNullable<PerfReading['metric']>): { value: number; unit: string } {
  const m = /^([KMG])\/sec$/.exec(metric.unit);
  if (!m) return metric;
  const factor = { K: 1e3, M: 1e6, G: 1e9 }[m[1] as 'K' | 'M' | 'G'];
  return { value: Math.round(metric.value * factor * 1e6) / 1e6, unit: '/sec' };
}

/** `;` when a line uses it as its separator (`perf stat -x\;`), else `,`. */
function separatorOf(line: string): string | null {
  const t = line.trim();
  if (/\s{2,}/.test(t)) return null; // human rows are padded with runs of spaces
  const semis = t.split(';').length - 1;
  const commas = t.split(',').length - 1;
  if (semis >= 3) return ';';
  return commas >= 3 ? ',' : null;
}

/** Every counter row of a perf stat output (CSV or human, interval or summary). */
export function parsePerfReadings(text: string): {
  readings: PerfReading[];
  markerMs: number | null;
  startedOnMs: number | null;
  elapsedS: number | null;
} {
  const readings: PerfReading[] = [];
  let marker: number | null = null;
  let startedOn: number | null = null;
  let elapsed: number | null = null;
  for (const line of lines(text)) {
    const t = line.trim();
    if (t === '') continue;
    if (t.startsWith('#')) {
      marker ??= markerMs(t);
      const started = /^#\s*started on\s+(.*)$/.exec(t);
      if (started) startedOn ??= parseCtime(started[1] as string);
      continue; // headers (repeated every 25 intervals) and comments
    }
    const e = /^([\d.,]+)\s+seconds time elapsed/.exec(t);
    if (e) {
      elapsed = parseNumber(e[1] as string);
      continue;
    }
    const sep = separatorOf(t);
    const r = sep ? parsePerfCsvLine(t, sep) : parsePerfHumanLine(t);
    if (r) readings.push(r);
  }
  return { readings, markerMs: marker, startedOnMs: startedOn, elapsedS: elapsed };
}

/**
 * perf stat output → one series per event (metric = event, with ` CPU3` etc. when aggregated
 * per CPU), plus one per derived metric perf printed (`cpu-clock (CPUs utilized)`,
 * `dTLB-load-misses (% of all dTLB cache hits)`). t is seconds since perf started; origin: our
 * `# t=` line, else `fallbackOriginMs`, else perf's `# started on` (1 s resolution).
 */
export function parsePerf(text: string, opts: ParseOptions = {}): MonitorSeries[] {
  const { readings, markerMs: marker, startedOnMs, elapsedS } = parsePerfReadings(text);
  const out = new SeriesCollector();
  for (const r of readings) {
    const name = r.aggregate ? `${r.event} ${r.aggregate}` : r.event;
    const t = r.time ?? elapsedS ?? 0;
    out.add(name, r.unit, t, r.value);
    if (r.metric && r.value !== null && r.metric.unit !== '') {
      const m = normaliseRate(r.metric);
      out.add(`${name} (${m.unit})`, m.unit, t, m.value);
    }
  }
  return out.build('perf', opts.host ?? 'local', marker ?? opts.fallbackOriginMs ?? startedOnMs);
}
