/**
 * Invoker precision and capacity: the real `workload-invoker` CLI (a subprocess, from dist/)
 * against a loopback sink (another subprocess: a minimal node:http server answering 202
 * {"activationId"} and noting each arrival's epoch time), Uniform at 1k, 5k, 10k and 20k
 * invocations/s, 5 s each. Reports achieved rate, capacity (ideal span / actual span), send lag
 * from the records and arrival lag from the sink (joined by activation id), invoker peak RSS and
 * invoker CPU per invocation.
 * The sink is warmed by two unreported 2 s runs at 5k/s first (it is the harness, not the system
 * under test). Targets: capacity ≥ 0.99 at 20k/s; p99 send lag ≤ 1 ms at 5k/s; memory flat over 60 s.
 * Then, against a realistic target (a plain node:http server, warmed the same way): the 5k/s
 * send-lag table; the invoker's CPU per invocation at 10k/s next to a bare undici Pool loop sending
 * the same requests (bare, invoker, bare; ratio to the mean of the two bares; goal ≤ 1.5); and, where
 * `taskset` and two cores are available, 20k/s for 10 s with the invoker pinned to core 0 and the
 * target to core 1 (goal: capacity ≥ 0.99, send p99 ≤ 5 ms). BENCH_INVOKER_HTTP=0 skips these.
 *
 * Options (environment, since `npm run bench -- invoker` passes no flags through; or as flags when
 * run directly with `node --import tsx bench/invoker.bench.ts`):
 *   BENCH_INVOKER_LONG=1 / --long     60 s at 5k/s, RSS sampled every second (memory flatness)
 *   BENCH_INVOKER_SECONDS=<s>         seconds per rate (default 5)
 *   BENCH_INVOKER_RATES=1000,5000     rates to run
 *   BENCH_INVOKER_WORKERS=<n>         pass --workers to the invoker (default: its own choice)
 *   BENCH_INVOKER_ARGS="..."          more invoker flags, e.g. "--connections 64"
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
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

/** Both sinks' arrival log: epoch times (sub-ms) of each request, by arrival number `n`. */
const SINK_STATE = `
import { writeFileSync } from 'node:fs';
const arrivals = new Float64Array(4_000_000);
let n = 0;
`;
/** Both sinks' end: listen on a loopback port (sent over IPC); on an IPC 'dump', write the arrival log. */
const SINK_SERVE = `
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (m) => {
  if (m.dump) {
    writeFileSync(m.dump, Buffer.from(arrivals.buffer, 0, Math.min(n, arrivals.length) * 8));
    n = 0;
    process.send({ dumped: true });
  }
});
`;

/**
 * The sink: answers every POST with 202 and an activation id that is its arrival number, and
 * keeps arrival epoch times (sub-ms) in a typed array; on an IPC 'dump' it writes them to a file.
 * It speaks just enough HTTP/1.1 on node:net (keep-alive, Content-Length bodies; what the invoker
 * sends) to take as little as it can of the two cores it shares with the invoker under test: a
 * node:http sink took ~40 µs of CPU per request, 0.8 of a core at 20k/s.
 */
const SINK = `
import net from 'node:net';
${SINK_STATE}const HEAD_END = Buffer.from('\\r\\n\\r\\n');
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
${SINK_SERVE}`;

/**
 * The realistic target: a plain node:http server doing the same (202, activation id in header and
 * body, arrival times kept), as a small OpenWhisk-like front end would. Costs ~40 µs of CPU a request.
 */
const HTTP_SINK = `
import http from 'node:http';
${SINK_STATE}const server = http.createServer((req, res) => {
  const i = n++;
  if (i < arrivals.length) arrivals[i] = performance.timeOrigin + performance.now();
  const id = i.toString(16).padStart(32, '0');
  const body = '{"activationId":"' + id + '"}';
  req.resume();
  req.on('end', () => {
    res.writeHead(202, { 'content-type': 'application/json', 'x-openwhisk-activation-id': id, 'content-length': body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
${SINK_SERVE}`;

/**
 * The reference for the invoker's cost: the same POSTs through one undici Pool with the same
 * low-level dispatch API (at most 64 connections, so that a stall queues in undici rather than
 * opening a connection per request), paced by a 1 ms timer (every request due so far is sent on each tick),
 * answers read to the end and dropped, nothing recorded. Prints its CPU (all threads, first send
 * to last answer) and its achieved rate as JSON.
 */
const BARE_LOOP = `
import { Pool } from 'undici';
const { origin, path, auth, rate, seconds } = JSON.parse(process.argv[1]);
const BARE_CONNECTIONS = 64;
const pool = new Pool(origin, { pipelining: 1, connections: BARE_CONNECTIONS });
const options = { method: 'POST', path, body: Buffer.from('{}'),
  headers: { authorization: 'Basic ' + Buffer.from(auth).toString('base64'), 'content-type': 'application/json' } };
const total = Math.round(rate * seconds);
let sent = 0, answered = 0, ok = 0, sendSpan = 0;
let resolveAll;
const all = new Promise((r) => (resolveAll = r));
const handler = {
  onRequestStart() {},
  onResponseStart(_c, status) { if (status >= 200 && status < 300) ok++; },
  onResponseData() {},
  onResponseEnd() { if (++answered === total) resolveAll(); },
  onResponseError() { if (++answered === total) resolveAll(); },
};
const cpu0 = process.cpuUsage();
const t0 = performance.now();
function tick() {
  const due = Math.min(total, Math.floor(((performance.now() - t0) * rate) / 1000) + 1);
  while (sent < due) { sent++; pool.dispatch(options, handler); }
  if (sent < total) setTimeout(tick, 1);
  else sendSpan = (performance.now() - t0) / 1000;
}
tick();
await all;
const cpu = process.cpuUsage(cpu0);
await pool.close();
console.log(JSON.stringify({ total, ok, cpuS: (cpu.user + cpu.system) / 1e6, sendSpanS: sendSpan }));
`;

type SinkKind = 'net' | 'http';

/** `taskset -c <core>` in front of a command, when asked to pin. */
const pinned = (core: number | null, argv: string[]): [string, string[]] =>
  core === null ? [argv[0]!, argv.slice(1)] : ['taskset', ['-c', String(core), ...argv]];

async function startSink(kind: SinkKind, core: number | null = null): Promise<{ child: ChildProcess; port: number }> {
  const [cmd, args] = pinned(core, [process.execPath, '--input-type=module', '-e', kind === 'net' ? SINK : HTTP_SINK]);
  const child = spawn(cmd, args, {
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
  /** Invoker CPU (all threads, start instant to last answer) per scheduled invocation, µs. */
  cpuUsPerInv: number;
  rssSeries: { t: number; rss: number }[];
}

type Sink = Awaited<ReturnType<typeof startSink>>;

async function runRate(
  rate: number,
  seconds: number,
  { port: sinkPort, child: sink }: Sink,
  dir: string,
  core: number | null = null,
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
    // The figures are wanted also when the schedule was not kept (exit 3 otherwise).
    '--allow-late',
    ...(WORKERS ? ['--workers', WORKERS] : []),
    ...EXTRA_ARGS,
  ];
  const [cmd, cmdArgs] = pinned(core, [process.execPath, ...args]);
  const child = spawn(cmd, cmdArgs, {
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
      schedule: /schedule: (NOT kept|kept)/.exec(stdout)?.[1] ?? '?',
    },
    cpuUsPerInv: (cpuS * 1e6) / n,
    rssSeries,
  };
}

/** The bare undici loop (`BARE_LOOP`) against a sink: CPU µs per invocation and achieved rate. */
async function bareLoop(rate: number, seconds: number, sink: Sink): Promise<{ cpuUsPerInv: number; row: Row }> {
  const spec = {
    origin: `http://127.0.0.1:${sink.port}`,
    path: '/api/v1/namespaces/_/actions/bench?blocking=false&result=true',
    auth: 'bench:bench',
    rate,
    seconds,
  };
  // cwd: the repository, so that the script's `import 'undici'` resolves to ours.
  const child = spawn(process.execPath, ['--input-type=module', '-e', BARE_LOOP, JSON.stringify(spec)], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  const [code] = (await once(child, 'close')) as [number];
  if (code !== 0) throw new Error(`bare loop exited ${code}`);
  const r = JSON.parse(stdout) as { total: number; ok: number; cpuS: number; sendSpanS: number };
  const cpuUsPerInv = (r.cpuS * 1e6) / r.total;
  return {
    cpuUsPerInv,
    row: {
      sender: 'bare undici Pool loop',
      ok: r.ok,
      'achieved/s': Math.round((r.total - 1) / r.sendSpanS),
      'CPU µs/inv': cpuUsPerInv,
    },
  };
}

/** Two unreported runs at 5,000/s (see SINK_WARM_UP_RUNS). */
async function warmSink(sink: Sink, dir: string, core: number | null = null): Promise<void> {
  for (let run = 0; run < SINK_WARM_UP_RUNS; run++) await runRate(SINK_WARM_UP_RATE, SINK_WARM_UP_S, sink, dir, core);
}

const HTTP = !LONG && process.env['BENCH_INVOKER_HTTP'] !== '0';
/** Rate of the cost comparison, and of the node:http lag table. */
const COST_RATE = 10_000;
const LAG_RATE = 5_000;
/** The one-core run: invoker on core 0, target on core 1. */
const PINNED_RATE = 20_000;
const PINNED_S = 10;
const CAN_PIN = HTTP && availableParallelism() >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0;

const dir = mkdtempSync(join(tmpdir(), 'bench-invoker-'));
const rows: Row[] = [];
const httpLagRows: Row[] = [];
const costRows: Row[] = [];
const pinnedRows: Row[] = [];
const series: Record<string, { t: number; rss: number }[]> = {};
try {
  const sink = await startSink('net');
  try {
    // Warm the sink (our harness, not the system under test: a real platform is already running)
    // so that the figures measure the invoker rather than a freshly started Node server's JIT.
    await warmSink(sink, dir);
    for (const rate of RATES) {
      const fig = await runRate(rate, SECONDS, sink, dir);
      rows.push(fig.row);
      series[String(rate)] = fig.rssSeries;
    }
  } finally {
    sink.child.kill();
  }
  if (HTTP) {
    const http = await startSink('http');
    try {
      await warmSink(http, dir);
      httpLagRows.push((await runRate(LAG_RATE, SECONDS, http, dir)).row);
      // Bare, invoker, bare: the ratio is against the mean of the two, so that a drift of the
      // machine's load during the three runs weighs on both sides.
      const before = await bareLoop(COST_RATE, SECONDS, http);
      const inv = await runRate(COST_RATE, SECONDS, http, dir);
      const after = await bareLoop(COST_RATE, SECONDS, http);
      const bare = (before.cpuUsPerInv + after.cpuUsPerInv) / 2;
      costRows.push(
        before.row,
        {
          sender: 'workload-invoker',
          ok: inv.row['ok']!,
          'achieved/s': inv.row['achieved/s']!,
          'CPU µs/inv': inv.cpuUsPerInv,
        },
        after.row,
        { sender: 'ratio invoker / mean bare', ok: null, 'achieved/s': null, 'CPU µs/inv': inv.cpuUsPerInv / bare },
      );
    } finally {
      http.child.kill();
    }
  }
  if (CAN_PIN) {
    const http = await startSink('http', 1);
    try {
      await warmSink(http, dir, 0);
      pinnedRows.push((await runRate(PINNED_RATE, PINNED_S, http, dir, 0)).row);
    } finally {
      http.child.kill();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
printTable(
  `invoker: Uniform, ${SECONDS} s per rate, loopback sink (lags in ms; capacity = ideal span / actual send span)`,
  rows,
);
if (HTTP) {
  printTable(
    `invoker: ${LAG_RATE}/s for ${SECONDS} s against a node:http target (warmed; goal: send p99 ≤ 1 ms)`,
    httpLagRows,
  );
  printTable(
    `cost per invocation at ${COST_RATE}/s for ${SECONDS} s, same node:http target, same run (CPU of all threads, first send to last answer; goal: ratio ≤ 1.5)`,
    costRows,
  );
}
if (CAN_PIN)
  printTable(
    `one core: invoker on core 0 (taskset -c 0), node:http target on core 1, ${PINNED_RATE}/s for ${PINNED_S} s (goal: capacity ≥ 0.99, send p99 ≤ 5 ms)`,
    pinnedRows,
  );
if (LONG) {
  const s = series[String(RATES[0])] ?? [];
  const at = (t: number) => s.find((p) => p.t >= t)?.rss ?? null;
  const memRows: Row[] = [1, 2, 3, 4, 5, 6]
    .map((k) => Math.round((k * SECONDS) / 6))
    .map((t) => ({ 't s': t, 'RSS MiB': at(t) === null ? null : Math.round(at(t)!) }));
  printTable('invoker RSS over the long run (flat = no growth after warm-up)', memRows);
}
writeResults('invoker', {
  seconds: SECONDS,
  long: LONG,
  rows,
  httpLagRows,
  costRows,
  pinnedRows,
  rss: LONG ? series : undefined,
});
