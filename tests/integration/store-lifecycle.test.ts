/**
 * The store's in-process API (put/flush/get/list/close) and its on-disk life: settings file,
 * persistence across close and reopen.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nano from 'nano';
import { UserError } from '../../src/errors.js';
import { readStoreSettings, startActivationStore, type ActivationStore } from '../../src/platform/store/index.js';
import { syntheticActivation } from '../../src/platform/store/synthetic.js';

const T0 = 1_700_000_000_000;

describe('get and list', () => {
  let store: ActivationStore;
  after(() => store?.close());

  test('see queued documents before they are written and after', async () => {
    store = await startActivationStore({ port: 0, dataDir: null, batchSize: 50 });
    const actions = ['hello', 'tools/echo', 'other'];
    for (let i = 0; i < 300; i++) store.put(syntheticActivation(i, { t0: T0, actions }));
    store.put(syntheticActivation(1000, { t0: T0, namespace: 'alice' }));

    // Nothing awaited yet: every document is still queued, and visible.
    const queued = await store.get('guest', syntheticActivation(7, { t0: T0 }).activationId);
    assert.equal(queued?.start, T0 + 7);
    const firstPage = await store.list({ namespace: 'guest', skip: 0, limit: 3 });
    assert.deepEqual(
      firstPage.map((d) => d.start),
      [T0 + 299, T0 + 298, T0 + 297],
    );

    await store.flush();
    assert.equal((await store.get('guest', syntheticActivation(7, { t0: T0 }).activationId))?.start, T0 + 7);
    assert.equal(await store.get('guest', 'f'.repeat(32)), null);
    assert.equal(await store.get('alice', syntheticActivation(7, { t0: T0 }).activationId), null);

    // Newest first, since/upto inclusive (T0+40 is an echo), name matches the action or pkg/action, then skip/limit.
    const byName = await store.list({
      namespace: 'guest',
      name: 'tools/echo',
      since: T0 + 10,
      upto: T0 + 40,
      skip: 1,
      limit: 4,
    });
    assert.deepEqual(
      byName.map((d) => d.start),
      [T0 + 37, T0 + 34, T0 + 31, T0 + 28],
    );
    const byBareName = await store.list({ namespace: 'guest', name: 'echo', upto: T0 + 10, skip: 0, limit: 100 });
    assert.deepEqual(
      byBareName.map((d) => d.start),
      [T0 + 10, T0 + 7, T0 + 4, T0 + 1],
    );
    const alice = await store.list({ namespace: 'alice', skip: 0, limit: 10 });
    assert.deepEqual(
      alice.map((d) => d.namespace),
      ['alice'],
    );
    const beyond = await store.list({ namespace: 'guest', skip: 299, limit: 10 });
    assert.deepEqual(
      beyond.map((d) => d.start),
      [T0],
    );

    // Mixed: some written, some queued, one queued doc newer than every written one.
    store.put(syntheticActivation(5000, { t0: T0 }));
    const mixed = await store.list({ namespace: 'guest', skip: 0, limit: 2 });
    assert.deepEqual(
      mixed.map((d) => d.start),
      [T0 + 5000, T0 + 299],
    );
  });
});

test('a busy port is a one-line UserError', async () => {
  const first = await startActivationStore({ port: 0, dataDir: null });
  try {
    const port = Number(new URL(first.url).port);
    await assert.rejects(
      startActivationStore({ port, dataDir: null }),
      (err: unknown) =>
        err instanceof UserError && /cannot listen on 127\.0\.0\.1:\d+ \(.*EADDRINUSE/.test(err.message),
    );
  } finally {
    await first.close();
  }
});

describe('on disk', () => {
  let dir: string;
  after(() => rm(dir, { recursive: true, force: true }));

  test('nothing acknowledged is lost across close and reopen; settings are written 0600', async () => {
    dir = await mkdtemp(join(tmpdir(), 'store-lifecycle-'));
    const n = 1500;
    const first = await startActivationStore({ port: 0, dataDir: dir, password: 'other_passw0rd' });
    for (let i = 0; i < n; i++) first.put(syntheticActivation(i, { t0: T0 }));
    await first.close(); // no explicit flush: close must write the queue

    const settings = await readStoreSettings(dir);
    assert.deepEqual(settings, { dbName: 'whisk_local_activations', user: 'whisk_admin', password: 'other_passw0rd' });
    assert.equal((await stat(join(dir, 'store.json'))).mode & 0o777, 0o600);

    // Reopened without credentials: the data dir's settings apply.
    const second = await startActivationStore({ port: 0, dataDir: dir });
    try {
      const couch = nano(second.url.replace('http://', `http://${settings.user}:${settings.password}@`));
      const db = couch.use(settings.dbName);
      assert.equal((await db.info()).doc_count, n);
      const page = await db.find({ selector: { start: { $gte: T0 } }, limit: n + 10 });
      assert.equal(page.docs.length, n);
      assert.equal((await second.list({ namespace: 'guest', skip: 0, limit: 1 }))[0]?.start, T0 + n - 1);
      await assert.rejects(
        startActivationStore({ port: 0, dataDir: dir }),
        (err: unknown) => err instanceof UserError && /already open in this process/.test(err.message),
      );
    } finally {
      await second.close();
    }
  });

  test('readStoreSettings names the file when there is no store', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'store-empty-'));
    try {
      await assert.rejects(
        readStoreSettings(empty),
        (err: unknown) => err instanceof UserError && err.message.includes(join(empty, 'store.json')),
      );
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
