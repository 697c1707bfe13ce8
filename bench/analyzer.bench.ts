/**
 * workload-analyzer end to end: N synthetic activations in whisk-local's embedded store (memory
 * adapter, in a child process so its memory is its own), analysed by the real CLI (`--json`).
 * Reports records per second (wall time of the CLI process) and the analyzer's peak RSS
 * (`--report-usage`: process.resourceUsage at exit).
 * Targets: ≥ 20,000 activations/s; ≤ 1 GiB peak RSS at 1,000,000.
 *
 * Sizes: ANALYZER_BENCH_SIZES (comma-separated, default "100000,1000000").
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { printTable, writeResults, type Row } from './report.js';
import { basicAuthHeader } from '../src/config/wskprops.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ANALYZER = resolve(HERE, '..', 'bin', 'workload-analyzer.js');
const T0 = 1_700_000_000_000;
const PASSWORD = 'some_passw0rd';
const BULK = 5000;

if (process.argv[2] === '--store-child') {
  // The store alone in this process: prints its URL, lives until stdin closes.
  const { startActivationStore } = await import('../src/platform/store/index.js');
  const store = await startActivationStore({ port: 0, dataDir: null });
  process.stdout.write(`${JSON.stringify({ url: store.url, db: store.dbName, user: store.user })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void store.close().then(() => process.exit(0)));
} else {
  await main();
}

interface StoreChild {
  readonly url: string;
  readonly db: string;
  readonly user: string;
  readonly child: ChildProcess;
}

async function startStoreChild(): Promise<StoreChild> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--max-old-space-size=8192', fileURLToPath(import.meta.url), '--store-child'],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((res, rej) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (l) => res(l));
    child.once('exit', (code) => rej(new Error(`store child exited with ${code}`)));
  });
  return { ...(JSON.parse(line) as { url: string; db: string; user: string }), child };
}

async function bulkInsert(s: StoreChild, n: number): Promise<number> {
  const { syntheticActivation } = await import('../src/platform/store/synthetic.js');
  const auth = basicAuthHeader(`${s.user}:${PASSWORD}`);
  const t = performance.now();
  for (let from = 0; from < n; from += BULK) {
    const docs = [];
    for (let i = from; i < Math.min(n, from + BULK); i++)
      docs.push(syntheticActivation(i, { t0: T0, actions: ['hello', 'pkg/world', 'thumbnail', 'primes'] }));
    const res = await fetch(`${s.url}/${s.db}/_bulk_docs`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ docs }),
    });
    if (res.status !== 201 && res.status !== 200)
      throw new Error(`_bulk_docs answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  }
  return (performance.now() - t) / 1000;
}

function runCli(args: string[]): Promise<{ stdout: string; stderr: string; seconds: number }> {
  const t = performance.now();
  return new Promise((res, rej) => {
    execFile(
      process.execPath,
      [ANALYZER, ...args],
      { env: { ...process.env, COUCHDB_PASSWORD: PASSWORD }, maxBuffer: 64 * 2 ** 20 },
      (err, stdout, stderr) => {
        if (err) rej(new Error(`analyzer failed: ${stderr}`));
        else res({ stdout, stderr, seconds: (performance.now() - t) / 1000 });
      },
    );
  });
}

async function benchSize(n: number): Promise<Row> {
  const store = await startStoreChild();
  try {
    const insertS = await bulkInsert(store, n);
    const dir = mkdtempSync(join(tmpdir(), 'wa-bench-'));
    const durationS = Math.ceil(n / 1000); // synthetic starts are 1 ms apart
    writeFileSync(
      join(dir, 'cfg.json'),
      JSON.stringify({
        test_name: `bench_${n}`,
        test_duration_in_seconds: durationS,
        instances: { a: { application: 'hello', distribution: 'Uniform', rate: 250 } },
      }),
    );
    writeFileSync(join(dir, 'test_metadata.out'), `${T0}\ncfg.json\n${n}\n`);
    const r = await runCli([
      '--metadata',
      join(dir, 'test_metadata.out'),
      '--logs-dir',
      dir,
      '--db-url',
      store.url,
      '--json',
      '--report-usage',
    ]);
    const summary = JSON.parse(r.stdout) as { records: number };
    if (summary.records !== n) throw new Error(`expected ${n} records, the analyzer found ${summary.records}`);
    const usage = (
      JSON.parse(r.stderr.trim().split('\n').pop()!) as {
        usage: { user_ms: number; system_ms: number; max_rss_mib: number };
      }
    ).usage;
    const row: Row = {
      activations: n,
      'insert s': Number(insertS.toFixed(1)),
      'analyze s': Number(r.seconds.toFixed(2)),
      'activations/s': Math.round(n / r.seconds),
      'analyzer CPU s': Number(((usage.user_ms + usage.system_ms) / 1000).toFixed(2)),
      'peak RSS MiB': Math.round(usage.max_rss_mib),
      'target met': n / r.seconds >= 20_000 && usage.max_rss_mib <= 1024,
    };
    console.log(JSON.stringify(row));
    return row;
  } finally {
    store.child.stdin!.end();
    await new Promise((res) => store.child.once('exit', res));
  }
}

async function main(): Promise<void> {
  const sizes = (process.env['ANALYZER_BENCH_SIZES'] ?? '100000,1000000')
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  const rows: Row[] = [];
  for (const n of sizes) rows.push(await benchSize(n));
  printTable('workload-analyzer end to end (embedded store, memory adapter, CLI --json)', rows);
  writeResults('analyzer', { rows, targets: { activations_per_s: 20_000, peak_rss_mib_at_1m: 1024 } });
}
