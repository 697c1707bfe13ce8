/**
 * workload-analyzer end to end: the real CLI (subprocess, from dist/) against whisk-local's real
 * CouchDB-compatible activation store on loopback.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { readArchive } from '../../src/archive/index.js';
import type { InvocationRecord } from '../../src/contracts/index.js';
import { startActivationStore, type ActivationStore, type StoredActivation } from '../../src/platform/store/index.js';
import { syntheticActivation } from '../../src/platform/store/synthetic.js';
import { PASSWORD, REPO, runAnalyzer, sample1Doc, sample4Doc, tempDir, writeMetadata } from './analyzer-helpers.js';

const SAMPLES_SINCE = 1568061913000;
const BIG_T0 = 1_700_000_000_000;
const BIG_N = 30_000;
const FP_FIXTURES = join(REPO, 'tests', 'fixtures', 'faasprofiler-configs');
const FP_START = Number(readFileSync(join(FP_FIXTURES, 'test_metadata.out'), 'utf8').split('\n')[0]);

type Summary = {
  test_name: string;
  since: number;
  records: number;
  functions: Record<
    string,
    {
      count: number;
      rate: number | null;
      throughput: number | null;
      rel_stress: number | null;
      cold: number;
      warm: number;
      capacity_factor: number | null;
      latency: Record<string, number | null>;
      execution: Record<string, number | null>;
      initTime: Record<string, number | null>;
      waitTime: Record<string, number | null>;
    }
  >;
  overall: {
    latency: Record<string, number | null>;
    warm: Record<string, number | null>;
    cold: Record<string, number | null>;
  };
  invocations: {
    scheduled: number;
    sent: number;
    accepted: number;
    failed: Record<string, number>;
    recorded: number;
    missing: number;
  } | null;
};

function closeTo(actual: number | null | undefined, expected: number, what: string): void {
  assert.ok(
    typeof actual === 'number' && Math.abs(actual - expected) < 1e-6 * Math.max(1, Math.abs(expected)),
    `${what}: expected ${expected}, got ${actual}`,
  );
}

function fpDoc(k: number): StoredActivation {
  const start = FP_START + 5000 + k * 667;
  const base = syntheticActivation(900_000 + k, { t0: start, actions: ['primes-python'] });
  return {
    ...base,
    start,
    end: start + 100 + k,
    duration: 100 + k,
    annotations: [
      { key: 'kind', value: 'python:3' },
      { key: 'waitTime', value: 10 },
    ],
  };
}

describe('workload-analyzer against the activation store', () => {
  let store: ActivationStore;
  const env = { COUCHDB_PASSWORD: PASSWORD, COUCHDB_URL: '', COUCHDB_USER: '', ACTIVATIONS_DB: '' };
  const bigDocs: StoredActivation[] = [];
  const early: StoredActivation[] = [];

  before(async () => {
    store = await startActivationStore({ port: 0, dataDir: null });
    // OpenWhisk's samples, plus what the analyzer must skip: a health ping, a trigger, a broken doc.
    store.put(sample1Doc());
    store.put(sample4Doc());
    const filler = syntheticActivation(800_000, { t0: 1569000000000 });
    store.put({ ...filler, _id: 'whisk.system/h1', activationId: 'h1', name: 'invokerHealthTestAction0' });
    store.put({ ...filler, _id: 'guest/t1', activationId: 't1', name: 'trig', end: 0, annotations: [] });
    store.put({
      ...filler,
      _id: 'guest/m1',
      activationId: 'm1',
      name: 'broken',
      duration: 'long' as unknown as number,
    });
    // A run bigger than any page, written out of start order, plus records the time query cannot see.
    for (let i = BIG_N - 1; i >= 0; i--)
      bigDocs.push(syntheticActivation(i, { t0: BIG_T0, actions: ['hello', 'pkg/world'] }));
    for (let i = 0; i < 3; i++)
      early.push(syntheticActivation(700_000 + i, { t0: BIG_T0 - 50_000, actions: ['hello'] }));
    for (const d of [...bigDocs, ...early]) store.put(d);
    for (let i = 0; i < 10; i++) store.put(syntheticActivation(600_000 + i, { t0: BIG_T0 + 10_000_000 })); // another, later run
    for (let k = 0; k < 15; k++) store.put(fpDoc(k));
    await store.flush();
  });
  after(() => store.close());

  test("OpenWhisk sample records (1/1b, 4) come out with FaaSProfiler's columns; pings, triggers and broken docs are skipped", async () => {
    const dir = tempDir('samples');
    writeFileSync(
      join(dir, 'cfg.json'),
      JSON.stringify({
        test_name: 'samples',
        test_duration_in_seconds: 2_000_000,
        instances: { i: { application: 'a', distribution: 'Uniform', rate: 2 } },
      }),
    );
    const meta = writeMetadata(dir, SAMPLES_SINCE, 'cfg.json', 2);
    const r = await runAnalyzer(['--metadata', meta, '--db-url', store.url, '--json'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout) as Summary;
    assert.equal(s.records, 2);
    assert.equal(s.test_name, 'samples');
    assert.equal(s.since, SAMPLES_SINCE);
    const a = s.functions['a']!;
    assert.deepEqual([a.count, a.cold, a.warm, a.rate], [1, 1, 0, 2]);
    assert.equal(a.latency.mean, 128); // duration 123 + waitTime 5
    assert.equal(a.execution.mean, 113); // duration − initTime 10
    assert.equal(a.latency.std, null);
    // throughput counts from the test start (no window): 1000 · 1 / (end − since)
    closeTo(a.throughput, 1000 / (1570013740007 - SAMPLES_SINCE), 'throughput of a');
    closeTo(a.rel_stress, 2 / (1000 / (1570013740007 - SAMPLES_SINCE)), 'rel_stress of a');
    const j = s.functions['helloJava']!;
    assert.deepEqual([j.latency.max, j.execution.max, j.initTime.max, j.waitTime.max], [855, 33, 308, 514]);
    assert.equal(j.rate, null);
    assert.equal(s.invocations, null);
    assert.match(
      r.stderr,
      /skipped 1 malformed activation document\(s\) from .*whisk_local_activations \(first: guest\/m1: duration/,
    );
    assert.doesNotMatch(r.stderr + r.stdout, new RegExp(PASSWORD));
  });

  test(`a run of ${BIG_N} activations comes back whole, joined with the invocation records`, async () => {
    const dir = tempDir('big');
    writeFileSync(
      join(dir, 'cfg.json'),
      JSON.stringify({
        test_name: 'big',
        test_duration_in_seconds: 30,
        instances: {
          h: { application: 'hello', distribution: 'Uniform', rate: 500 },
          w: { application: 'pkg/world', distribution: 'Poisson', rate: 500, activity_window: [0, 30] },
        },
      }),
    );
    const records: InvocationRecord[] = [];
    const rec = (
      seq: number,
      id: string | null,
      outcome: InvocationRecord['outcome'],
      t: number,
    ): InvocationRecord => ({
      seq,
      instance: 'h',
      application: 'hello',
      scheduled_ms: t,
      sent_ms: outcome === 'dropped' ? null : t + 0.5,
      done_ms: outcome === 'dropped' ? null : t + 20,
      lag_ms: outcome === 'dropped' ? null : 0.5,
      status: outcome === 'ok' ? 202 : 429,
      outcome,
      activation_id: id,
      error: null,
    });
    for (const [i, d] of [...bigDocs, ...early].entries()) records.push(rec(i, d.activationId, 'ok', d.start - 30));
    records.push(
      rec(records.length, 'ffffffffffffffffffffffffffffff01', 'ok', BIG_T0 + 1),
      rec(records.length + 1, 'ffffffffffffffffffffffffffffff02', 'ok', BIG_T0 + 2),
    );
    for (let i = 0; i < 4; i++) records.push(rec(records.length, null, 'throttled', BIG_T0 + 3));
    records.push(rec(records.length, null, 'dropped', BIG_T0 + 4));
    writeFileSync(join(dir, 'invocations.ndjson'), `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const meta = writeMetadata(dir, BIG_T0, join(dir, 'cfg.json'), records.length, {
      test_name: 'big',
      end_ms: BIG_T0 + 30_000,
      duration_s: 30,
      records_path: 'invocations.ndjson',
    });
    const r = await runAnalyzer(['--metadata', meta, '--db-url', store.url, '--json', '-c'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout) as Summary;
    const all = [...bigDocs, ...early];
    assert.equal(s.records, all.length, 'every activation of the run, including those fetched by id');
    for (const name of ['hello', 'world']) {
      const docs = all.filter((d) => d.name === name);
      const f = s.functions[name]!;
      assert.equal(f.count, docs.length);
      const cold = docs.filter((d) => d.annotations.some((a) => a.key === 'initTime')).length;
      assert.deepEqual([f.cold, f.warm], [cold, docs.length - cold]);
      const lat = docs.map((d) => d.duration + Number(d.annotations.find((a) => a.key === 'waitTime')!.value));
      closeTo(f.latency.mean, lat.reduce((x, y) => x + y, 0) / lat.length, `${name} mean latency`);
      closeTo(f.latency.max, Math.max(...lat), `${name} max latency`);
      const minStart = Math.min(...docs.map((d) => d.start));
      const maxEnd = Math.max(...docs.map((d) => d.end));
      closeTo(f.throughput, (1000 * docs.length) / (maxEnd - Math.min(minStart, BIG_T0)), `${name} throughput`);
      assert.equal(f.rate, 500);
      assert.ok(typeof f.capacity_factor === 'number');
    }
    assert.deepEqual(s.invocations && { ...s.invocations }, {
      scheduled: records.length,
      sent: records.length - 1,
      accepted: all.length + 2,
      failed: { throttled: 4, dropped: 1 },
      recorded: all.length,
      missing: 2,
      client_latency: (s.invocations as unknown as { client_latency: unknown }).client_latency,
      corrected_latency: (s.invocations as unknown as { corrected_latency: unknown }).corrected_latency,
    });
    const cf = JSON.parse(readFileSync(join(dir, 'logs', 'capacity_factors.json'), 'utf8')) as Record<string, number>;
    assert.deepEqual(Object.keys(cf).sort(), ['hello', 'world']);
    assert.match(r.stderr, /2 accepted invocation\(s\) have no activation record/);
  });

  test('a run with records keeps only the activations its records name; the others in its window are counted and left out', async () => {
    const dir = tempDir('own');
    const own = bigDocs.filter((d) => d.name === 'hello');
    const records = own.map(
      (d, seq): InvocationRecord => ({
        seq,
        instance: 'h',
        application: 'hello',
        scheduled_ms: d.start - 30,
        sent_ms: d.start - 29,
        done_ms: d.start + 20,
        lag_ms: 1,
        status: 202,
        outcome: 'ok',
        activation_id: d.activationId,
        error: null,
      }),
    );
    writeFileSync(join(dir, 'invocations.ndjson'), `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const meta = writeMetadata(dir, BIG_T0, join(dir, 'cfg.json'), records.length, {
      test_name: 'own',
      end_ms: BIG_T0 + 30_000,
      duration_s: 30,
      records_path: 'invocations.ndjson',
    });
    const [isolated, withForeign] = await Promise.all([
      runAnalyzer(['--metadata', meta, '--db-url', store.url, '--json'], { cwd: dir, env }),
      runAnalyzer(['--metadata', meta, '--db-url', store.url, '--json', '--include-foreign'], { cwd: dir, env }),
    ]);
    assert.equal(isolated.code, 0, isolated.stderr);
    assert.equal((JSON.parse(isolated.stdout) as Summary).records, own.length);
    assert.match(
      isolated.stderr,
      new RegExp(`${bigDocs.length - own.length} activations in the window are not from this run; left out`),
    );
    assert.equal(withForeign.code, 0, withForeign.stderr);
    assert.equal((JSON.parse(withForeign.stdout) as Summary).records, bigDocs.length);
    assert.match(
      withForeign.stderr,
      new RegExp(
        `${bigDocs.length - own.length} activations in the window are not from this run; included \\(--include-foreign\\)`,
      ),
    );
  });

  test('a FaaSProfiler-made run (test_metadata.out only) uses its config for rates, windows and rel_stress; plots and archive', async () => {
    const dir = tempDir('fp');
    copyFileSync(join(FP_FIXTURES, 'test_metadata.out'), join(dir, 'test_metadata.out'));
    copyFileSync(join(FP_FIXTURES, 'test_data_run_config.json'), join(dir, 'test_data_run_config.json'));
    const plots = join(dir, 'plots');
    const archives = join(dir, 'archive');
    const r = await runAnalyzer(
      [
        '--logs-dir',
        dir,
        '--db-url',
        store.url,
        '-p',
        '-s',
        '-a',
        '--plots-dir',
        plots,
        '--archive-dir',
        archives,
        '-c',
      ],
      { cwd: dir, env },
    );
    assert.equal(r.code, 0, r.stderr);
    const docs = Array.from({ length: 15 }, (_, k) => fpDoc(k));
    const tput = (1000 * 15) / (Math.max(...docs.map((d) => d.end)) - Math.min(docs[0]!.start, FP_START + 5000));
    assert.match(r.stdout, /Stat summary/);
    const row = r.stdout.split('\n').find((l) => l.startsWith('primes-python'))!;
    const cells = row.trim().split(/\s+/);
    assert.deepEqual(cells.slice(0, 3), ['primes-python', '15', '1.500']);
    closeTo(Number(cells[3]), Number(tput.toFixed(3)), 'printed throughput');
    closeTo(Number(cells[4]), Number((1.5 / tput).toFixed(3)), 'printed rel_stress');
    assert.match(r.stdout, /Performance summary/);
    assert.match(r.stdout, /warm +latency +15/);
    const pngs = readdirSync(plots).filter((f) => f.endsWith('.png'));
    assert.ok(pngs.length >= 6, pngs.join(','));
    for (const f of [...pngs.map((p) => join(plots, p)), join(dir, 'results.png')]) {
      assert.deepEqual(
        [...readFileSync(f).subarray(0, 8)],
        [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
        `${f} is a PNG`,
      );
    }
    const [file] = readdirSync(archives);
    assert.match(file!, /^\d{4}_\d{2}_\d{2}_\d{2}_\d{2}_test_data_run\.json$/);
    const archive = await readArchive(join(archives, file!));
    assert.equal(archive.activations.length, 15);
    assert.equal(archive.functions[0]!.func_name, 'primes-python');
    assert.equal(archive.since_ms, FP_START);
    assert.equal(archive.metadata, null);
    assert.ok(existsSync(join(dir, 'WA.log')));
  });

  test('monitoring outputs listed in the metadata are read, printed with -v (with -r results), plotted with --counter and archived', async () => {
    const dir = tempDir('monitor');
    copyFileSync(join(FP_FIXTURES, 'test_data_run_config.json'), join(dir, 'cfg.json'));
    copyFileSync(join(REPO, 'tests', 'fixtures', 'perf', 'perf-stat-interval-csv.out'), join(dir, 'perf.out'));
    const meta = writeMetadata(dir, FP_START, 'cfg.json', 15, {
      test_name: 'monitored',
      end_ms: FP_START + 20_000,
      duration_s: 20,
      records_path: 'none.ndjson',
      monitoring: [{ kind: 'perf', host: 'local', path: 'perf.out' }],
    });
    const plots = join(dir, 'plots');
    const r = await runAnalyzer(
      [
        '--metadata',
        meta,
        '--db-url',
        store.url,
        '-v',
        '-r',
        '-p',
        '--counter',
        'context-switches',
        '--plots-dir',
        plots,
        '-a',
        '--archive-dir',
        join(dir, 'a'),
      ],
      { cwd: dir, env },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Monitoring series[\s\S]*perf +local +context-switches/);
    assert.match(r.stdout, /^primes-python\t[0-9a-f]{32}\t\d+/m, 'the activation table is printed with -v');
    assert.match(r.stdout, /^primes-python\t.*\t\{"greeting":"Hello, activation 9000\d\d!"\}$/m, 'results with -r');
    assert.ok(existsSync(join(plots, 'monitored_counter_context-switches.png')));
    const archive = await readArchive(join(dir, 'a', readdirSync(join(dir, 'a'))[0]!));
    assert.ok(archive.monitoring.some((m) => m.metric === 'context-switches' && m.points.length > 0));
    assert.equal(archive.metadata?.test_name, 'monitored');
  });

  test('a database without the fast path (plain pouchdb-find): the start index is created, small pages come back whole', async (t) => {
    const auth = `Basic ${Buffer.from(`${store.user}:${PASSWORD}`).toString('base64')}`;
    const headers = { authorization: auth, 'content-type': 'application/json' };
    assert.ok((await fetch(`${store.url}/other_activations`, { method: 'PUT', headers })).ok);
    t.after(async () => {
      await (await fetch(`${store.url}/other_activations`, { method: 'DELETE', headers })).arrayBuffer();
    });
    const docs = Array.from({ length: 1200 }, (_, i) =>
      syntheticActivation(500_000 + i, { t0: 1_650_000_000_000 - 500_000, actions: ['x', 'y'] }),
    ); // starts at t0 + i ms
    const res = await fetch(`${store.url}/other_activations/_bulk_docs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ docs }),
    });
    assert.equal(res.status, 201);
    const dir = tempDir('pouchfind');
    writeFileSync(
      join(dir, 'cfg.json'),
      JSON.stringify({ test_name: 'pf', test_duration_in_seconds: 5, instances: {} }),
    );
    const meta = writeMetadata(dir, 1_650_000_000_000, 'cfg.json', 1200);
    const r = await runAnalyzer(
      ['--metadata', meta, '--db-url', store.url, '--db-name', 'other_activations', '--page-size', '500', '--json'],
      { cwd: dir, env },
    );
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout) as Summary;
    assert.equal(s.records, 1200);
    assert.deepEqual([s.functions['x']!.count, s.functions['y']!.count], [600, 600]);
    const indexes = (await (await fetch(`${store.url}/other_activations/_index`, { headers })).json()) as {
      indexes: { name: string }[];
    };
    assert.ok(
      indexes.indexes.some((i) => i.name === 'faas-profiler-start'),
      'the analyzer created its index on start',
    );
  });

  test("FaaSProfiler's layout: a config path relative to the folder above synthetic_workload_invoker/ is found from any working folder", async () => {
    const root = tempDir('fproot');
    mkdirSync(join(root, 'workload_configs'));
    copyFileSync(join(FP_FIXTURES, 'test_data_run_config.json'), join(root, 'workload_configs', 'run.json'));
    const meta = writeMetadata(join(root, 'synthetic_workload_invoker'), FP_START, 'workload_configs/run.json', 15);
    const r = await runAnalyzer(
      ['--metadata', meta, '--db-url', store.url, '--json', '--logs-dir', join(root, 'logs')],
      {
        cwd: tempDir('elsewhere'),
        env,
      },
    );
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout) as Summary;
    assert.equal(s.test_name, 'test_data_run');
    assert.equal(s.functions['primes-python']!.rate, 1.5);
    assert.doesNotMatch(r.stderr, /not found/);
  });

  test('a run whose config cannot be found still works, with null rates and a warning', async () => {
    const dir = tempDir('noconfig');
    const meta = writeMetadata(dir, FP_START, 'gone.json', 15);
    const r = await runAnalyzer(['--metadata', meta, '--db-url', store.url, '--json', '--grace-s', '30'], {
      cwd: dir,
      env,
    });
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout) as Summary;
    assert.equal(s.functions['primes-python']!.rate, null);
    assert.equal(s.functions['primes-python']!.rel_stress, null);
    assert.match(r.stderr, /workload config "gone.json" not found.*rates and rel_stress are null/);
  });

  describe('errors: one line, non-zero exit, no stack trace', () => {
    const oneLine = (r: { code: number; stderr: string; stdout: string }, pattern: RegExp) => {
      assert.notEqual(r.code, 0);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0]!, pattern);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
      assert.doesNotMatch(r.stderr, new RegExp(PASSWORD));
      assert.equal(r.stdout, '');
    };
    let meta: string;
    let dir: string;
    before(() => {
      dir = tempDir('errors');
      writeFileSync(
        join(dir, 'cfg.json'),
        JSON.stringify({ test_name: 'e', test_duration_in_seconds: 1, instances: {} }),
      );
      meta = writeMetadata(dir, SAMPLES_SINCE, 'cfg.json', 1);
    });

    test('unreachable store', async () => {
      const port = await new Promise<number>((res) => {
        const srv = createServer().listen(0, '127.0.0.1', () => {
          const p = (srv.address() as { port: number }).port;
          srv.close(() => res(p));
        });
      });
      oneLine(
        await runAnalyzer(
          ['--metadata', meta, '--db-url', `http://whisk_admin:${PASSWORD}@127.0.0.1:${port}`, '--json'],
          { cwd: dir, env },
        ),
        new RegExp(`cannot reach the activation store at http://127.0.0.1:${port}/`),
      );
    });

    test('wrong password (401)', async () => {
      oneLine(
        await runAnalyzer(['--metadata', meta, '--db-url', store.url, '--json'], {
          cwd: dir,
          env: { ...env, COUCHDB_PASSWORD: 'wrong' },
        }),
        /refused user "whisk_admin" \(HTTP 401/,
      );
    });

    test('missing database', async () => {
      oneLine(
        await runAnalyzer(['--metadata', meta, '--db-url', store.url, '--db-name', 'no_such_db', '--json'], {
          cwd: dir,
          env,
        }),
        /database "no_such_db" does not exist/,
      );
    });

    test('no metadata', async () => {
      oneLine(
        await runAnalyzer(['--metadata', join(dir, 'nowhere', 'test_metadata.out'), '--db-url', store.url], {
          cwd: dir,
          env,
        }),
        /no run metadata at .*nowhere/,
      );
    });

    test('a run with no activation records', async () => {
      const empty = writeMetadata(join(dir, 'empty'), 1_400_000_000_000, 'cfg.json', 1);
      copyFileSync(join(dir, 'cfg.json'), join(dir, 'empty', 'cfg.json'));
      oneLine(
        await runAnalyzer(['--metadata', empty, '--db-url', store.url, '--json'], { cwd: dir, env }),
        /no activations of this run in .*whisk_local_activations/,
      );
    });
  });
});
