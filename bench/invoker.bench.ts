/**
 * Invoker precision and capacity: the real `workload-invoker` CLI (a subprocess, from dist/)
 * against a loopback sink (another subprocess: a minimal node:http server answering 202
 * {"activationId"} and noting each arrival's epoch time), Uniform at 1k, 5k, 10k and 20k
 * invocations/s, 5 s each. Reports achieved rate, capacity (ideal span / actual span), send lag
 * from the records and arrival lag from the sink (joined by activation id), invoker peak RSS and
 * invoker CPU per invocation.
 * The sink is warmed by two unreported 2 s runs at 5k/s first (it is the harness, not the system
 * under test). Targets: capacity ≥ 0.99 at 20k/s; p99 send lag ≤ 1 ms at 5k/s; memory flat over 60 s.
 *
 * Options (environment, since `npm run bench -- invoker` passes no flags through; or as flags when
 * run directly with `node --import tsx bench/invoker.bench.ts`):
 *   BENCH_INVOKER_LONG=1 / --long     60 s at 5k/s, RSS sampled every second (memory flatness)
 *   BENCH_INVOKER_SECONDS=<s>         seconds per rate (default 5)
 *   BENCH_INVOKER_RATES=1000,5000     rates to run
 *   BENCH_INVOKER_WORKERS=<n>         pass --workers to the invoker (default: its own choice)
 *   BENCH_INVOKER_ARGS="..."          more invoker flags, e.g. "--connections 64"
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { quantileSorted } from '../src/percentile.js';
import type { InvocationRecord } from '../src/contracts/index.js';
import { printTable, writeResults, type Row } from './report.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const INVOKER = join(REPO, 'bin', 'workload-invoker.js');
const LONG = process.argv.includes('--long') || process.env['BENCH_INVOKER_LONG'] === '1';
const SECONDS = Number(process.env['BENCH_INVOKER_SECONDS'] ?? (LONG ? 60 : 5));
const RATES = (process.env['BENCH_INVOKER_RATES'] ?? (LONG ? '5000' : '1000,5000,10000,20000')).split(',').map(Number);
const WORKERS = process.env['BENCH_INVOKER_WORKERS'];
const EXTRA_ARGS = (process.env['BENCH_INVOKER_ARGS'] ?? '').split(/\s+/).filter((a) => a !== '');
/**
 * Unreported first runs that warm the sink. Two, for the same reason as the invoker's two warm-up
 * passes: when the first run's connections close, the sink's optimised code is partly thrown away
 * (measured: the first reported run after a single warm-up run was the slowest of five every time).
 */
const SINK_WARM_UP_RATE = 5000;
const SINK_WARM_UP_S = 2;
const SINK_WARM_UP_RUNS = 2;

/**
 * The sink: answers every POST with 202 and an activation id that is its arrival number, and
 * keeps arrival epoch times (sub-ms) in a typed array; on an IPC 'dump' it writes them to a file.
 * It speaks just enough HTTP/1.1 on node:net (keep-alive, Content-Length bodies; what the invoker
 * sends) to take as little as it can of the two cores it shares with the invoker under test: a
 * node:http sink took ~40 µs of CPU per request, 0.8 of a core at 20k/s.
 */
const SINK = `
import net from 'node:net';
import { writeFileSync } from 'node:fs';
const arrivals = new Float64Array(4_000_000);
let n = 0;
const HEAD_END = Buffer.from('\\r\\n\\r\\n');
function answer(i) {
  const id = i.toString(16).padStart(32, '0');
  const body = '{"activationId":"' + id + '"}';
  return 'HTTP/1.1 202 Accepted\\r\\ncontent-type: application/json\\r\\nx-openwhisk-activation-id: ' + id +
    '\\r\\ncontent-length: ' + body.length + '\\r\\nconnection: keep-alive\\r\\nkeep-alive: timeout=60\\r\\n\\r\\n' + body;
}
const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    let buf = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let out = '';
    for (;;) {
      const end = buf.indexOf(HEAD_END);
      if (end < 0) break;
      const head = buf.toString('latin1', 0, end).toLowerCase();
      const m = /content-length:\\s*(\\d+)/.exec(head);
      const total = end + 4 + (m === null ? 0 : Number(m[1]));
      if (buf.length < total) break;
      const i = n++;
      if (i < arrivals.length) arrivals[i] = performance.timeOrigin + performance.now();
      out += answer(i);
      buf = buf.subarray(total);
    }
    pending = buf;
    if (out !== '') socket.write(out);
  });
  socket.on('error', () => undefined);
});
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (m) => {
  if (m.dump) {
    writeFileSync(m.dump, Buffer.from(arrivals.buffer, 0, Math.min(n, arrivals.length) * 8));
    n = 0;
    process.send({ dumped: true });
  }
});
`;

async function startSink(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', SINK], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [msg] = (await once(child, 'message')) as [{ port: number }];
  return { child, port: msg.port };
}

async function dumpArrivals(child: ChildProcess, path: string): Promise<Float64Array> {
  child.send({ dump: path });
  await once(child, 'message');
  const buf = readFileSync(path);
  return new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
}

/** VmRSS and VmHWM (peak) of a process, MiB; null once it is gone. */
function rssOf(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

interface RunFigures {
  row: Row;
  rssSeries: { t: number; rss: number }[];
}

async function runRate(
  rate: number,
  seconds: number,
  sinkPort: number,
  sink: ChildProcess,
  dir: string,
): Promise<RunFigures> {
  const config = join(dir, `uniform-${rate}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      test_name: `bench_${rate}`,
      test_duration_in_seconds: seconds,
      random_seed: 1,
      blocking_cli: false,
      instances: { uniform: { application: 'bench', distribution: 'Uniform', rate, activity_window: null } },
      perf_monitoring: { runtime_script: null, post_script: null },
    }),
  );
  const logs = join(dir, `logs-${rate}`);
  const args = [
    INVOKER,
    '-c',
    config,
    '--out-dir',
    logs,
    '--no-progress',
    ...(WORKERS ? ['--workers', WORKERS] : []),
    ...EXTRA_ARGS,
  ];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, WHISK_APIHOST: `http://127.0.0.1:${sinkPort}`, WHISK_AUTH: 'bench:bench' },
  });
  let stdout = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  const started = Date.now();
  const rssSeries: { t: number; rss: number }[] = [];
  let peak = 0;
  const sampler = setInterval(
    () => {
      const m = rssOf(child.pid!);
      if (m === null) return;
      peak = Math.max(peak, m.peak);
      rssSeries.push({ t: (Date.now() - started) / 1000, rss: m.rss });
    },
    LONG ? 1000 : 250,
  );
  const [code] = (await once(child, 'close')) as [number];
  clearInterval(sampler);
  if (code !== 0) throw new Error(`invoker exited ${code}: ${stdout}`);

  // Records → scheduled time by activation id; lags; spans.
  const scheduledById = new Map<string, number>();
  const lags: number[] = [];
  /** Scheduled time of each entry of `lags`, to split off the start-up transient. */
  const lagScheduled: number[] = [];
  let n = 0;
  let ok = 0;
  const errors = new Map<string, number>();
  let firstSched = Infinity,
    lastSched = -Infinity,
    firstSent = Infinity,
    lastSent = -Infinity;
  const lines = createInterface({ input: createReadStream(join(logs, 'invocations.ndjson')), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    const r = JSON.parse(line) as InvocationRecord;
    n++;
    firstSched = Math.min(firstSched, r.scheduled_ms);
    lastSched = Math.max(lastSched, r.scheduled_ms);
    if (r.sent_ms !== null) {
      lags.push(r.lag_ms!);
      lagScheduled.push(r.scheduled_ms);
      firstSent = Math.min(firstSent, r.sent_ms);
      lastSent = Math.max(lastSent, r.sent_ms);
    }
    if (r.outcome === 'ok') ok++;
    else
      errors.set(`${r.outcome}: ${r.error ?? r.status}`, (errors.get(`${r.outcome}: ${r.error ?? r.status}`) ?? 0) + 1);
    if (r.activation_id !== null) scheduledById.set(r.activation_id, r.scheduled_ms);
  }
  const arrivals = await dumpArrivals(sink, join(dir, `arrivals-${rate}.bin`));
  const arrivalLags: number[] = [];
  for (let i = 0; i < arrivals.length; i++) {
    const scheduled = scheduledById.get(i.toString(16).padStart(32, '0'));
    if (scheduled !== undefined) arrivalLags.push(arrivals[i]! - scheduled);
  }
  const sortNum = (a: number[]) => Float64Array.from(a).sort();
  const l = sortNum(lags);
  // After the first second: the steady state, without V8's start-up transient (see docs/invoker.md).
  const steady = sortNum(lags.filter((_, i) => lagScheduled[i]! >= firstSched + 1000));
  const a = sortNum(arrivalLags);
  const sentSpan = (lastSent - firstSent) / 1000;
  const idealSpan = (lastSched - firstSched) / 1000;
  const swiLog = readFileSync(join(logs, 'SWI.log'), 'utf8');
  const workers = /workers":(\d+)/.exec(swiLog)?.[1] ?? '?';
  const cpuS = Number(/"cpu_s":([\d.e-]+)/.exec(swiLog)?.[1] ?? NaN);
  rmSync(logs, { recursive: true, force: true });
  return {
    row: {
      rate,
      seconds,
      workers,
      scheduled: n,
      ok,
      'achieved/s': Math.round((lags.length - 1) / sentSpan),
      capacity: Number((idealSpan / sentSpan).toFixed(4)),
      'send p50 ms': l.length ? quantileSorted(l, 0.5) : null,
      'send p99 ms': l.length ? quantileSorted(l, 0.99) : null,
      'send max ms': l.length ? l[l.length - 1]! : null,
      'send p99 after 1 s': steady.length ? quantileSorted(steady, 0.99) : null,
      'arrive p50 ms': a.length ? quantileSorted(a, 0.5) : null,
      'arrive p99 ms': a.length ? quantileSorted(a, 0.99) : null,
      'arrive max ms': a.length ? a[a.length - 1]! : null,
      'peak RSS MiB': Math.round(peak),
      // CPU the invoker spent per invocation (all threads, start to last answer): less sensitive
      // to a busy machine than the timings.
      'CPU µs/inv': Math.round((cpuS * 1e6) / n),
      'top failure': [...errors].sort((a, b) => b[1] - a[1]).map(([e, c]) => `${c}× ${e}`.slice(0, 60))[0] ?? '-',
    },
    rssSeries,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'bench-invoker-'));
const sink = await startSink();
const rows: Row[] = [];
const series: Record<string, { t: number; rss: number }[]> = {};
try {
  // Warm the sink (our harness, not the system under test: a real platform is already running)
  // so that the figures measure the invoker rather than a freshly started Node server's JIT.
  for (let run = 0; run < SINK_WARM_UP_RUNS; run++)
    await runRate(SINK_WARM_UP_RATE, SINK_WARM_UP_S, sink.port, sink.child, dir);
  for (const rate of RATES) {
    const fig = await runRate(rate, SECONDS, sink.port, sink.child, dir);
    rows.push(fig.row);
    series[String(rate)] = fig.rssSeries;
  }
} finally {
  sink.child.kill();
  rmSync(dir, { recursive: true, force: true });
}
printTable(
  `invoker: Uniform, ${SECONDS} s per rate, loopback sink (lags in ms; capacity = ideal span / actual send span)`,
  rows,
);
if (LONG) {
  const s = series[String(RATES[0])] ?? [];
  const at = (t: number) => s.find((p) => p.t >= t)?.rss ?? null;
  const memRows: Row[] = [1, 2, 3, 4, 5, 6]
    .map((k) => Math.round((k * SECONDS) / 6))
    .map((t) => ({ 't s': t, 'RSS MiB': at(t) === null ? null : Math.round(at(t)!) }));
  printTable('invoker RSS over the long run (flat = no growth after warm-up)', memRows);
}
writeResults('invoker', { seconds: SECONDS, long: LONG, rows, rss: LONG ? series : undefined });
