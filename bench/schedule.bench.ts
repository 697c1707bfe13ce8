/**
 * Schedule building at scale: 10 million events from 4 instances (2 Uniform, 2 Poisson, one of
 * them in an activity window), streamed to CSV; then 10 million events from 1,000 instances (the
 * merge's worst case here). Targets: build well under 10 s, peak RSS under 1 GiB.
 * BENCH_SCHEDULE_EVENTS=<n> runs a smaller size.
 */
import { rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArrivalSpec, Workload } from '../src/config/types.js';
import { buildSchedule, writeScheduleCsv } from '../src/schedule/index.js';
import { peakRssMiB, printTable, writeResults, type Row } from './report.js';

const EVENTS = Number(process.env.BENCH_SCHEDULE_EVENTS ?? 10_000_000);

function workload(durationS: number, arrivals: ArrivalSpec[]): Workload {
  return {
    testName: 'bench',
    durationS,
    randomSeed: 42,
    blocking: false,
    endpoint: 'embedded',
    transport: 'http',
    namespace: '_',
    instances: arrivals.map((arrival, i) => ({
      name: `instance${i + 1}`,
      application: `app${i + 1}`,
      arrival,
      paramFile: null,
      dataFile: null,
      url: null,
      data: undefined,
    })),
    perfMonitoring: { runtimeScript: null, postScript: null, targets: [] },
    configPath: '/bench/workload.json',
    raw: {},
  };
}

// 4 instances: expected total = duration × (1500 + 1500 + 1000 + 2000 × 0.5) = duration × 5000.
const d4 = EVENTS / 5000;
const four = workload(d4, [
  { kind: 'Uniform', rate: 1500, window: null },
  { kind: 'Poisson', rate: 1500, window: null },
  { kind: 'Uniform', rate: 1000, window: null },
  { kind: 'Poisson', rate: 2000, window: [0, d4 / 2] },
]);
// 1,000 instances at 10/s each, alternating Uniform and Poisson.
const d1000 = EVENTS / 10_000;
const thousand = workload(
  d1000,
  Array.from(
    { length: 1000 },
    (_, i): ArrivalSpec => ({ kind: i % 2 === 0 ? 'Uniform' : 'Poisson', rate: 10, window: null }),
  ),
);

const rows: Row[] = [];
const rssAtStart = peakRssMiB();
/** One table row; peak RSS is read when the row is made, right after the step. */
const row = (step: string, events: number, seconds: number, note: string): Row => ({
  step,
  events,
  seconds,
  events_per_s: Math.round(events / seconds),
  peak_rss_mib: Math.round(peakRssMiB()),
  note,
});

let t0 = performance.now();
const schedule = buildSchedule(four, 42);
let s = (performance.now() - t0) / 1000;
rows.push(row('build, 4 instances', schedule.times.length, s, 'targets < 10 s, < 1024 MiB'));

const csvPath = join(tmpdir(), `schedule-bench-${process.pid}.csv`);
t0 = performance.now();
await writeScheduleCsv(schedule, csvPath);
s = (performance.now() - t0) / 1000;
const csvMiB = (await stat(csvPath)).size / 2 ** 20;
await rm(csvPath);
rows.push(row('csv write, 4 instances', schedule.times.length, s, `${csvMiB.toFixed(0)} MiB file`));

t0 = performance.now();
const many = buildSchedule(thousand, 42);
s = (performance.now() - t0) / 1000;
rows.push(row('build, 1000 instances', many.times.length, s, 'peak RSS is cumulative'));

printTable(`schedule: ${EVENTS} events requested per case (RSS at start ${Math.round(rssAtStart)} MiB)`, rows);
writeResults('schedule', rows);
