import type { MonitorSeries } from '../types.js';
import { SeriesCollector, lines, parseLocalDateTime, parseNumber, type ParseOptions } from './series.js';

/** A value column of a header: series name suffix and unit. */
type Column = readonly [name: string, unit: string | null];

/** One pqos poll: its (1 s resolution, local) time and one row per monitored group. */
interface Poll {
  readonly timeMs: number;
  /** `values[i]` belongs to `columns[i]`. */
  readonly rows: { id: string; columns: readonly Column[]; values: (number | null)[] }[];
}

/** A header's layout: which fields are group ids, and the value columns in order. */
interface Layout {
  readonly ids: readonly (readonly [index: number, name: string])[];
  readonly values: readonly (readonly [index: number, column: Column])[];
}

function layout(header: readonly string[], skipFirst: boolean): Layout {
  const ids: [number, string][] = [];
  const values: [number, Column][] = [];
  header.forEach((h, i) => {
    if (skipFirst && i === 0) return;
    if (ID_COLUMNS.has(h.toUpperCase())) ids.push([i, h.toUpperCase()]);
    else values.push([i, column(h)]);
  });
  return { ids, values };
}

/** A row's fields → its group label and values, by the header's layout. */
function row(l: Layout, fields: readonly string[]): Poll['rows'][number] {
  return {
    id: label(l.ids.map(([i, name]) => [name, (fields[i] ?? '').trim()] as const)),
    columns: l.values.map(([, c]) => c),
    values: l.values.map(([i]) => value(fields[i] ?? '')),
  };
}

/** Column → series name and unit, for pqos text headers and CSV headers alike. */
const COLUMNS: Readonly<Record<string, readonly [string, string | null]>> = {
  IPC: ['IPC', null],
  MISSES: ['LLC misses', null],
  'LLC MISSES': ['LLC misses', null],
  REFERENCES: ['LLC references', null],
  'LLC REFERENCES': ['LLC references', null],
  'LLC[KB]': ['LLC occupancy', 'KB'],
  'LLC[%]': ['LLC occupancy %', '%'],
};

/** `MBL[MB/s]` → [`MBL`, `MB/s`]; known names from COLUMNS; anything else as written. */
function column(name: string): readonly [string, string | null] {
  const known = COLUMNS[name.toUpperCase()];
  if (known) return known;
  const m = /^(.+?)\[(.+)\]$/.exec(name);
  return m ? [m[1] as string, m[2] as string] : [name, null];
}

const ID_COLUMNS = new Set(['CORE', 'PID', 'SOCKET', 'RMID', 'CHANNEL']);

/** `12k` (thousands, pqos text MISSES) → 12000; `0.45` → 0.45; anything else → null. */
function value(s: string): number | null {
  const k = /^(.*\d)k$/i.exec(s.trim());
  if (k) {
    const n = parseNumber(k[1] as string);
    return n === null ? null : n * 1000;
  }
  return parseNumber(s);
}

/** The label of a row's group: `core 0-5`, `pid 1234 core 3`, `socket 0` (RMIDs left out). */
function label(ids: readonly (readonly [string, string])[]): string {
  return ids
    .filter(([k]) => k !== 'RMID')
    .map(([k, v]) => `${k.toLowerCase()} ${v}`)
    .join(' ');
}

/** pqos text output (`TIME` blocks; current and v1.2 column layouts; NOTE lines; screen clears). */
function textPolls(text: string): Poll[] {
  const polls: Poll[] = [];
  let current: { timeMs: number; rows: Poll['rows']; header: string[] | null; layout: Layout | null } | null = null;
  for (const raw of lines(text)) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the ANSI colour codes pqos writes
    const line = raw.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
    const t = line.trim();
    const time = /^TIME\s+(.+)$/.exec(t);
    if (time) {
      const ms = parseLocalDateTime(time[1] as string);
      current = ms === null ? null : { timeMs: ms, rows: [], header: null, layout: null };
      if (current) polls.push(current);
      continue;
    }
    if (!current || t === '') continue;
    const tokens = t.split(/\s+/);
    if (current.header === null || current.layout === null) {
      if (tokens.some((w) => ID_COLUMNS.has(w.toUpperCase()))) {
        current.header = tokens;
        current.layout = layout(tokens, false);
      }
      continue;
    }
    if (tokens.length !== current.header.length) continue; // NOTE lines, messages
    const r = row(current.layout, tokens);
    if (r.values.every((v) => v === null)) continue;
    current.rows.push(r);
  }
  return polls;
}

/** Splits one CSV line, honouring double quotes (`"37,44"`). */
function csvFields(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

/** pqos `-u csv` output: one header, then `time,"cores",ipc,misses,...` rows. */
function csvPolls(text: string): Poll[] {
  const polls: Poll[] = [];
  let l: Layout | null = null;
  let current: { timeMs: number; rows: Poll['rows']; seen: Set<string> } | null = null;
  let lastTime = '';
  let lastMs: number | null = null;
  for (const line of lines(text)) {
    if (line.trim() === '') continue;
    const f = csvFields(line.trim());
    if (/^time$/i.test(f[0]?.trim() ?? '')) {
      l = layout(
        f.map((h) => h.trim()),
        true,
      );
      continue;
    }
    if (!l) continue;
    if (f[0] !== lastTime) {
      lastTime = f[0] ?? '';
      lastMs = parseLocalDateTime(lastTime);
    }
    const timeMs = lastMs;
    if (timeMs === null) continue;
    const r = row(l, f);
    const id = r.id;
    // A new poll starts with a new time, or when a group repeats within the same second.
    if (!current || current.timeMs !== timeMs || current.seen.has(id)) {
      current = { timeMs, rows: [], seen: new Set() };
      polls.push(current);
    }
    current.seen.add(id);
    current.rows.push(r);
  }
  return polls;
}

/**
 * pqos text or CSV → one series per group and column: `core 0-5 IPC`, `core 0-5 LLC misses`
 * (count per interval; text `12k` = 12000), `core 0-5 LLC occupancy` (KB), `core 0-5 MBL` (MB/s).
 * pqos stamps polls to the second (local time): polls sharing a second are spread evenly over it.
 * t is seconds since the first poll, whose time is origin_ms.
 */
export function parsePqos(text: string, opts: ParseOptions = {}): MonitorSeries[] {
  const firstLine = lines(text).find((l) => l.trim() !== '') ?? '';
  const polls = /^time,/i.test(firstLine.trim()) ? csvPolls(text) : textPolls(text);
  if (polls.length === 0) return [];
  const origin = (polls[0] as Poll).timeMs;
  const out = new SeriesCollector();
  for (let i = 0; i < polls.length; ) {
    const timeMs = (polls[i] as Poll).timeMs;
    let j = i;
    while (j < polls.length && (polls[j] as Poll).timeMs === timeMs) j++;
    for (let k = i; k < j; k++) {
      const t = (timeMs - origin) / 1000 + (k - i) / (j - i);
      for (const r of (polls[k] as Poll).rows) {
        for (const [c, [name, unit]] of r.columns.entries()) {
          out.add(r.id ? `${r.id} ${name}` : name, unit, t, r.values[c] ?? null);
        }
      }
    }
    i = j;
  }
  return out.build('pqos', opts.host ?? 'local', origin);
}
