/**
 * Monitoring parsers: lines/s and MB/s on synthetic outputs the size of long runs (a busy disk's
 * blkparse output reaches millions of lines per minute). `npm run bench -- monitor`;
 * FAAS_BENCH_LINES sets the lines per input (default 1,000,000).
 */
import { parseBlkparse, parseCgtop, parsePerf, parsePqos } from '../src/monitor/index.js';
import { peakRssMiB, printTable, writeResults, type Row } from './report.js';

const LINES = Number(process.env.FAAS_BENCH_LINES ?? 1_000_000);
const EVENTS = [
  'context-switches',
  'cpu-migrations',
  'page-faults',
  'cpu-clock',
  'cycles',
  'instructions',
  'branch-misses',
  'cache-references',
  'cache-misses',
];

function perfCsv(n: number): string {
  const out: string[] = ['# t=1700000000000', '# started on Thu Nov 26 23:00:28 2026', ''];
  for (let i = 0; i < n; i++) {
    const t = `${Math.floor(i / EVENTS.length) + 1}.000${String(i % 1000).padStart(6, '0')}`;
    const e = EVENTS[i % EVENTS.length] as string;
    out.push(
      e === 'cycles'
        ? `     ${t},<not supported>,,cycles,0,100.00,,`
        : `     ${t},${(i * 7919) % 100000},,${e},1000000000,100.00,${(i % 977) / 10},/sec`,
    );
  }
  return out.join('\n');
}

function perfHuman(n: number): string {
  const out: string[] = ['# started on Thu Nov 26 23:00:28 2026', ''];
  for (let i = 0; i < n; i++) {
    if (i % (25 * EVENTS.length) === 0) out.push('#           time             counts unit events');
    const t = `${String(Math.floor(i / EVENTS.length) + 1).padStart(6)}.000000000`;
    out.push(
      `${t} ${((i * 7919) % 10_000_000).toLocaleString('en-US').padStart(18)}      ${(EVENTS[i % EVENTS.length] as string).padEnd(32)} #  ${(i % 977) / 10} K/sec   (99.50%)`,
    );
  }
  return out.join('\n');
}

function blkparse(n: number): string {
  const out: string[] = ['# t=1700000000000'];
  for (let i = 0; i < n; i += 2) {
    const t = (i / 20000).toFixed(9);
    const rw = i % 6 === 0 ? 'R' : 'WS';
    out.push(
      `  8,0    1 ${String(i).padStart(8)} ${t.padStart(14)} 3328328  D ${rw.padStart(3)} ${1000 + i * 8} + 16 [fio]`,
    );
    out.push(
      `  8,0    1 ${String(i + 1).padStart(8)} ${t.padStart(14)}     0  C ${rw.padStart(3)} ${1000 + i * 8} + 16 [0]`,
    );
  }
  return out.join('\n');
}

function cgtop(n: number): string {
  const out: string[] = [];
  const groups = 50;
  for (let s = 0; out.length < n; s++) {
    out.push(`# t=${1700000000000 + s * 1000}`);
    for (let g = 0; g < groups; g++)
      out.push(
        `/system.slice/docker-${String(g).padStart(64, '0')}.scope ${String(g).padStart(7)} ${((s + g) % 100).toFixed(1).padStart(6)} ${`${(g % 900) + 1}.5M`.padStart(8)}        -        -`,
      );
    out.push('');
    for (let g = 0; g < groups; g++)
      out.push(
        `/system.slice/docker-${String(g).padStart(64, '0')}.scope ${String(g).padStart(7)} ${((s + g) % 100).toFixed(1).padStart(6)} ${`${(g % 900) + 1}.5M`.padStart(8)}    1.0K        -`,
      );
  }
  return out.join('\n');
}

function pqosCsv(n: number): string {
  const out: string[] = ['Time,Core,IPC,LLC Misses,LLC[KB],MBL[MB/s],MBR[MB/s]'];
  for (let i = 0; i < n; i++) {
    const s = Math.floor(i / 16);
    out.push(
      `2024-01-08 ${String(10 + (Math.floor(s / 3600) % 14)).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')},"${i % 16}",1.25,${i % 100000},2048.0,10.5,0.1`,
    );
  }
  return out.join('\n');
}

const cases: [string, (n: number) => string, (text: string) => unknown[]][] = [
  ['perf CSV', perfCsv, (t) => parsePerf(t)],
  ['perf human', perfHuman, (t) => parsePerf(t)],
  ['blkparse', blkparse, (t) => parseBlkparse(t)],
  ['systemd-cgtop', cgtop, (t) => parseCgtop(t)],
  ['pqos CSV', pqosCsv, (t) => parsePqos(t)],
];

const rows: Row[] = [];
for (const [name, make, parse] of cases) {
  const text = make(LINES);
  parse(make(10_000)); // warm-up
  const started = process.hrtime.bigint();
  const series = parse(text);
  const s = Number(process.hrtime.bigint() - started) / 1e9;
  const lines = text.split('\n').length;
  rows.push({
    parser: name,
    lines,
    MB: Number((text.length / 1e6).toFixed(1)),
    seconds: Number(s.toFixed(3)),
    'lines/s': Math.round(lines / s),
    'MB/s': Number((text.length / 1e6 / s).toFixed(1)),
    series: series.length,
  });
}
rows.push({
  parser: 'peak RSS (MiB)',
  lines: 0,
  MB: 0,
  seconds: 0,
  'lines/s': 0,
  'MB/s': 0,
  series: Math.round(peakRssMiB()),
});
printTable(`Monitoring parsers, ${LINES.toLocaleString('en-US')} lines per input`, rows);
writeResults('monitor', rows);
