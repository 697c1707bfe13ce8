import type { MonitorSeries } from '../types.js';
import { SeriesCollector, lines, markerMs, parseNumber, type ParseOptions } from './series.js';

/** One decoded blkparse event line (`%D %2c %8s %5T.%9t %5p %2a %3d` + action data). */
export interface BlkEvent {
  /** `maj,min` */
  readonly device: string;
  /** Seconds since the trace started. */
  readonly time: number;
  /** `Q`, `G`, `I`, `D`, `C`, `M`, `UT`... */
  readonly action: string;
  /** `R`, `WS`, `FWFS`, `N`... */
  readonly rwbs: string;
  readonly sector: number | null;
  /** Size in 512-byte sectors, when the line gives one. */
  readonly sectors: number | null;
}

const EVENT = /^(\d+,\d+)\s+\d+\s+\d+\s+(\d+\.\d+)\s+\d+\s+([A-Za-z]{1,2})\s+([A-Z]+)\b\s*(.*)$/;

/** Splits on whitespace semantics (a wide PID shifts columns, so nothing is sliced by position). */
export function parseBlkEvent(line: string): BlkEvent | null {
  const m = EVENT.exec(line.trim());
  if (!m) return null;
  const data = /^(\d+)(?:\s*\+\s*(\d+))?/.exec(m[5] as string);
  return {
    device: m[1] as string,
    time: Number(m[2]),
    action: m[3] as string,
    rwbs: m[4] as string,
    sector: data ? Number(data[1]) : null,
    sectors: data?.[2] !== undefined ? Number(data[2]) : null,
  };
}

const UNIT_BYTES: Readonly<Record<string, number>> = {
  B: 1,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
};

/** `1,146MiB` → bytes. */
function bytes(n: string, unit: string): number | null {
  const v = parseNumber(n);
  const f = UNIT_BYTES[unit];
  return v === null || f === undefined ? null : v * f;
}

/** A summary field such as `Writes Queued:     143,304,    1,146MiB` or `IO unplugs:   0`. */
const SUMMARY_FIELD = /([A-Z][A-Za-z ]*?):\s+(\d(?:[\d,]*\d)?)(?:,\s+(\d(?:[\d,]*\d)?)(B|KiB|MiB|GiB|TiB))?/g;

/**
 * blkparse output → per device and second, from completions (C): `<dev> reads completed` and
 * `<dev> writes completed` (IO/s), `<dev> read bytes` and `<dev> write bytes` (B/s; a completion
 * without a size takes the size of the dispatch of the same sector). t is the second's start, in
 * seconds since the trace started; origin: our `# t=` line, else `fallbackOriginMs`.
 * The end-of-run `Total (<dev>):` block gives one-point series such as `Total (8,80) Writes Queued`
 * and `... Writes Queued bytes`, and `Throughput read`/`write` (B/s), at the last event's time.
 */
export function parseBlkparse(text: string, opts: ParseOptions = {}): MonitorSeries[] {
  let marker: number | null = null;
  const perSecond = new Map<string, { ios: [number, number]; bytes: [number, number] }[]>();
  const dispatched = new Map<string, number>();
  let lastTime = 0;
  const totals: [string, string | null, number][] = [];
  let totalBlock: string | null = null;

  for (const line of lines(text)) {
    const t = line.trim();
    if (t.startsWith('#')) {
      marker ??= markerMs(t);
      continue;
    }
    const e = parseBlkEvent(t);
    if (e) {
      totalBlock = null;
      lastTime = Math.max(lastTime, e.time);
      const key = `${e.device}:${e.sector}`;
      if (e.action === 'D' && e.sectors !== null) dispatched.set(key, e.sectors);
      if (e.action !== 'C') continue;
      if (!e.rwbs.includes('R') && !e.rwbs.includes('W')) continue;
      const dir = e.rwbs.includes('R') ? 0 : 1;
      const sectors = e.sectors ?? dispatched.get(key) ?? 0;
      dispatched.delete(key);
      const buckets = perSecond.get(e.device) ?? [];
      perSecond.set(e.device, buckets);
      const s = Math.floor(e.time);
      while (buckets.length <= s) buckets.push({ ios: [0, 0], bytes: [0, 0] });
      const b = buckets[s] as { ios: [number, number]; bytes: [number, number] };
      b.ios[dir] += 1;
      b.bytes[dir] += sectors * 512;
      continue;
    }
    const block = /^Total\s+\((.+)\):$/.exec(t);
    if (block) {
      totalBlock = `Total (${block[1]})`;
      continue;
    }
    if (/^\S.*\):$/.test(t)) {
      totalBlock = null; // a per-CPU block
      continue;
    }
    const tp = /^Throughput \(R\/W\):\s*([\d,]+)(B|KiB|MiB|GiB)\/s\s*\/\s*([\d,]+)(B|KiB|MiB|GiB)\/s/.exec(t);
    if (tp) {
      const r = bytes(tp[1] as string, tp[2] as string);
      const w = bytes(tp[3] as string, tp[4] as string);
      if (r !== null) totals.push(['Throughput read', 'B/s', r]);
      if (w !== null) totals.push(['Throughput write', 'B/s', w]);
      continue;
    }
    const ev = /^Events\s+\((.+)\):\s+([\d,]+)\s+entries/.exec(t);
    if (ev) {
      const n = parseNumber(ev[2] as string);
      if (n !== null) totals.push([`Events (${ev[1]})`, null, n]);
      continue;
    }
    if (totalBlock === null) continue;
    if (t === '') {
      totalBlock = null;
      continue;
    }
    for (const f of t.matchAll(SUMMARY_FIELD)) {
      const name = `${totalBlock} ${(f[1] as string).trim()}`;
      const count = parseNumber(f[2] as string);
      if (count !== null) totals.push([name, null, count]);
      if (f[3] !== undefined) {
        const b = bytes(f[3], f[4] as string);
        if (b !== null) totals.push([`${name} bytes`, 'B', b]);
      }
    }
  }

  const out = new SeriesCollector();
  for (const [device, buckets] of perSecond) {
    buckets.forEach((b, s) => {
      out.add(`${device} reads completed`, 'IO/s', s, b.ios[0]);
      out.add(`${device} writes completed`, 'IO/s', s, b.ios[1]);
      out.add(`${device} read bytes`, 'B/s', s, b.bytes[0]);
      out.add(`${device} write bytes`, 'B/s', s, b.bytes[1]);
    });
  }
  for (const [name, unit, v] of totals) out.add(name, unit, lastTime, v);
  return out.build('blktrace', opts.host ?? 'local', marker ?? opts.fallbackOriginMs ?? null);
}
