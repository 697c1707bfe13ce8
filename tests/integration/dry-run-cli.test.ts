/**
 * workload-invoker --dry-run and --schedule-out through the real CLI (a subprocess on the built
 * dist/; `npm test` builds first, and this file builds if dist/ is missing).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInvoker } from './invoker-helpers.js';
import { ensureBuilt } from '../helpers/dist.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = join(ROOT, 'tests', 'fixtures', 'faasprofiler-configs');

/** The real invoker CLI with this process's environment. */
const run = (args: string[], cwd: string) => runInvoker(args, process.env, cwd);
const GENERIC = 'workload_configs_generic_endpoint.json';

let work: string;
before(async () => {
  await ensureBuilt('workload-invoker');
  work = await mkdtemp(join(tmpdir(), 'dry-run-cli-'));
  // What FaaSProfiler's samples reference, relative to the folder the invoker runs in.
  await writeFile(join(work, 'param_file.json'), '{"n": 1000}');
  await mkdir(join(work, 'monitoring'));
  await writeFile(join(work, 'monitoring', 'RuntimeMonitoring.sh'), '#!/bin/sh\n', { mode: 0o755 });
  for (const f of await readdir(FIXTURES)) if (f.endsWith('.json')) await cp(join(FIXTURES, f), join(work, f));
  // FaaSProfiler's generic sample has placeholders where its URLs go; a user fills them in.
  const generic = join(work, GENERIC);
  const filled = (await readFile(generic, 'utf8')).replace(/"\{[^}"]*URL\}"/g, '"https://example.invalid/trigger"');
  await writeFile(join(work, `filled_${GENERIC}`), filled);
});
after(() => rm(work, { recursive: true, force: true }));

interface Summary {
  test_name: string;
  seed: number;
  duration_s: number;
  total: number;
  instances: Record<string, { application: string; events: number; first_s: number | null; last_s: number | null }>;
}
interface InstanceJson {
  application: string;
  distribution?: string;
  rate?: number;
  interarrivals_list?: number[];
  activity_window?: [number, number] | null;
}

test('every FaaSProfiler sample config dry-runs with counts matching FaaSProfiler semantics', async () => {
  const configs = (await readdir(FIXTURES)).filter((f) => f.endsWith('.json'));
  assert.equal(configs.length, 5);
  const runs = await Promise.all(
    configs.map((name) => run(['-c', name === GENERIC ? `filled_${GENERIC}` : name, '--dry-run'], work)),
  );
  for (const [i, name] of configs.entries()) {
    const r = runs[i]!;
    assert.equal(r.code, 0, `${name}: ${r.stderr}`);
    assert.equal(r.stderr, '');
    const summary = JSON.parse(r.stdout) as Summary;
    const config = JSON.parse(await readFile(join(FIXTURES, name), 'utf8')) as {
      test_name: string;
      test_duration_in_seconds: number;
      random_seed: number;
      instances: Record<string, InstanceJson>;
    };
    const d = config.test_duration_in_seconds;
    assert.equal(summary.test_name, config.test_name);
    assert.equal(summary.seed, config.random_seed);
    assert.equal(summary.duration_s, d);
    assert.deepEqual(Object.keys(summary.instances), Object.keys(config.instances));
    let total = 0;
    for (const [inst, spec] of Object.entries(config.instances)) {
      const got = summary.instances[inst]!;
      total += got.events;
      assert.equal(got.application, spec.application);
      if (spec.interarrivals_list) {
        let t = 0;
        const expected = spec.interarrivals_list.map((gap) => (t += gap)).filter((x) => x <= d);
        assert.equal(got.events, expected.length, `${name} ${inst} (trace)`);
        assert.equal(got.first_s, expected[0] ?? null);
        assert.equal(got.last_s, expected.at(-1) ?? null);
        continue;
      }
      const [start, end] = spec.activity_window ?? [0, d];
      const lambda = spec.rate! * (Math.min(end, d) - start);
      const tolerance = spec.distribution === 'Uniform' ? 1 : 3 * Math.sqrt(lambda);
      assert.ok(
        Math.abs(got.events - lambda) <= tolerance,
        `${name} ${inst}: ${got.events} events, expected ${lambda} ± ${tolerance}`,
      );
      assert.ok(
        got.first_s! >= start && got.last_s! < Math.min(end, d),
        `${name} ${inst}: events outside [${start}, ${end})`,
      );
    }
    assert.equal(summary.total, total);
  }
});

test('the same seed writes byte-identical --schedule-out files; another seed differs', async () => {
  const a = join(work, 'a.csv');
  const b = join(work, 'b.csv');
  const c = join(work, 'c.csv');
  const [ra, rb] = await Promise.all(
    [a, b].map((out) => run(['-c', 'sample_workload_configs.json', '--dry-run', '--schedule-out', out], work)),
  );
  assert.equal(ra!.code, 0, ra!.stderr);
  assert.equal(rb!.code, 0, rb!.stderr);
  const first = await readFile(a, 'utf8');
  assert.equal(first, await readFile(b, 'utf8'));
  const lines = first.trimEnd().split('\n');
  assert.equal(lines[0], 'time_s,instance,application,trace_function');
  assert.match(lines[1]!, /^\d+\.\d{6},instance\d,example_app\d,$/);

  const config = JSON.parse(await readFile(join(work, 'sample_workload_configs.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  await writeFile(join(work, 'seed101.json'), JSON.stringify({ ...config, random_seed: 101 }));
  const r = await run(['-c', 'seed101.json', '--dry-run', '--schedule-out', c], work);
  assert.equal(r.code, 0, r.stderr);
  assert.notEqual(await readFile(c, 'utf8'), first);
  // The dry-run total is the number of CSV rows.
  assert.equal((JSON.parse(r.stdout) as Summary).total, (await readFile(c, 'utf8')).trimEnd().split('\n').length - 1);
});

test('random_seed null: the seed used is reported, and setting it reproduces the run exactly', async () => {
  const config = JSON.parse(await readFile(join(work, 'test_data_run_config.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(join(work, 'noseed.json'), JSON.stringify({ ...config, random_seed: null }));
  const r1 = await run(['-c', 'noseed.json', '--dry-run', '--schedule-out', join(work, 'noseed.csv')], work);
  assert.equal(r1.code, 0, r1.stderr);
  const seed = (JSON.parse(r1.stdout) as Summary).seed;
  assert.ok(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32);
  await writeFile(join(work, 'fixed.json'), JSON.stringify({ ...config, random_seed: seed }));
  const r2 = await run(['-c', 'fixed.json', '--dry-run', '--schedule-out', join(work, 'fixed.csv')], work);
  assert.equal(r2.code, 0, r2.stderr);
  assert.equal(await readFile(join(work, 'fixed.csv'), 'utf8'), await readFile(join(work, 'noseed.csv'), 'utf8'));
});

test('several bad fields: one clear line each on stderr, exit 2, no stack trace', async () => {
  await writeFile(
    join(work, 'bad.json'),
    JSON.stringify({
      test_name: 'bad',
      test_duration_in_seconds: '15',
      random_seed: -1,
      instances: {
        instance1: { application: 'a', distribution: 'Uniform', rat: 3 },
        instance4: { application: 'b', distribution: 'Poisson', rate: 'fast', param_file: 'missing_params.json' },
      },
      perf_monitoring: { runtime_script: null, post_script: null, targets: [{ ssh: '' }] },
    }),
  );
  const r = await run(['-c', 'bad.json', '--dry-run'], work);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.deepEqual(r.stderr.trimEnd().split('\n'), [
    'error: bad.json: test_duration_in_seconds: expected a number > 0, got "15"',
    'error: bad.json: random_seed: expected an unsigned 32-bit integer (0 to 4294967295) or null, got -1',
    'error: bad.json: instances.instance1.rat: unknown key',
    'error: bad.json: instances.instance1.rate: missing, expected a number >= 0 (invocations per second) with distribution',
    'error: bad.json: instances.instance4.rate: expected a number >= 0 (invocations per second), or [from, to] (a linear ramp over the activity window), got "fast"',
    `error: bad.json: instances.instance4.param_file: file not found: ${join(work, 'missing_params.json')}`,
    'error: bad.json: perf_monitoring.targets[0].ssh: expected "user@host", got ""',
  ]);
});

test('unreadable configs: invalid JSON and a missing file give one line and exit 2', async () => {
  await writeFile(
    join(work, 'broken.json'),
    '{\n  "test_name": "x",\n  "instances": {\n    "i": {"rate": 1,}\n  }\n}\n',
  );
  const broken = await run(['-c', 'broken.json', '--dry-run'], work);
  assert.equal(broken.code, 2);
  assert.equal(
    broken.stderr,
    'error: broken.json: invalid JSON at line 4, column 21: expected a double-quoted string, got "}"\n',
  );
  const missing = await run(['-c', 'absent.json', '--dry-run'], work);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, 'error: absent.json: cannot read the workload config: no such file\n');
});

test('a sample config whose param file is absent is refused before anything runs', async () => {
  const bare = await mkdtemp(join(tmpdir(), 'dry-run-bare-'));
  try {
    await cp(join(FIXTURES, 'workload_configs_local_openwhisk.json'), join(bare, 'w.json'));
    await mkdir(join(bare, 'monitoring'));
    await writeFile(join(bare, 'monitoring', 'RuntimeMonitoring.sh'), '#!/bin/sh\n');
    const r = await run(['-c', 'w.json', '--dry-run'], bare);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      `error: w.json: instances.instance4.param_file: file not found: ${join(bare, 'param_file.json')}\n`,
    );
  } finally {
    await rm(bare, { recursive: true, force: true });
  }
});

test("FaaSProfiler's generic sample as shipped fails the dry run: its URLs are placeholders, one line each", async () => {
  const r = await run(['-c', GENERIC, '--dry-run'], work);
  assert.equal(r.code, 2);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 3, r.stderr);
  for (const line of lines)
    assert.match(line, /^(error: )?instances\.instance\d\.url: "\{.*URL\}" is not an http\(s\) URL$/);
});
