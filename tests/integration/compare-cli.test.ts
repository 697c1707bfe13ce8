/**
 * comparative-analyzer through the real CLI (a subprocess on the built dist/; `npm test` builds
 * first, and this file builds if dist/ is missing), on the hand-made archives of
 * tests/fixtures/archives: empty and missing folders, corrupt and unknown-version files, one test
 * only, -s before/after, plots, CSV and user plotting modules.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeArchive } from '../../src/archive/write.js';
import { makeArchive } from '../fixtures/archives/make.js';
import { ensureBuilt } from '../helpers/dist.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'comparative-analyzer.js');
const FIXTURES = join(ROOT, 'tests', 'fixtures', 'archives');
const VALID = ['hello_5ps.json', 'hello_20ps.json', 'no-activations.json', 'extra-fields.json'];
const INVALID = ['version-2.json', 'other-format.json', 'missing-field.json', 'corrupt-truncated.json'];
/** created_ms of hello_20ps.json (one hour after hello_5ps). */
const HELLO_20PS_CREATED = Date.UTC(2024, 2, 5, 8, 0, 12);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], cwd: string, nodeArgs: string[] = []): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...nodeArgs, BIN, ...args], { cwd, maxBuffer: 64 * 2 ** 20 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

let root: string;
before(async () => {
  await ensureBuilt('comparative-analyzer');
  root = await mkdtemp(join(tmpdir(), 'compare-cli-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

let n = 0;
/** A fresh working folder with `data_archive/` holding copies of the named fixtures. */
async function workdir(fixtures: readonly string[]): Promise<string> {
  const dir = join(root, `w${++n}`);
  await mkdir(join(dir, 'data_archive'), { recursive: true });
  for (const f of fixtures) await copyFile(join(FIXTURES, f), join(dir, 'data_archive', f));
  return dir;
}

/** Parses a CSV written by the tool (no quoted fields in these fixtures) into objects. */
function csvRows(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trimEnd().split('\r\n');
  const cols = header!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
async function assertPng(path: string): Promise<void> {
  const bytes = await readFile(path);
  assert.ok(bytes.subarray(0, 8).equals(PNG_SIGNATURE), `${path} is a PNG`);
  assert.ok(bytes.length > 5000, `${path} has content (${bytes.length} bytes)`);
}

test('an empty archive folder is a clear error with exit 2', async () => {
  const dir = await workdir([]);
  const r = await run([], dir);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^error: no archives in data_archive: archive runs with workload-analyzer -a/);
  assert.equal(r.stderr.trimEnd().split('\n').length, 1);
});

test('a missing archive folder is a clear error with exit 2', async () => {
  const dir = await workdir([]);
  const r = await run(['--archive-dir', 'nowhere'], dir);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'error: archive folder nowhere does not exist\n');
});

test('only unreadable archives: each is named in a warning, then the no-archives error', async () => {
  const dir = await workdir(INVALID);
  const r = await run([], dir);
  assert.equal(r.code, 2);
  for (const f of INVALID)
    assert.match(r.stderr, new RegExp(`warning: skipping data_archive/${f.replace('.', '\\.')}: `));
  assert.match(r.stderr, /error: no archives in data_archive \(4 unreadable files skipped\)/);
});

test('mixed folder: corrupt, other-format and unknown-version files are skipped, the rest compared', async () => {
  const dir = await workdir([...VALID, ...INVALID]);
  const r = await run(['--csv', 'csv'], dir);
  assert.equal(r.code, 0, r.stderr);
  const warnings = r.stderr.trimEnd().split('\n');
  assert.equal(warnings.length, 4);
  assert.match(
    r.stderr,
    /skipping data_archive\/version-2\.json: unsupported archive version 2 \(this tool reads version 1\)/,
  );
  assert.match(
    r.stderr,
    /skipping data_archive\/other-format\.json: not a faas-profiler archive \(format is "faasprofiler-dataframe"/,
  );
  assert.match(r.stderr, /skipping data_archive\/missing-field\.json: invalid archive: functions: /);
  assert.match(r.stderr, /skipping data_archive\/corrupt-truncated\.json: corrupt JSON/);
  assert.match(r.stdout, /^Compared 4 archives from data_archive \(4 skipped\): 16 activations\./);
  for (const title of [
    'Combined activation table',
    'Combined monitoring records',
    'Combined stat summary',
    'Per-test summary',
  ])
    assert.ok(r.stdout.includes(`== ${title}`), title);

  const tests = csvRows(await readFile(join(dir, 'csv', 'tests.csv'), 'utf8'));
  // Sorted by created_ms: hello_5ps, extended_5ps (+1 min), hello_20ps (+1 h), nothing_recorded (+2 h).
  assert.deepEqual(
    tests.map((t) => t['test']),
    ['hello_5ps', 'extended_5ps', 'hello_20ps', 'nothing_recorded'],
  );
  assert.deepEqual(
    tests.map((t) => t['category']),
    ['hello', 'extended', 'hello', 'nothing_recorded'],
  );
  const h20 = tests[2]!;
  assert.equal(h20['count'], '8');
  assert.equal(h20['errors'], '2');
  // Requested rate: the invoker's 10 scheduled invocations over the 60 s active time.
  assert.equal(Number(h20['rate']), 10 / 60);
  assert.equal(h20['cold_share'], '0.125');
  // The client view, from the invoker records only hello_20ps has.
  assert.deepEqual(
    [h20['scheduled'], h20['failed'], h20['missing'], h20['corrected_latency_p99']],
    ['10', '2', '0', '44.25'],
  );
  assert.equal(tests[0]!['scheduled'], '');
  assert.match(
    r.stdout,
    /== Client view \(invoker records\) \(1 row\) ==\ntest +scheduled +failed +missing +activations +client p99 ms +corrected p99 ms\n[- ]+\nhello_20ps +10 +2 +0 +8 +40\.50 +44\.25\n/,
  );
  assert.equal(tests[3]!['count'], '0');
  assert.equal(tests[3]!['latency_p50'], '');

  const acts = csvRows(await readFile(join(dir, 'csv', 'activations.csv'), 'utf8'));
  assert.equal(acts.length, 16);
  const fixture = JSON.parse(await readFile(join(FIXTURES, 'hello_20ps.json'), 'utf8')) as {
    activations: { activationId: string; start: number }[];
  };
  const first = fixture.activations[0]!;
  const last = fixture.activations[fixture.activations.length - 1]!;
  const lastRow = acts.find((a) => a['activationId'] === last.activationId)!;
  assert.equal(lastRow['test'], 'hello_20ps');
  assert.equal(Number(lastRow['start_rel_s']), (last.start - first.start) / 1000);
  assert.equal(acts.find((a) => a['activationId'] === first.activationId)!['start_rel_s'], '0');

  const stats = csvRows(await readFile(join(dir, 'csv', 'stats.csv'), 'utf8'));
  assert.equal(stats.length, 4);
  const monitoring = csvRows(await readFile(join(dir, 'csv', 'monitoring.csv'), 'utf8'));
  assert.deepEqual(
    monitoring.map((m) => [m['test'], m['metric'], m['t_test_s'], m['value']]),
    [
      ['hello_5ps', 'context-switches', '0.5', '1520'],
      ['hello_5ps', 'context-switches', '1', ''],
      ['extended_5ps', 'context-switches', '0.5', '1520'],
      ['extended_5ps', 'context-switches', '1', ''],
    ],
  );
});

test('one test only, with plots: five PNGs and a CA.log', async () => {
  const dir = await workdir(['hello_5ps.json']);
  const r = await run(['-p'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /Compared 1 archive from data_archive: 4 activations\./);
  const pngs = (await readdir(join(dir, 'comparison_plots'))).sort();
  assert.deepEqual(pngs, [
    'latency_cdf.png',
    'latency_p50_p99.png',
    'latency_vs_start.png',
    'relative_throughput_vs_rate.png',
    'throughput_vs_rate.png',
  ]);
  for (const p of pngs) {
    await assertPng(join(dir, 'comparison_plots', p));
    assert.ok(r.stdout.includes(`wrote ${join(dir, 'comparison_plots', p)}`));
  }
  const log = (await readFile(join(dir, 'logs', 'CA.log'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { msg: string; program: string });
  assert.deepEqual(
    log.map((l) => l.msg),
    ['comparative-analyzer started', 'archives read', 'comparison done'],
  );
  assert.ok(log.every((l) => l.program === 'CA'));
});

test('-s keeps archives made at or after the time, as epoch ms or ISO date', async () => {
  const dir = await workdir(VALID);
  const csvTests = async (args: string[]) => {
    const r = await run([...args, '--csv', 'csv'], dir);
    assert.equal(r.code, 0, r.stderr);
    return csvRows(await readFile(join(dir, 'csv', 'tests.csv'), 'utf8')).map((t) => t['test']);
  };
  assert.deepEqual(await csvTests(['-s', String(HELLO_20PS_CREATED)]), ['hello_20ps', 'nothing_recorded']);
  assert.deepEqual(await csvTests(['-s', String(HELLO_20PS_CREATED + 1)]), ['nothing_recorded']);
  assert.deepEqual(await csvTests(['--since', '2024-03-05T07:00']), [
    'hello_5ps',
    'extended_5ps',
    'hello_20ps',
    'nothing_recorded',
  ]);
  assert.deepEqual(await csvTests(['-s', '2024-03-05T07:30Z']), ['hello_20ps', 'nothing_recorded']);

  const none = await run(['-s', '2030-01-01'], dir);
  assert.equal(none.code, 2);
  assert.equal(
    none.stderr,
    'error: no archives made at or after 2030-01-01T00:00:00.000Z (1893456000000) in data_archive: archive runs with workload-analyzer -a, or pass --archive-dir\n',
  );
});

test('a bad -s value is a one-line usage error with exit 2', async () => {
  const dir = await workdir(VALID);
  const r = await run(['-s', '12.5'], dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /-s\/--since expects epoch milliseconds .* got "12\.5"/);
  assert.equal(r.stdout, '');
});

test('the activation table is truncated with a note unless -v', async () => {
  const dir = await workdir(['hello_5ps.json', 'hello_20ps.json']);
  const short = await run(['--rows', '3'], dir);
  assert.equal(short.code, 0, short.stderr);
  assert.match(
    short.stdout,
    /== Combined activation table — first 3 of 12 rows; -v prints all, --csv DIR writes them ==/,
  );
  const section = (out: string) => out.split('== Combined activation table')[1]!.split('\n==')[0]!;
  assert.equal(section(short.stdout).trim().split('\n').length, 1 + 2 + 3);
  const full = await run(['--rows', '3', '-v'], dir);
  assert.match(full.stdout, /== Combined activation table \(12 rows\) ==/);
  assert.equal(section(full.stdout).trim().split('\n').length, 1 + 2 + 12);
});

test('-c runs the example plotting module with the merged data', async () => {
  const dir = await workdir(['hello_5ps.json', 'hello_20ps.json']);
  const r = await run(['-c', join(ROOT, 'configs', 'example-comparative-plot.js'), '--plots-dir', 'out'], dir);
  assert.equal(r.code, 0, r.stderr);
  await assertPng(join(dir, 'out', 'latency_percentiles_by_test.png'));
});

test('-c hands the module tests, perf, stats, monitoring and outDir, and awaits it', async () => {
  const dir = await workdir(['hello_5ps.json', 'hello_20ps.json']);
  await writeFile(
    join(dir, 'probe.mjs'),
    `
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
export async function comparativePlotting({ tests, perf, stats, monitoring, outDir }) {
  await new Promise((r) => setImmediate(r));
  await writeFile(join(outDir, 'probe.json'), JSON.stringify({ tests: tests.map((t) => t.test), perf: perf.length, stats: stats.length, monitoring: monitoring.length, firstRel: perf[0].start_rel_s }));
}`,
  );
  const r = await run(['-c', 'probe.mjs'], dir);
  assert.equal(r.code, 0, r.stderr);
  const probe = JSON.parse(await readFile(join(dir, 'comparison_plots', 'probe.json'), 'utf8'));
  assert.deepEqual(probe, { tests: ['hello_5ps', 'hello_20ps'], perf: 12, stats: 2, monitoring: 2, firstRel: 0 });
});

test('-c takes a TypeScript module when the program runs through tsx, and says so when it does not', async () => {
  const dir = await workdir(['hello_5ps.json', 'hello_20ps.json']);
  await writeFile(
    join(dir, 'counts.ts'),
    `
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
interface Input { readonly tests: readonly { test: string; count: number }[]; readonly outDir: string }
export async function comparativePlotting({ tests, outDir }: Input): Promise<void> {
  await writeFile(join(outDir, 'counts.txt'), tests.map((t) => \`\${t.test}=\${t.count}\`).join(' '));
}`,
  );
  const plain = await run(['-c', 'counts.ts'], dir);
  assert.equal(plain.code, 2);
  assert.match(
    plain.stderr,
    /^error: plotting module counts\.ts: cannot be loaded: .*\(a \.ts module needs the program run through tsx\)\n$/,
  );
  const viaTsx = await run(['-c', 'counts.ts'], dir, ['--import', import.meta.resolve('tsx')]);
  assert.equal(viaTsx.code, 0, viaTsx.stderr);
  assert.equal(await readFile(join(dir, 'comparison_plots', 'counts.txt'), 'utf8'), 'hello_5ps=4 hello_20ps=8');
});

test('a failing plotting module is reported in one line with a non-zero exit', async () => {
  const dir = await workdir(['hello_5ps.json']);
  await writeFile(join(dir, 'noexport.mjs'), 'export const somethingElse = 1;\n');
  await writeFile(
    join(dir, 'throws.mjs'),
    'export function comparativePlotting() { throw new Error("no data for figure 3\\nsecond line"); }\n',
  );
  await writeFile(
    join(dir, 'rejects.mjs'),
    'export async function comparativePlotting() { await null; throw new TypeError("bad axis"); }\n',
  );
  await writeFile(join(dir, 'syntax.mjs'), 'export function comparativePlotting( {\n');
  const cases: [string, RegExp][] = [
    ['missing.js', /^error: plotting module missing\.js: no such file$/],
    ['noexport.mjs', /^error: plotting module noexport\.mjs: has no exported function comparativePlotting/],
    ['throws.mjs', /^error: plotting module throws\.mjs: comparativePlotting failed: no data for figure 3$/],
    ['rejects.mjs', /^error: plotting module rejects\.mjs: comparativePlotting failed: bad axis$/],
    ['syntax.mjs', /^error: plotting module syntax\.mjs: cannot be loaded: /],
  ];
  for (const [module, pattern] of cases) {
    const r = await run(['-c', module], dir);
    assert.notEqual(r.code, 0, module);
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, `${module}: ${r.stderr}`);
    assert.match(lines[0]!, pattern);
  }
  // A module that fails to load is found before any archive is read or printed.
  const early = await run(['-c', 'noexport.mjs'], dir);
  assert.equal(early.stdout, '');
  assert.equal((await stat(join(dir, 'logs', 'CA.log'))).isFile(), true);
});

test('a reader that stops early (| head) ends printing quietly; files are still written, exit 0', async () => {
  const dir = await workdir([]);
  await writeArchive(
    makeArchive({
      testName: 'big_100ps',
      createdMs: Date.UTC(2024, 0, 1),
      functions: [{ name: 'f', rate: 100, count: 20_000 }],
    }),
    join(dir, 'data_archive'),
  );
  const child = spawn(process.execPath, [BIN, '-v', '--csv', 'csv'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  // Read the first chunk, then close the pipe as `head` does.
  await new Promise<void>((resolve) =>
    child.stdout.once('data', () => {
      child.stdout.destroy();
      resolve();
    }),
  );
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, stderr);
  assert.equal(stderr, '');
  const acts = await readFile(join(dir, 'csv', 'activations.csv'), 'utf8');
  assert.equal(acts.trimEnd().split('\r\n').length, 20_001);
});
