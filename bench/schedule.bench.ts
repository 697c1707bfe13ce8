/**
 * Schedule building at scale: 10 million events from 4 instances (2 Uniform, 2 Poisson, one of
 * them in an activity window), then the same schedule streamed to CSV.
 * Targets: build well under 10 s, peak RSS under 1 GiB.
 */
import { rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Workload } from '../src/config/types.js';
import { buildSchedule, writeScheduleCsv } from '../src/schedule/index.js';
import { peakRssMiB, printTable, writeResults } from './report.js';

const EVENTS = Number(process.env.BENCH_SCHEDULE_EVENTS ?? 10_000_000);
const RATES = [
  { kind: 'Uniform', rate: 1500, window: null },
  { kind: 'Poisson', rate: 1500, window: null },
  { kind: 'Uniform', rate: 1000, window: null },
  { kind: 'Poisson', rate: 2000, window: [0, 0.5] }, // fraction of the duration, set below
] as const;
// Expected total = duration × (1500 + 1500 + 1000 + 2000 × 0.5) = duration × 5000.
const durationS = EVENTS / 5000;

const workload: Workload = {
  testName: 'bench',
  durationS,
  randomSeed: 42,
  blocking: false,
  endpoint: 'embedded',
  transport: 'http',
  namespace: '_',
  instances: RATES.map((r, i) => ({
    name: `instance${i + 1}`,
    application: `app${i + 1}`,
    arrival: {
      kind: r.kind,
      rate: r.rate,
      window: r.window === null ? null : [r.window[0] * durationS, r.window[1] * durationS],
    },
    paramFile: null,
    dataFile: null,
    url: null,
    data: undefined,
  })),
  perfMonitoring: { runtimeScript: null, postScript: null, targets: [] },
  configPath: '/bench/workload.json',
  raw: {},
};

const rssBefore = peakRssMiB();
let t0 = performance.now();
const schedule = buildSchedule(workload, 42);
const buildS = (performance.now() - t0) / 1000;
const rssAfterBuild = peakRssMiB();

const csvPath = join(tmpdir(), `schedule-bench-${process.pid}.csv`);
t0 = performance.now();
await writeScheduleCsv(schedule, csvPath);
const csvS = (performance.now() - t0) / 1000;
const csvMiB = (await stat(csvPath)).size / 2 ** 20;
await rm(csvPath);

const rows = [
  { step: 'build', events: schedule.times.length, seconds: buildS, events_per_s: Math.round(schedule.times.length / buildS), peak_rss_mib: Math.round(rssAfterBuild), note: 'targets < 10 s, < 1024 MiB' },
  { step: 'csv write', events: schedule.times.length, seconds: csvS, events_per_s: Math.round(schedule.times.length / csvS), peak_rss_mib: Math.round(peakRssMiB()), note: `${csvMiB.toFixed(0)} MiB file` },
];
printTable(`schedule: ${EVENTS} events requested, 4 instances (2 Uniform, 2 Poisson), RSS at start ${Math.round(rssBefore)} MiB`, rows);
writeResults('schedule', rows);
