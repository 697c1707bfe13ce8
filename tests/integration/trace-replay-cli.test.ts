/**
 * Trace replay through the real invoker CLI: a dry run's exported schedule against the trace
 * (each iat mode), bad trace configs, and `--deploy` to a real whisk-local.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWhiskLocal } from '../../src/platform/index.js';
import { runInvoker } from './invoker-helpers.js';
import { ensureBuilt } from '../helpers/dist.js';

const TRACE = fileURLToPath(new URL('../fixtures/azure2019/', import.meta.url));
const INVOCATIONS = 'invocations_per_function_md.anon.d01.csv';
const DURATIONS = 'function_durations_percentiles.anon.d01.csv';
const MEMORY = 'app_memory_percentiles.anon.d01.csv';

let work: string;
before(async () => {
  await ensureBuilt('workload-invoker');
  work = await mkdtemp(join(tmpdir(), 'trace-replay-cli-'));
  for (const f of [INVOCATIONS, DURATIONS, MEMORY]) await cp(join(TRACE, f), join(work, 'trace', f));
});
after(() => rm(work, { recursive: true, force: true }));

const traceConfig = (trace: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  test_name: 'replay',
  test_duration_in_seconds: 60,
  random_seed: 5,
  instances: {
    steady: { application: 'noop-nodejs', distribution: 'Uniform', rate: 1 },
    replay: {
      application: 'azure',
      azure: {
        trace: {
          invocations: `trace/${INVOCATIONS}`,
          durations: `trace/${DURATIONS}`,
          memory: `trace/${MEMORY}`,
          minutes: [10, 40],
          functions: 4,
          minute_s: 2,
          ...trace,
        },
      },
    },
  },
  ...extra,
});

/** HashFunction → its counts per minute, from the trace file. */
async function traceCounts(): Promise<Map<string, number[]>> {
  const [header, ...rows] = (await readFile(join(TRACE, INVOCATIONS), 'utf8')).trimEnd().split('\n');
  const first = header!.split(',').indexOf('1');
  return new Map(rows.map((r) => [r.split(',')[2]!, r.split(',').slice(first).map(Number)]));
}

for (const iat of ['exponential', 'uniform', 'equidistant']) {
  test(`iat ${iat}: every sampled function's per-minute counts in --schedule-out equal the trace's`, async () => {
    const config = join(work, `${iat}.json`);
    const out = join(work, `${iat}.csv`);
    await writeFile(config, JSON.stringify(traceConfig({ iat })));
    const r = await runInvoker(['-c', config, '--dry-run', '--schedule-out', out], process.env, work);
    assert.equal(r.code, 0, r.stderr);
    const [header, ...rows] = (await readFile(out, 'utf8')).trimEnd().split('\n');
    assert.equal(header, 'time_s,instance,application,trace_function');
    const seen = new Map<string, number[]>();
    let steady = 0;
    for (const row of rows) {
      const [time, instance, , fn] = row.split(',');
      if (fn === '') {
        assert.equal(instance, 'steady');
        steady++;
        continue;
      }
      const counts = seen.get(fn!) ?? new Array<number>(30).fill(0);
      counts[Math.floor(Number(time) / 2)]!++;
      seen.set(fn!, counts);
    }
    assert.equal(steady, 60);
    const trace = await traceCounts();
    const active = [...trace].filter(([, c]) => c.slice(10, 40).some((n) => n > 0));
    assert.equal(seen.size, Math.min(4, active.length));
    for (const [fn, counts] of seen) assert.deepEqual(counts, trace.get(fn)!.slice(10, 40), fn);
    const summary = JSON.parse(r.stdout) as { instances: Record<string, { application: string }> };
    for (const [name, inst] of Object.entries(summary.instances)) {
      if (name !== 'steady') assert.match(`${name} ${inst.application}`, /^replay\/([0-9a-f]{12}) azure-\1$/);
    }
  });
}

test('bad trace configs and files: one line naming the field, or the file, line and column; exit 2', async () => {
  const cases: [Record<string, unknown>, Record<string, unknown>, RegExp][] = [
    [
      { minutes: [0, 31] },
      {},
      /instances\.replay\.azure\.trace\.minutes: the trace's span \(31 minutes × minute_s 2 = 62 s\) does not fit test_duration_in_seconds \(60 s\)/,
    ],
    [
      { minutes: [1430, 1441] },
      {},
      /azure\.trace\.minutes\[1\]: expected an integer minute of the trace, 0 to 1440, got 1441/,
    ],
    [{ minutes: [5, 5] }, {}, /azure\.trace\.minutes: expected from < to, got \[5,5\]/],
    [{ iat: 'poisson' }, {}, /azure\.trace\.iat: expected "exponential", "uniform" or "equidistant", got "poisson"/],
    [{ durations: 'trace/none.csv' }, {}, /azure\.trace\.durations: file not found: .*none\.csv/],
  ];
  for (const [trace, extra, expected] of cases) {
    const config = join(work, 'bad.json');
    await writeFile(config, JSON.stringify(traceConfig(trace, extra)));
    const r = await runInvoker(['-c', config, '--dry-run'], process.env, work);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, expected);
    assert.doesNotMatch(r.stderr, /\n.*\n/, 'one line');
  }
  // A negative count in the trace file itself.
  const text = await readFile(join(TRACE, INVOCATIONS), 'utf8');
  const lines = text.split('\n');
  const cells = lines[3]!.split(',');
  cells[4 + 7] = '-2'; // minute column "8"
  lines[3] = cells.join(',');
  await writeFile(join(work, 'trace', 'neg.csv'), lines.join('\n'));
  await writeFile(join(work, 'neg.json'), JSON.stringify(traceConfig({ invocations: 'trace/neg.csv' })));
  const r = await runInvoker(['-c', join(work, 'neg.json'), '--dry-run'], process.env, work);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /neg\.csv: line 4, column 8: expected an integer count >= 0, got "-2"/);

  // A sampled function without a durations row.
  const header = (await readFile(join(TRACE, DURATIONS), 'utf8')).split('\n')[0]!;
  await writeFile(join(work, 'trace', 'nodur.csv'), `${header}\n`);
  await writeFile(
    join(work, 'nodur.json'),
    JSON.stringify(traceConfig({ durations: 'trace/nodur.csv', functions: 1 })),
  );
  const d = await runInvoker(['-c', join(work, 'nodur.json'), '--dry-run'], process.env, work);
  assert.equal(d.code, 2);
  assert.match(
    d.stderr,
    /invocations_per_function_md\.anon\.d01\.csv: line \d+, column HashFunction: sampled function [0-9a-f]{64} has no row in .*nodur\.csv/,
  );
});

test('--deploy creates one azure-trace action per sampled function on a running whisk-local, percentiles bound', async () => {
  const wl = await startWhiskLocal({ apiPort: 0, dbPort: 0, dataDir: null });
  try {
    const config = join(work, 'deploy.json');
    await writeFile(config, JSON.stringify(traceConfig({ functions: 3 })));
    const r = await runInvoker(
      ['-c', config, '--deploy'],
      { ...process.env, WHISK_APIHOST: wl.apihost, WHISK_AUTH: wl.auth },
      work,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), `deployed 4 actions to ${wl.apihost}/`);
    assert.doesNotMatch(r.stdout + r.stderr, new RegExp(wl.auth.split(':')[1]!), 'the key is never printed');
    const api = async (path: string) => {
      const res = await fetch(`${wl.apihost}/api/v1/namespaces/_/actions${path}`, {
        headers: { authorization: `Basic ${Buffer.from(wl.auth).toString('base64')}` },
      });
      assert.equal(res.status, 200);
      return res.json() as Promise<unknown>;
    };
    const names = ((await api('')) as { name: string }[]).map((a) => a.name);
    const traced = names.filter((n) => /^azure-[0-9a-f]{12}$/.test(n));
    assert.equal(traced.length, 3);
    assert.ok(names.includes('noop-nodejs'));
    const action = (await api(`/${traced[0]}`)) as { parameters: { key: string; value: unknown }[] };
    const params = Object.fromEntries(action.parameters.map((p) => [p.key, p.value]));
    assert.deepEqual((params['durations_ms'] as { levels: number[] }).levels, [0, 1, 25, 50, 75, 99, 100]);
    assert.equal(params['memory_cap_mb'], 192);
  } finally {
    await wl.stop();
  }
});
