/**
 * Trace replay at the scale of a whole day (the 14-day trace is 14 such days, one run each): a
 * dense synthetic Azure 2019 invocations file of 1,000 functions × 1,440 minutes, every minute
 * 1–40 invocations (~29.5 million in all). Measures reading the trace files, then sampling all
 * 1,000 functions and building the merged schedule (exponential iat, one trace minute = 60 s).
 * Targets: read < 10 s; schedule built < 20 s; peak RSS < 1 GiB.
 * BENCH_TRACE_FUNCTIONS=<n> runs a smaller size.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import type { Workload } from '../src/config/types.js';
import { buildSchedule, expandTraceInstances } from '../src/schedule/index.js';
import { readAzureTrace, TRACE_MINUTES } from '../src/trace/index.js';
import { peakRssMiB, printTable, writeResults, type Row } from './report.js';

const FUNCTIONS = Number(process.env.BENCH_TRACE_FUNCTIONS ?? 1000);
const MAX_PER_MINUTE = 40;

const dir = await mkdtemp(join(tmpdir(), 'trace-bench-'));
const files = {
  invocations: join(dir, 'invocations.csv'),
  durations: join(dir, 'durations.csv'),
  memory: join(dir, 'memory.csv'),
};
const random = seedrandom.xor4096('trace-bench');
const hash = (i: number, salt: string) => `${salt}${i.toString(16).padStart(8, '0')}`.padEnd(64, '0');
const minuteColumns = Array.from({ length: TRACE_MINUTES }, (_, m) => m + 1).join(',');
const invocationRows = Array.from({ length: FUNCTIONS }, (_, i) => {
  const counts = Array.from({ length: TRACE_MINUTES }, () => 1 + Math.floor(random() * MAX_PER_MINUTE));
  return `${hash(i, 'o')},${hash(i, 'a')},${hash(i, 'f')},http,${counts.join(',')}`;
});
await writeFile(
  files.invocations,
  `HashOwner,HashApp,HashFunction,Trigger,${minuteColumns}\n${invocationRows.join('\n')}\n`,
);
await writeFile(
  files.durations,
  `HashOwner,HashApp,HashFunction,percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,percentile_Average_75,percentile_Average_99,percentile_Average_100\n${Array.from({ length: FUNCTIONS }, (_, i) => `${hash(i, 'o')},${hash(i, 'a')},${hash(i, 'f')},1,2,10,50,100,900,1000`).join('\n')}\n`,
);
await writeFile(
  files.memory,
  `HashOwner,HashApp,AverageAllocatedMb_pct1,AverageAllocatedMb_pct5,AverageAllocatedMb_pct25,AverageAllocatedMb_pct50,AverageAllocatedMb_pct75,AverageAllocatedMb_pct95,AverageAllocatedMb_pct99,AverageAllocatedMb_pct100\n${Array.from({ length: FUNCTIONS }, (_, i) => `${hash(i, 'o')},${hash(i, 'a')},100,120,150,200,250,300,350,400`).join('\n')}\n`,
);

const rows: Row[] = [];
const rssAtStart = peakRssMiB();
const row = (step: string, events: number, seconds: number, target: string): Row => ({
  step,
  events,
  seconds,
  peak_rss_mib: Math.round(peakRssMiB()),
  target,
});

let t0 = performance.now();
const candidates = await readAzureTrace(files, [0, TRACE_MINUTES]);
let expected = 0;
for (const f of candidates) for (const c of f.counts) expected += c;
rows.push(
  row(`read trace files (${candidates.length} functions)`, expected, (performance.now() - t0) / 1000, '< 10 s'),
);

const workload: Workload = {
  testName: 'trace-bench',
  durationS: TRACE_MINUTES * 60,
  randomSeed: 42,
  blocking: false,
  endpoint: 'embedded',
  transport: 'http',
  namespace: '_',
  instances: [
    {
      name: 'replay',
      application: 'azure',
      arrival: {
        kind: 'azure',
        trace: {
          files,
          minutes: [0, TRACE_MINUTES],
          functions: FUNCTIONS,
          iat: 'exponential',
          minuteS: 60,
          candidates,
        },
      },
      paramFile: null,
      dataFile: null,
      url: null,
      data: undefined,
    },
  ],
  perfMonitoring: { runtimeScript: null, postScript: null, targets: [] },
  configPath: join(dir, 'workload.json'),
  raw: {},
};
t0 = performance.now();
const schedule = buildSchedule(expandTraceInstances(workload, 42), 42);
const s = (performance.now() - t0) / 1000;
if (schedule.times.length !== expected)
  throw new Error(`built ${schedule.times.length} events, the trace has ${expected}`);
rows.push(row(`sample ${FUNCTIONS} functions + build schedule`, schedule.times.length, s, '< 20 s, < 1024 MiB'));

await rm(dir, { recursive: true, force: true });
printTable(
  `trace: ${FUNCTIONS} functions × ${TRACE_MINUTES} minutes, 1–${MAX_PER_MINUTE} a minute (RSS at start ${Math.round(rssAtStart)} MiB)`,
  rows,
);
writeResults('trace', rows);
