/**
 * whisk-local platform overhead and throughput, against the real server (`bin/whisk-local.js` in
 * its own process, store in memory) with an open-loop undici client:
 * - overhead = client latency − activation duration for blocking no-op invokes (noop-nodejs),
 *   p50/p99 at 100/s and 1,000/s (targets: p50 ≤ 2 ms at 100/s);
 * - the highest no-op rate sustained without 429s (non-blocking, steps of 500/1000/2000/3000/s),
 *   checking every accepted activation reached the store (target ≥ 2,000/s on 2 cores);
 * - cold-start initTime (and waitTime, which includes process start) for nodejs and python.
 * BENCH_PLATFORM_STEP_S sets the seconds per rate step (default 3).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { quantileSorted } from '../src/percentile.js';
import { deployFunctions } from '../src/platform/index.js';
import { printTable, writeResults, type Row } from './report.js';
import { basicAuthHeader } from '../src/config/wskprops.js';
import { readWhiskLocalCredentials } from '../src/config/whisk-local-credentials.js';

const STEP_S = Number(process.env['BENCH_PLATFORM_STEP_S'] ?? 3);
const OVERHEAD_RATES = [100, 1000];
const THROUGHPUT_RATES = [500, 1000, 2000, 3000];
const COLD_STARTS = 5;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

interface Server {
  apihost: string;
  auth: string;
  dbUrl: string;
  /** `user:password` of the store, from whisk-local's credentials file. */
  dbUserInfo: string;
  pid: number;
  stop: () => Promise<void>;
}

/** CPU seconds (user + system) of a process, and with `tree` of its live descendants too (Linux /proc). */
function cpuSeconds(pid: number, tree: boolean): number {
  let ticks = 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
    if (tree) {
      for (const task of readdirSync(`/proc/${pid}/task`)) {
        for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8')
          .trim()
          .split(/\s+/)
          .filter(Boolean))
          ticks += cpuSeconds(Number(child), true) * 100;
      }
    }
  } catch {
    return ticks / 100; // not Linux, or the process is gone
  }
  return ticks / 100;
}

async function startServer(): Promise<Server> {
  // --in-memory: only the generated credentials go here
  const credentialsDir = mkdtempSync(join(tmpdir(), 'bench-whisk-local-'));
  const child = spawn(
    process.execPath,
    [
      join(root, 'bin', 'whisk-local.js'),
      '--api-port',
      '0',
      '--db-port',
      '0',
      '--in-memory',
      '--data-dir',
      credentialsDir,
      '--keep-warm-s',
      '600',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`whisk-local exited with ${code} before it was ready`)));
  });
  const ready = JSON.parse(first) as { apihost: string; db_url: string; credentials: string };
  const creds = await readWhiskLocalCredentials(ready.credentials);
  const dbUrl = new URL(creds.db_url);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    apihost: ready.apihost,
    auth: creds.auth,
    dbUrl: ready.db_url,
    dbUserInfo: `${decodeURIComponent(dbUrl.username)}:${decodeURIComponent(dbUrl.password)}`,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(credentialsDir, { recursive: true, force: true });
    },
  };
}

/** Calls `send(i)` at start + i/rate for `durationS` seconds, never waiting for responses. */
async function openLoop(
  rate: number,
  durationS: number,
  send: (i: number) => Promise<void>,
): Promise<{ sent: number; sendSpanS: number; lateP99Ms: number }> {
  const n = Math.round(rate * durationS);
  const period = 1000 / rate;
  const t0 = performance.now() + 10;
  const pending: Promise<void>[] = [];
  const late: number[] = [];
  for (let i = 0; i < n; i++) {
    const due = t0 + i * period;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait - 0.5);
    late.push(Math.max(0, performance.now() - due));
    pending.push(send(i));
  }
  // the rate achieved is over the sending span, one period per request
  const sendSpanS = (performance.now() - t0) / 1000 + period / 1000;
  await Promise.all(pending);
  late.sort((a, b) => a - b);
  return { sent: n, sendSpanS, lateP99Ms: quantileSorted(late, 0.99) ?? Number.NaN };
}

async function main(): Promise<void> {
  const server = await startServer();
  const authorization = basicAuthHeader(server.auth);
  const pool = new Pool(server.apihost, { connections: 512 });
  const results: Record<string, unknown> = {};
  try {
    await deployFunctions({ apihost: server.apihost, auth: server.auth }, ['noop-nodejs']);
    const invokePath = '/api/v1/namespaces/_/actions/noop-nodejs';
    const headers = { authorization, 'content-type': 'application/json' };
    // warm up: containers started, JIT warm
    await openLoop(500, 1, async () => {
      const res = await pool.request({ method: 'POST', path: `${invokePath}?blocking=true`, headers, body: '{}' });
      await res.body.dump();
    });

    const overheadRows: Row[] = [];
    for (const rate of OVERHEAD_RATES) {
      const overheads: number[] = [];
      const latencies: number[] = [];
      let failed = 0;
      const loop = await openLoop(rate, STEP_S, async () => {
        const t = performance.now();
        const res = await pool.request({ method: 'POST', path: `${invokePath}?blocking=true`, headers, body: '{}' });
        const body = (await res.body.json()) as { duration?: number };
        const latency = performance.now() - t;
        if (res.statusCode !== 200 || typeof body.duration !== 'number') {
          failed++;
          return;
        }
        latencies.push(latency);
        overheads.push(latency - body.duration);
      });
      overheads.sort((a, b) => a - b);
      latencies.sort((a, b) => a - b);
      overheadRows.push({
        rate_per_s: rate,
        invokes: loop.sent,
        failed,
        overhead_p50_ms: quantileSorted(overheads, 0.5),
        overhead_p99_ms: quantileSorted(overheads, 0.99),
        latency_p50_ms: quantileSorted(latencies, 0.5),
        latency_p99_ms: quantileSorted(latencies, 0.99),
        client_late_p99_ms: loop.lateP99Ms,
      });
    }
    printTable('Platform overhead, blocking noop-nodejs (client latency − activation duration)', overheadRows);
    results['overhead'] = overheadRows;

    const throughputRows: Row[] = [];
    let sustained = 0;
    for (const rate of THROUGHPUT_RATES) {
      const ids: string[] = [];
      const statuses = new Map<number, number>();
      const cpuServer0 = cpuSeconds(server.pid, false);
      const cpuAll0 = cpuSeconds(server.pid, true);
      const t0 = performance.now();
      const loop = await openLoop(rate, STEP_S, async () => {
        try {
          const res = await pool.request({ method: 'POST', path: invokePath, headers, body: '{}' });
          const body = (await res.body.json()) as { activationId?: string };
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          if (res.statusCode === 202 && body.activationId) ids.push(body.activationId);
        } catch {
          statuses.set(0, (statuses.get(0) ?? 0) + 1);
        }
      });
      const sendS = (performance.now() - t0) / 1000;
      // CPU of the sending phase only (checking the store below also costs the server CPU)
      const cpuServer = cpuSeconds(server.pid, false) - cpuServer0;
      const cpuContainers = cpuSeconds(server.pid, true) - cpuAll0 - cpuServer;
      const missing = await waitStored(server, ids, 30_000);
      const drainS = (performance.now() - t0) / 1000 - sendS;
      const rejected = loop.sent - (statuses.get(202) ?? 0);
      // the client's own lateness (a busy machine) is reported, but only what was achieved counts
      const ok = rejected === 0 && missing === 0 && drainS <= 2 && loop.sent / loop.sendSpanS >= 0.95 * rate;
      if (ok) sustained = rate;
      throughputRows.push({
        target_per_s: rate,
        sent: loop.sent,
        accepted: statuses.get(202) ?? 0,
        http_429: statuses.get(429) ?? 0,
        other: rejected - (statuses.get(429) ?? 0),
        achieved_per_s: Math.round(loop.sent / loop.sendSpanS),
        stored_missing: missing,
        drain_s: drainS,
        client_late_p99_ms: loop.lateP99Ms,
        server_cpu_us_per_invoke: Math.round((cpuServer * 1e6) / loop.sent),
        containers_cpu_us_per_invoke: Math.round((cpuContainers * 1e6) / loop.sent),
        sustained: ok,
      });
      if (!ok) break;
    }
    printTable(
      'Non-blocking noop-nodejs throughput (sustained = ≥95% of the rate sent, no 429/errors, all stored within 2 s of the last send)',
      throughputRows,
    );
    console.log(`highest sustained no-op rate: ${sustained}/s`);
    results['throughput'] = throughputRows;
    results['sustained_per_s'] = sustained;

    const coldRows: Row[] = [];
    for (const [kind, file] of [
      ['nodejs:default', 'functions/nodejs/noop.js'],
      ['python:default', 'functions/python/noop.py'],
    ] as const) {
      const init: number[] = [];
      const wait: number[] = [];
      const code = await readFile(join(root, file), 'utf8');
      for (let i = 0; i < COLD_STARTS; i++) {
        const name = `cold-${kind.split(':')[0]}-${i}`;
        const put = await pool.request({
          method: 'PUT',
          path: `/api/v1/namespaces/_/actions/${name}?overwrite=true`,
          headers,
          body: JSON.stringify({ exec: { kind, code } }),
        });
        await put.body.dump();
        const res = await pool.request({
          method: 'POST',
          path: `/api/v1/namespaces/_/actions/${name}?blocking=true`,
          headers,
          body: '{}',
        });
        const body = (await res.body.json()) as { annotations: { key: string; value: unknown }[] };
        const ann = new Map(body.annotations.map((a) => [a.key, a.value]));
        init.push(Number(ann.get('initTime')));
        wait.push(Number(ann.get('waitTime')));
      }
      init.sort((a, b) => a - b);
      wait.sort((a, b) => a - b);
      coldRows.push({
        kind,
        cold_starts: COLD_STARTS,
        initTime_p50_ms: quantileSorted(init, 0.5),
        initTime_max_ms: init[init.length - 1]!,
        waitTime_p50_ms: quantileSorted(wait, 0.5),
        waitTime_max_ms: wait[wait.length - 1]!,
      });
    }
    printTable('Cold starts (initTime = action init; waitTime includes starting the runtime process)', coldRows);
    results['cold'] = coldRows;
    results['load_average_1m'] = loadavg()[0];
    console.log(
      `load average (1 min) at the end: ${loadavg()[0]!.toFixed(2)} — other processes on this machine share its ${availableParallelism()} cores`,
    );
    writeResults('platform', results);
  } finally {
    await pool.close();
    await server.stop();
  }
}

/** Waits until every id is in the CouchDB-compatible store (POST _all_docs with keys); returns how many are missing. */
async function waitStored(server: Server, ids: readonly string[], timeoutMs: number): Promise<number> {
  const db = new Pool(server.dbUrl, { connections: 4 });
  const headers = { authorization: basicAuthHeader(server.dbUserInfo), 'content-type': 'application/json' };
  let missing = ids.map((id) => `guest/${id}`);
  const deadline = performance.now() + timeoutMs;
  try {
    while (missing.length > 0 && performance.now() < deadline) {
      const still: string[] = [];
      for (let i = 0; i < missing.length; i += 2000) {
        const keys = missing.slice(i, i + 2000);
        const res = await db.request({
          method: 'POST',
          path: '/whisk_local_activations/_all_docs',
          headers,
          body: JSON.stringify({ keys }),
        });
        const body = (await res.body.json()) as {
          rows: { key: string; error?: string; value?: { deleted?: boolean } }[];
        };
        for (const row of body.rows) if (row.error !== undefined || row.value?.deleted) still.push(row.key);
      }
      missing = still;
      if (missing.length > 0) await sleep(100);
    }
  } finally {
    await db.close();
  }
  return missing.length;
}

await main();
