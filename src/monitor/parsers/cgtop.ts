import type { MonitorSeries } from '../types.js';
import { SeriesCollector, hasValue, lines, markerMs, parseNumber, type ParseOptions } from './series.js';

/** One systemd-cgtop row; null values are `-` (not measured, or a first sample without rates). */
export interface CgtopRow {
  /** Always with a leading `/` (newer systemd prints `system.slice`, older `/system.slice`). */
  readonly path: string;
  readonly tasks: number | null;
  readonly cpuPercent: number | null;
  /** Bytes. */
  readonly memory: number | null;
  /** Bytes per second. */
  readonly input: number | null;
  readonly output: number | null;
}

const IEC: Readonly<Record<string, number>> = {
  B: 1,
  K: 1024,
  M: 1024 ** 2,
  G: 1024 ** 3,
  T: 1024 ** 4,
  P: 1024 ** 5,
  E: 1024 ** 6,
};

/** `2.7G` / `748.0K` / `512B` / `123456` (with --raw) → bytes; `-` → null. */
export function iecBytes(s: string): number | null {
  const m = /^(\d+(?:\.\d+)?)([BKMGTPE])?$/.exec(s);
  if (!m) return null;
  return Math.round(Number(m[1]) * (IEC[m[2] ?? 'B'] as number));
}

/** A row (header lines and anything else → null). The path may contain spaces: values are taken from the right. */
export function parseCgtopRow(line: string): CgtopRow | null {
  const tokens = line.trim().split(/\s+/);
  if (tokens.length < 6) return null;
  const [tasks, cpu, memory, input, output] = tokens.slice(-5) as [string, string, string, string, string];
  const path = tokens.slice(0, -5).join(' ');
  const okTasks = tasks === '-' || /^\d+$/.test(tasks);
  const okCpu = cpu === '-' || parseNumber(cpu) !== null;
  if (!okTasks || !okCpu || (memory !== '-' && iecBytes(memory) === null)) return null;
  return {
    path: path.startsWith('/') ? path : `/${path}`,
    tasks: tasks === '-' ? null : Number(tasks),
    cpuPercent: cpu === '-' ? null : parseNumber(cpu),
    memory: iecBytes(memory),
    input: iecBytes(input),
    output: iecBytes(output),
  };
}

/** Splits text into polls: blank lines, old `\r \r` separators, or a path seen again start a new one. */
function blocks(lineList: readonly string[]): CgtopRow[][] {
  const out: CgtopRow[][] = [];
  let current: CgtopRow[] = [];
  let paths = new Set<string>();
  const flush = (): void => {
    if (current.length > 0) out.push(current);
    current = [];
    paths = new Set();
  };
  for (const l of lineList) {
    if (l.trim() === '') {
      flush();
      continue;
    }
    const row = parseCgtopRow(l);
    if (!row) continue;
    if (paths.has(row.path)) flush();
    current.push(row);
    paths.add(row.path);
  }
  flush();
  return out;
}

/**
 * systemd-cgtop batch output → per cgroup: `<path> tasks`, `<path> %CPU` (%), `<path> memory`
 * (bytes), `<path> input` / `<path> output` (bytes/s); series that are `-` throughout are left out.
 * With our `# t=<epoch ms>` lines (Cgtop.sh), each snapshot is one point, from its last poll
 * (CPU% and I/O need two), at seconds since the first snapshot, which is origin_ms. Without
 * them (a plain `systemd-cgtop` capture) every poll is a point, t = poll index (cgtop's default
 * 1 s delay), origin `fallbackOriginMs`.
 */
export function parseCgtop(text: string, opts: ParseOptions = {}): MonitorSeries[] {
  const snapshots: { ms: number | null; lines: string[] }[] = [];
  let current: { ms: number | null; lines: string[] } = { ms: null, lines: [] };
  snapshots.push(current);
  for (const line of lines(text.replace(/\r \r/g, '\n\n'))) {
    const ms = markerMs(line);
    if (ms !== null) {
      current = { ms, lines: [] };
      snapshots.push(current);
    } else if (!line.trim().startsWith('#')) current.lines.push(line);
  }
  const marked = snapshots.filter((s) => s.ms !== null);
  const points: { t: number; rows: CgtopRow[] }[] = [];
  let origin: number | null;
  if (marked.length > 0) {
    origin = (marked[0] as { ms: number }).ms;
    for (const s of marked) {
      const last = blocks(s.lines).at(-1);
      if (last) points.push({ t: ((s.ms as number) - origin) / 1000, rows: last });
    }
  } else {
    origin = opts.fallbackOriginMs ?? null;
    for (const [i, rows] of blocks((snapshots[0] as { lines: string[] }).lines).entries()) points.push({ t: i, rows });
  }
  const out = new SeriesCollector();
  for (const { t, rows } of points) {
    for (const r of rows) {
      out.add(`${r.path} tasks`, null, t, r.tasks);
      out.add(`${r.path} %CPU`, '%', t, r.cpuPercent);
      out.add(`${r.path} memory`, 'B', t, r.memory);
      out.add(`${r.path} input`, 'B/s', t, r.input);
      out.add(`${r.path} output`, 'B/s', t, r.output);
    }
  }
  return out.build('cgtop', opts.host ?? 'local', origin, hasValue);
}
