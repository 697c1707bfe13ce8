/**
 * Sharded runs end to end: the real invoker CLI as three shards at once (`--shard K/3` with one
 * shared `--start-at`) against one real whisk-local on loopback, then the real analyzer over the
 * three run directories as one run.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readArchive } from '../../src/archive/index.js';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deployFunctions, startWhiskLocal, type WhiskLocal } from '../../src/platform/index.js';
import { ensureBuilt } from '../helpers/dist.js';
import { CLEAN_ANALYZER_ENV, runAnalyzer } from './analyzer-helpers.js';
import { isolatedEnv, readMetadata, readRecords, runInvoker, tempDir, writeConfig } from './invoker-helpers.js';

const N = 3;

let wl: WhiskLocal;
let dir: string;
let config: string;

before(async () => {
  await ensureBuilt('workload-invoker', 'workload-analyzer');
  wl = await startWhiskLocal({ apiPort: 0, dbPort: 0, dataDir: null });
  await deployFunctions({ apihost: wl.apihost, auth: wl.auth }, ['noop-nodejs']);
  dir = tempDir('shards');
  config = writeConfig(
    dir,
    { test_name: 'sharded', test_duration_in_seconds: 2, random_seed: 11, endpoint: 'openwhisk' },
    {
      uniform: { application: 'noop-nodejs', distribution: 'Uniform', rate: 12, activity_window: null },
      poisson: { application: 'noop-nodejs', distribution: 'Poisson', rate: 9, activity_window: [0.5, 2] },
      list: { application: 'noop-nodejs', interarrivals_list: [0.1, 0.3, 0.05, 0.2, 0.4] },
      single: { application: 'noop-nodejs', interarrivals_list: [1.5] },
    },
  );
});
after(() => wl.stop());

/** The real analyzer on the REST API of the test's whisk-local. */
function analyse(...args: string[]) {
  return runAnalyzer(
    ['--source', 'api', '--apihost', wl.apihost, '--auth', wl.auth, '--logs-dir', join(dir, 'wa'), ...args],
    {
      cwd: dir,
      env: CLEAN_ANALYZER_ENV,
    },
  );
}

function csvRows(path: string): string[] {
  return readFileSync(path, 'utf8').trim().split('\n').slice(1);
}

test('the union of the shards’ exported schedules is the unsharded schedule, row for row (trace replay included)', async () => {
  const env = isolatedEnv(dir);
  const fixtures = fileURLToPath(new URL('../fixtures/azure2019/', import.meta.url));
  const mixed = JSON.parse(readFileSync(config, 'utf8'));
  mixed.instances.replay = {
    application: 'azure',
    azure: {
      trace: {
        invocations: join(fixtures, 'invocations_per_function_md.anon.d01.csv'),
        durations: join(fixtures, 'function_durations_percentiles.anon.d01.csv'),
        memory: join(fixtures, 'app_memory_percentiles.anon.d01.csv'),
        minutes: [600, 602],
        functions: 3,
        iat: 'uniform',
        minute_s: 0.5,
      },
    },
  };
  const mixedConfig = join(dir, 'mixed-with-trace.json');
  writeFileSync(mixedConfig, JSON.stringify(mixed));
  const whole = await runInvoker(
    ['-c', mixedConfig, '--dry-run', '--schedule-out', join(dir, 'mixed-all.csv')],
    env,
    dir,
  );
  assert.equal(whole.code, 0, whole.stderr);
  const union: string[] = [];
  for (let k = 0; k < N; k++) {
    const out = join(dir, `mixed-part-${k}.csv`);
    const r = await runInvoker(
      ['-c', mixedConfig, '--dry-run', '--shard', `${k}/${N}`, '--schedule-out', out],
      env,
      dir,
    );
    assert.equal(r.code, 0, r.stderr);
    union.push(...csvRows(out));
  }
  const all = csvRows(join(dir, 'mixed-all.csv'));
  assert.ok(all.length > 20);
  assert.ok(
    all.some((row) => /,[0-9a-f]{8,}$/.test(row)),
    'trace-replay rows (with their trace_function) are in the schedule',
  );
  assert.deepEqual(union.sort(), [...all].sort());
});

test('three shards at once with a shared start: the merged analysis counts every accepted invocation once', async () => {
  const env = isolatedEnv(dir);
  // Room for three Node processes to start on a busy 2-core machine before the shared instant.
  const startAt = new Date(Date.now() + 8000).toISOString();
  const runs = await Promise.all(
    Array.from({ length: N }, (_, k) =>
      runInvoker(
        [
          ...['-c', config, '--shard', `${k}/${N}`, '--start-at', startAt, '--out-dir', join(dir, `shard-${k}`)],
          ...['--apihost', wl.apihost, '--auth', wl.auth, '--no-progress'],
          // Counts are under test here, not timing: a busy machine's late shard still exits 0.
          '--allow-late',
        ],
        env,
        dir,
      ),
    ),
  );
  const shardDirs = runs.map((r, k) => {
    assert.equal(r.code, 0, r.stderr);
    return join(dir, `shard-${k}`);
  });
  const startMs = Date.parse(startAt);
  let accepted = 0;
  for (const [k, d] of shardDirs.entries()) {
    const { json } = readMetadata(d);
    assert.equal(json.start_ms, startMs, 'the shared instant is every shard’s zero');
    assert.deepEqual(
      { index: json.shard?.index, count: json.shard?.count, start_ms: json.shard?.start_ms },
      { index: k, count: N, start_ms: startMs },
    );
    assert.ok(json.shard?.host && json.shard.clock_source);
    for (const r of readRecords(d)) {
      assert.ok(r.scheduled_ms >= startMs);
      if (r.outcome === 'ok' && r.activation_id !== null) {
        accepted++;
        await wl.recorded(r.activation_id);
      }
    }
  }
  const analysed = await analyse('--json', '-a', '--archive-dir', join(dir, 'archive'), ...shardDirs);
  assert.equal(analysed.code, 0, analysed.stderr);
  const summary = JSON.parse(analysed.stdout) as {
    records: number;
    invocations: { scheduled: number; sent: number; accepted: number; recorded: number; missing: number };
    shards: { index: number; scheduled: number; sent: number; errors: number }[];
  };
  const dry = await runInvoker(['-c', config, '--dry-run'], isolatedEnv(dir), dir);
  const whole = (JSON.parse(dry.stdout) as { total: number }).total;
  assert.equal(summary.invocations.scheduled, whole);
  assert.equal(summary.invocations.accepted, accepted);
  assert.equal(summary.records, accepted, 'each accepted invocation is one activation, none counted twice');
  assert.equal(summary.invocations.missing, 0);
  assert.deepEqual(
    summary.shards.map((s) => s.index),
    [0, 1, 2],
  );
  assert.equal(
    summary.shards.reduce((n, s) => n + s.scheduled, 0),
    whole,
  );

  const [archiveFile] = readdirSync(join(dir, 'archive'));
  const archive = await readArchive(join(dir, 'archive', archiveFile!));
  assert.equal(archive.activations.length, accepted, 'one archive holding every shard’s activations once');
  assert.deepEqual(archive.shards, summary.shards);
  assert.equal(archive.metadata?.invocations, whole);

  // A shard of another run (another start instant) is refused with one line, exit 2.
  const foreign = join(dir, 'foreign');
  cpSync(shardDirs[2]!, foreign, { recursive: true });
  const meta = JSON.parse(readFileSync(join(foreign, 'test_metadata.json'), 'utf8'));
  const otherStart = meta.start_ms + 1000;
  writeFileSync(join(foreign, 'test_metadata.json'), JSON.stringify({ ...meta, start_ms: otherStart }));
  const out = readFileSync(join(foreign, 'test_metadata.out'), 'utf8').split('\n');
  writeFileSync(join(foreign, 'test_metadata.out'), [otherStart, ...out.slice(1)].join('\n'));
  const refused = await analyse(shardDirs[0]!, foreign);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr.trim(), /^error: .*foreign is not a shard of the same run as .*: start instant/);
  assert.equal(refused.stderr.trim().split('\n').length, 1);
});
