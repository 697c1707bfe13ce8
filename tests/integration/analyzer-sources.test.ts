/**
 * workload-analyzer's other ways to the activations: the OpenWhisk REST API of a real whisk-local,
 * and an embedded run's stopped store reopened from its data dir.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startWhiskLocal } from '../../src/platform/index.js';
import type { InvocationRecord } from '../../src/contracts/index.js';
import { startActivationStore } from '../../src/platform/store/index.js';
import { syntheticActivation } from '../../src/platform/store/synthetic.js';
import { CLEAN_ANALYZER_ENV, PASSWORD, runAnalyzer, tempDir, writeMetadata } from './analyzer-helpers.js';

const T0 = 1_690_000_000_000;
const CLEAN_ENV = CLEAN_ANALYZER_ENV;

function config(dir: string): void {
  writeFileSync(
    join(dir, 'cfg.json'),
    JSON.stringify({
      test_name: 'src',
      test_duration_in_seconds: 5,
      instances: { a: { application: 'hello', distribution: 'Uniform', rate: 100 } },
    }),
  );
}

test('--source api pages the REST API (limit 200), fetches by id what the window misses, and gives the same statistics as CouchDB', async (t) => {
  const wl = await startWhiskLocal({ apiPort: 0, dbPort: 0, dataDir: null, dbPassword: PASSWORD });
  t.after(() => wl.stop());
  const n = 450; // three API pages
  for (let i = 0; i < n; i++)
    wl.store.put(syntheticActivation(i, { t0: T0, spacingMs: 7, actions: ['hello', 'pkg/world'] }));
  wl.store.put(syntheticActivation(n, { t0: T0 + 3_600_000 })); // a later run: outside the window
  // Activations of the run that the time query cannot see (they started before the test start).
  const early = Array.from({ length: 5 }, (_, k) => syntheticActivation(10_000 + k, { t0: T0 - 100_000 }));
  for (const d of early) wl.store.put(d);
  await wl.store.flush();
  const dir = tempDir('api');
  config(dir);
  const ids = [
    ...Array.from({ length: n }, (_, i) => syntheticActivation(i, { t0: T0, spacingMs: 7 }).activationId),
    ...early.map((d) => d.activationId),
    'ffffffffffffffffffffffffffffffff',
  ];
  const records: InvocationRecord[] = ids.map((id, seq) => ({
    seq,
    instance: 'a',
    application: 'hello',
    scheduled_ms: T0 + seq,
    sent_ms: T0 + seq + 1,
    done_ms: T0 + seq + 9,
    lag_ms: 1,
    status: 202,
    outcome: 'ok',
    activation_id: id,
    error: null,
  }));
  writeFileSync(join(dir, 'records.ndjson'), records.map((r) => JSON.stringify(r)).join('\n'));
  const meta = writeMetadata(dir, T0, 'cfg.json', records.length, {
    test_name: 'src',
    end_ms: T0 + 5000,
    duration_s: 5,
    records_path: 'records.ndjson',
  });
  const api = await runAnalyzer(
    ['--metadata', meta, '--source', 'api', '--apihost', wl.apihost, '--auth', wl.auth, '--json', '--grace-s', '10'],
    { cwd: dir, env: CLEAN_ENV },
  );
  assert.equal(api.code, 0, api.stderr);
  const couch = await runAnalyzer(['--metadata', meta, '--db-url', wl.dbUrl, '--json', '--grace-s', '10'], {
    cwd: dir,
    env: { ...CLEAN_ENV, COUCHDB_PASSWORD: PASSWORD },
  });
  assert.equal(couch.code, 0, couch.stderr);
  const a = JSON.parse(api.stdout) as {
    records: number;
    invocations: { scheduled: number; recorded: number; missing: number };
  };
  assert.equal(a.records, n + early.length, 'the time window plus the activations fetched by id');
  assert.deepEqual(
    [a.invocations.scheduled, a.invocations.recorded, a.invocations.missing],
    [records.length, n + early.length, 1],
  );
  assert.deepEqual(a, JSON.parse(couch.stdout));
  const key = new RegExp(wl.auth.split(':')[1]!);
  assert.doesNotMatch(api.stderr + api.stdout, key);
  assert.doesNotMatch(readFileSync(join(dir, 'logs', 'WA.log'), 'utf8'), key, 'the auth key is not logged');

  const denied = await runAnalyzer(
    ['--metadata', meta, '--source', 'api', '--apihost', wl.apihost, '--auth', 'nobody:wrong', '--json'],
    { cwd: dir, env: CLEAN_ENV },
  );
  assert.notEqual(denied.code, 0);
  assert.match(
    denied.stderr.trim(),
    /^error: the OpenWhisk API at http:\/\/127\.0\.0\.1:\d+ refused the auth key \(HTTP 401\)/,
  );
  assert.doesNotMatch(denied.stderr, /wrong/);
});

test('an embedded run whose store has stopped is reopened from its data dir, with the stored credentials', async () => {
  const dataDir = tempDir('embedded-data');
  const store = await startActivationStore({ port: 0, dataDir });
  const n = 120;
  for (let i = 0; i < n; i++) store.put(syntheticActivation(i, { t0: T0 }));
  await store.flush();
  const deadUrl = store.url;
  await store.close();
  const dir = tempDir('embedded');
  config(dir);
  const meta = writeMetadata(dir, T0, join(dir, 'cfg.json'), n, {
    test_name: 'embedded',
    end_ms: T0 + 5000,
    duration_s: 5,
    endpoint: 'embedded',
    records_path: 'none.ndjson',
    activation_store: {
      url: deadUrl,
      db_name: 'whisk_local_activations',
      user: 'whisk_admin',
      embedded_data_dir: dataDir,
    },
  });
  const r = await runAnalyzer(['--metadata', meta, '--json'], { cwd: dir, env: CLEAN_ENV });
  assert.equal(r.code, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { records: number }).records, n);
  assert.ok(r.stderr.includes(`reading activations from the embedded store in ${dataDir}`), r.stderr);
  assert.doesNotMatch(
    r.stderr,
    /warning:.*(store|reopen)/,
    'reopening a stopped embedded store is the normal path, not a warning',
  );
  assert.doesNotMatch(r.stderr, new RegExp(PASSWORD));
});
