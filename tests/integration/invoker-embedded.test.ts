import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startWhiskLocal } from '../../src/platform/index.js';
import {
  isolatedEnv,
  readMetadata,
  readRecords,
  runInvoker,
  seqsExactlyOnce,
  spawnInvoker,
  tempDir,
  writeConfig,
} from './invoker-helpers.js';
import { runAnalyzer } from './analyzer-helpers.js';

test('embedded endpoint: starts whisk-local, deploys the named functions, invokes, and every activation is in the store afterwards', async () => {
  const dir = tempDir('inv-emb');
  const config = writeConfig(
    dir,
    { endpoint: 'embedded', test_duration_in_seconds: 1 },
    {
      a: { application: 'noop-nodejs', distribution: 'Uniform', rate: 15, activity_window: null },
      b: { application: 'echo-native', interarrivals_list: [0.2, 0.2] },
    },
  );
  const logs = join(dir, 'logs');
  const r = await runInvoker(['-c', config, '--out-dir', logs], isolatedEnv(dir), dir);
  assert.equal(r.code, 0, r.stderr);
  const meta = readMetadata(logs).json;
  assert.equal(meta.endpoint, 'embedded');
  assert.match(meta.api_host ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.deepEqual(
    { ...meta.activation_store, url: undefined },
    {
      url: undefined,
      db_name: 'whisk_local_activations',
      user: 'whisk_admin',
      embedded_data_dir: join(logs, 'whisk-local'),
    },
  );
  const records = readRecords(logs);
  assert.ok(seqsExactlyOnce(records, 17));
  assert.ok(
    records.every((x) => x.outcome === 'ok' && x.status === 202 && x.activation_id !== null),
    JSON.stringify(records.find((x) => x.outcome !== 'ok')),
  );

  // The store survives the run: reopen it from the data dir, as the analyzer does.
  const platform = await startWhiskLocal({ apiPort: 0, dbPort: 0, dataDir: meta.activation_store!.embedded_data_dir });
  try {
    for (const x of records) {
      const doc = await platform.store.get(platform.namespace, x.activation_id!);
      assert.ok(doc !== null, `activation ${x.activation_id} of seq ${x.seq} is stored`);
      assert.equal(doc.name, x.application);
      assert.ok(doc.start >= x.sent_ms! - 5, 'the activation started after the invocation was sent');
    }
  } finally {
    await platform.stop();
  }
});

test('embedded endpoint: an application functions/ does not have is one clear error before anything runs', async () => {
  const dir = tempDir('inv-emb-unknown');
  const config = writeConfig(
    dir,
    { endpoint: 'embedded' },
    { a: { application: 'no-such-function', interarrivals_list: [0.1] } },
  );
  const r = await runInvoker(['-c', config, '--out-dir', join(dir, 'logs')], isolatedEnv(dir), dir);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /no-such-function/);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
});

test('a run killed with kill -9 keeps its metadata (unfinished) and records; the analyzer reads it with a warning', async () => {
  const dir = tempDir('inv-emb-kill');
  const config = writeConfig(
    dir,
    { endpoint: 'embedded', test_duration_in_seconds: 60 },
    { a: { application: 'noop-nodejs', distribution: 'Uniform', rate: 20, activity_window: null } },
  );
  const logs = join(dir, 'logs');
  const run = spawnInvoker(['-c', config, '--out-dir', logs, '--no-progress'], isolatedEnv(dir), dir);
  const recordsFile = join(logs, 'invocations.ndjson');
  const lines = (): number => (existsSync(recordsFile) ? readFileSync(recordsFile, 'utf8').split('\n').length - 1 : 0);
  while (lines() < 20 && run.child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
  run.child.kill('SIGKILL');
  const ended = await run.done;
  assert.equal(ended.signal, 'SIGKILL', ended.stderr);
  const meta = readMetadata(logs).json;
  assert.equal(meta.finished, false);
  assert.equal(meta.invocations, 1200);
  const kept = readRecords(logs).length;
  assert.ok(kept >= 20);

  const r = await runAnalyzer(['--logs-dir', logs, '--json'], { cwd: dir, env: isolatedEnv(dir) });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /warning: the run did not finish/);
  const summary = JSON.parse(r.stdout) as { records: number; invocations: { recorded: number } | null };
  assert.ok(summary.invocations !== null && summary.invocations.recorded >= kept, r.stdout.slice(0, 400));
  assert.ok(summary.records > 0, 'activations read from the reopened embedded store');
});
