/**
 * End to end through the real programs: activations in a real activation store (whisk-local's,
 * on loopback), one real `workload-analyzer -a` per run writing archives, then
 * `comparative-analyzer` merging them. Checks that what the analyzer writes passes the validating
 * reader and that the comparison's numbers agree with the store's contents and the analyzer's.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readArchive } from '../../src/archive/index.js';
import { DEFAULT_PASSWORD, startActivationStore, type ActivationStore } from '../../src/platform/store/index.js';
import { syntheticActivation } from '../../src/platform/store/synthetic.js';
import { ensureBuilt } from '../helpers/dist.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ANALYZER = join(ROOT, 'bin', 'workload-analyzer.js');
const COMPARATOR = join(ROOT, 'bin', 'comparative-analyzer.js');
const T0 = Date.UTC(2025, 0, 10, 12, 0);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
function run(bin: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd, env: { ...process.env, ...env }, maxBuffer: 64 * 2 ** 20 },
      (err, stdout, stderr) => {
        resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stdout, stderr });
      },
    );
  });
}

function csvRows(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trimEnd().split('\r\n');
  const cols = header!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}

/** Three runs an hour apart; two share the category `hello`. */
const RUNS = [
  { test: 'hello_5ps', rate: 5, count: 40 },
  { test: 'hello_20ps', rate: 20, count: 160 },
  { test: 'matmul_10ps', rate: 10, count: 50 },
].map((r, k) => ({ ...r, startMs: T0 + k * 3_600_000 }));

let store: ActivationStore;
let work: string;
before(async () => {
  await ensureBuilt('workload-analyzer', 'comparative-analyzer');
  work = await mkdtemp(join(tmpdir(), 'compare-analyzer-'));
  store = await startActivationStore({ port: 0, dataDir: null });
  let index = 0;
  for (const r of RUNS) {
    const spacingMs = 1000 / r.rate;
    // syntheticActivation places activation i at t0 + i × spacing; shift t0 so this run's ids stay unique.
    const t0 = r.startMs + 50 - index * spacingMs;
    for (let i = 0; i < r.count; i++, index++)
      store.put(syntheticActivation(index, { t0, spacingMs, actions: [r.test.split('_')[0]!] }));
    const logs = join(work, r.test, 'logs');
    await mkdir(logs, { recursive: true });
    const configPath = join(work, r.test, 'workload.json');
    await writeFile(
      configPath,
      JSON.stringify({
        test_name: r.test,
        test_duration_in_seconds: r.count / r.rate,
        random_seed: 7,
        blocking_cli: false,
        instances: { instance1: { application: r.test.split('_')[0], distribution: 'Uniform', rate: r.rate } },
      }),
    );
    // A FaaSProfiler-style run: test_metadata.out only.
    await writeFile(join(logs, 'test_metadata.out'), `${r.startMs}\n${configPath}\n${r.count}\n`);
  }
  await store.flush();
});
after(async () => {
  await store?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

test('archives written by workload-analyzer are read, validated and compared', async () => {
  const archiveDir = join(work, 'data_archive');
  for (const r of RUNS) {
    const a = await run(
      ANALYZER,
      [
        '--logs-dir',
        join(work, r.test, 'logs'),
        '--db-url',
        store.url,
        '--db-name',
        store.dbName,
        '--db-user',
        store.user,
        '-a',
        '--archive-dir',
        archiveDir,
      ],
      work,
      { COUCHDB_PASSWORD: DEFAULT_PASSWORD },
    );
    assert.equal(a.code, 0, `workload-analyzer ${r.test}: ${a.stderr}`);
  }
  const names = (await readdir(archiveDir)).sort();
  assert.equal(names.length, 3);
  const archives = await Promise.all(names.map((n) => readArchive(join(archiveDir, n))));
  assert.deepEqual(
    archives.map((a) => a.activations.length).sort((x, y) => x - y),
    RUNS.map((r) => r.count).sort((x, y) => x - y),
  );

  const c = await run(COMPARATOR, ['--archive-dir', archiveDir, '--csv', 'csv', '-p'], work);
  assert.equal(c.code, 0, c.stderr);
  assert.equal(c.stderr, '');
  assert.match(c.stdout, /Compared 3 archives from .*: 250 activations\./);

  const tests = csvRows(await readFile(join(work, 'csv', 'tests.csv'), 'utf8'));
  const byTest = new Map(tests.map((t) => [t['test']!, t]));
  for (const r of RUNS) {
    const t = byTest.get(r.test)!;
    assert.ok(t, r.test);
    assert.equal(Number(t['count']), r.count);
    assert.equal(Number(t['rate']), r.rate);
    assert.equal(t['distribution'], 'Uniform');
    assert.equal(Number(t['errors']), 0);
    // Every 10th synthetic activation is cold.
    assert.equal(Number(t['cold_share']), Math.ceil(r.count / 10) / r.count);
    // Every requested invocation has its activation: the completion ratio is 1.
    assert.ok(Math.abs(Number(t['rel_throughput']) - 1) < 0.05, `${r.test} rel_throughput ${t['rel_throughput']}`);
  }
  assert.equal(byTest.get('hello_5ps')!['category'], 'hello');
  assert.equal(byTest.get('hello_20ps')!['category'], 'hello');
  assert.equal(byTest.get('matmul_10ps')!['category'], 'matmul');

  // The stat summary is the analyzer's own, carried through unchanged.
  const stats = csvRows(await readFile(join(work, 'csv', 'stats.csv'), 'utf8'));
  for (const a of archives) {
    const row = stats.find((s) => s['test'] === a.test_name)!;
    assert.equal(Number(row['throughput']), a.functions[0]!.throughput);
    assert.equal(Number(row['latency_p99']), a.functions[0]!.latency.p99);
  }

  // Relative start: 0 for each test's first activation, (count − 1) × spacing for its last.
  const acts = csvRows(await readFile(join(work, 'csv', 'activations.csv'), 'utf8'));
  assert.equal(acts.length, 250);
  for (const r of RUNS) {
    const rel = acts.filter((x) => x['test'] === r.test).map((x) => Number(x['start_rel_s']));
    assert.equal(rel[0], 0);
    assert.ok(Math.abs(rel[rel.length - 1]! - (r.count - 1) / r.rate) < 1e-6);
  }
  assert.equal((await readdir(join(work, 'comparison_plots'))).length, 5); // the four plots and the p50–p99 bars
});
