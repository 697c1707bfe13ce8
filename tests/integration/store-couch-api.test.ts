/**
 * The activation store as the workload-analyzer sees it: real HTTP on loopback, the real `nano`
 * client, CouchDB's status codes and bodies.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import nano, { type DocumentScope, type MangoResponse } from 'nano';
import { startActivationStore, type ActivationStore, type StoredActivation } from '../../src/platform/store/index.js';
import { syntheticActivation } from '../../src/platform/store/synthetic.js';

const DOCS = 12_000;
const T0 = 1_700_000_000_000;

function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString().replace(/\/$/, '');
}

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

describe('activation store over CouchDB HTTP', () => {
  let store: ActivationStore;
  let db: DocumentScope<StoredActivation>;
  let couchUrl: string;

  before(async () => {
    store = await startActivationStore({ port: 0, dataDir: null });
    // Written out of start order, as concurrent containers finish: the index must sort them.
    for (let i = DOCS - 1; i >= 0; i--) store.put(syntheticActivation(i, { t0: T0, actions: ['hello', 'demo/echo'] }));
    await store.flush();
    couchUrl = withCredentials(store.url, store.user, 'some_passw0rd');
    db = nano(couchUrl).use<StoredActivation>(store.dbName);
  });
  after(() => store.close());

  test("a wrong password gets CouchDB's 401 body", async () => {
    const bad = nano(withCredentials(store.url, store.user, 'wrong')).use(store.dbName);
    await assert.rejects(bad.info(), (err: { statusCode?: number; error?: string; reason?: string }) => {
      assert.equal(err.statusCode, 401);
      assert.equal(err.error, 'unauthorized');
      assert.equal(err.reason, 'Name or password is incorrect.');
      return true;
    });
  });

  test('requests without credentials get 401 on every route', async () => {
    for (const path of ['/', '/_all_dbs', `/${store.dbName}`, `/${store.dbName}/_all_docs`]) {
      const res = await fetch(`${store.url}${path}`);
      assert.equal(res.status, 401, path);
      const body = (await res.json()) as { error: string; reason: string };
      assert.equal(body.error, 'unauthorized');
      assert.equal(body.reason, 'You are not authorized to access this db.');
    }
    const post = await fetch(`${store.url}/${store.dbName}/_find`, { method: 'POST', body: '{"selector":{}}' });
    assert.equal(post.status, 401);
  });

  test("a missing database is a 404 with CouchDB's reason", async () => {
    await assert.rejects(
      nano(couchUrl).use('no_such_db').info(),
      (err: { statusCode?: number; error?: string; reason?: string }) => {
        assert.equal(err.statusCode, 404);
        assert.equal(err.error, 'not_found');
        assert.equal(err.reason, 'Database does not exist.');
        return true;
      },
    );
    const res = await fetch(`${store.url}/no_such_db/_find`, {
      method: 'POST',
      headers: { authorization: basic('whisk_admin', 'some_passw0rd'), 'content-type': 'application/json' },
      body: '{"selector":{"start":{"$gte":0}}}',
    });
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { error: 'not_found', reason: 'Database does not exist.' });
    const index = await fetch(`${store.url}/_nope/_index`, {
      headers: { authorization: basic('whisk_admin', 'some_passw0rd') },
    });
    assert.equal(index.status, 404);
    assert.deepEqual(await nano(couchUrl).db.list(), [store.dbName]); // nothing was created on the way
  });

  test('root, _all_dbs and db info answer like CouchDB', async () => {
    const server = nano(couchUrl);
    const root = (await server.request({ path: '' })) as { couchdb?: string };
    assert.equal(root.couchdb, 'Welcome');
    assert.deepEqual(await server.db.list(), [store.dbName]);
    const info = await db.info();
    assert.equal(info.db_name, store.dbName);
    assert.equal(info.doc_count, DOCS);
  });

  test('_find pages every document exactly once in start order with bookmarks', async () => {
    const since = T0 + 1000;
    const seen: number[] = [];
    let bookmark: string | undefined;
    let pages = 0;
    for (;;) {
      const page: MangoResponse<StoredActivation> = await db.find({
        selector: { start: { $gte: since } },
        sort: [{ start: 'asc' }],
        limit: 5000,
        ...(bookmark ? { bookmark } : {}),
      });
      pages++;
      for (const d of page.docs) seen.push(d.start);
      assert.equal(typeof page.bookmark, 'string');
      bookmark = page.bookmark;
      if (page.docs.length < 5000) break;
    }
    assert.equal(pages, 3);
    assert.equal(seen.length, DOCS - 1000);
    for (const [k, start] of seen.entries()) assert.equal(start, since + k);
  });

  test("_find defaults to CouchDB's limit of 25 and honours $lt, skip, fields and equality", async () => {
    const first = await db.find({ selector: { start: { $gte: T0 } } });
    assert.equal(first.docs.length, 25);
    const ranged = await db.find({
      selector: { start: { $gte: T0 + 10, $lt: T0 + 30 }, name: 'echo' },
      skip: 2,
      limit: 100,
      fields: ['_id', 'start'],
    });
    const expected = [];
    for (let i = 10; i < 30; i++) if (i % 2 === 1) expected.push(T0 + i);
    assert.deepEqual(
      ranged.docs.map((d) => d.start),
      expected.slice(2),
    );
    assert.deepEqual(Object.keys(ranged.docs[0]!).sort(), ['_id', 'start']);
  });

  test('equality conditions filter across many scanned chunks and page with bookmarks', async () => {
    const seen: number[] = [];
    let bookmark: string | undefined;
    for (;;) {
      const page = await db.find({
        selector: { start: { $gte: T0, $lt: T0 + DOCS }, name: 'echo' },
        limit: 2500,
        ...(bookmark ? { bookmark } : {}),
      });
      seen.push(...page.docs.map((d) => d.start - T0));
      bookmark = page.bookmark;
      if (page.docs.length < 2500) break;
    }
    assert.equal(seen.length, DOCS / 2);
    for (const [k, offset] of seen.entries()) assert.equal(offset, 2 * k + 1);
  });

  test('descending start order pages newest first, with and without equality conditions', async () => {
    const seen: number[] = [];
    let bookmark: string | undefined;
    for (;;) {
      const page = await db.find({
        selector: { start: { $lte: T0 + 9999 } },
        sort: [{ start: 'desc' }],
        limit: 4000,
        skip: 0,
        ...(bookmark ? { bookmark } : {}),
      });
      seen.push(...page.docs.map((d) => d.start - T0));
      bookmark = page.bookmark;
      if (page.docs.length < 4000) break;
    }
    assert.equal(seen.length, 10_000);
    for (const [k, offset] of seen.entries()) assert.equal(offset, 9999 - k);
    const echoes = await db.find({
      selector: { start: { $gte: T0 + 100, $lt: T0 + 120 }, name: 'echo' },
      sort: [{ start: 'desc' }],
      skip: 1,
      limit: 3,
    });
    assert.deepEqual(
      echoes.docs.map((d) => d.start - T0),
      [117, 115, 113],
    );
    const next = await db.find({
      selector: { start: { $gte: T0 + 100, $lt: T0 + 120 }, name: 'echo' },
      sort: [{ start: 'desc' }],
      limit: 100,
      bookmark: echoes.bookmark,
    });
    assert.deepEqual(
      next.docs.map((d) => d.start - T0),
      [111, 109, 107, 105, 103, 101],
    );
  });

  test('a bookmark keeps working when later documents arrive', async () => {
    const page1 = await db.find({ selector: { start: { $gte: T0 + DOCS - 10 } }, limit: 10 });
    assert.equal(page1.docs.length, 10);
    const page2 = await db.find({ selector: { start: { $gte: T0 + DOCS - 10 } }, limit: 10, bookmark: page1.bookmark });
    assert.equal(page2.docs.length, 0);
    assert.equal(page2.bookmark, page1.bookmark); // echoed back on an empty page
    for (let i = DOCS; i < DOCS + 3; i++) store.put(syntheticActivation(i, { t0: T0 }));
    await store.flush();
    const page3 = await db.find({ selector: { start: { $gte: T0 + DOCS - 10 } }, limit: 10, bookmark: page1.bookmark });
    assert.deepEqual(
      page3.docs.map((d) => d.start),
      [T0 + DOCS, T0 + DOCS + 1, T0 + DOCS + 2],
    );
  });

  test('an invalid bookmark is a 400 invalid_bookmark', async () => {
    await assert.rejects(
      db.find({ selector: { start: { $gte: 0 } }, bookmark: 'not-a-bookmark' }),
      (err: { statusCode?: number; error?: string }) => {
        assert.equal(err.statusCode, 400);
        assert.equal(err.error, 'invalid_bookmark');
        return true;
      },
    );
  });

  test('other selectors fall back to pouchdb-find with a warning and still page', async () => {
    const q = { selector: { name: 'echo', start: { $lt: T0 + 40 } }, limit: 10 };
    // `$lt` alone is still the fast path; `$or` is not.
    const other = { selector: { $or: [{ name: 'echo' }, { name: 'nothing' }], start: { $lt: T0 + 40 } }, limit: 10 };
    const fast = await db.find(q);
    assert.equal((fast as { warning?: string }).warning, undefined);
    const p1 = await db.find(other);
    assert.match((p1 as { warning?: string }).warning ?? '', /index/i);
    const p2 = await db.find({ ...other, bookmark: p1.bookmark });
    const ids = [...p1.docs, ...p2.docs].map((d) => d._id);
    assert.equal(new Set(ids).size, 20);
    assert.ok([...p1.docs, ...p2.docs].every((d) => d.name === 'echo' && d.start < T0 + 40));
  });

  test('_index creates once, then reports exists, and is listed', async () => {
    const created = await db.createIndex({ index: { fields: ['start'] }, name: 'start-idx', type: 'json' });
    assert.equal(created.result, 'created');
    assert.match(created.id, /^_design\//);
    assert.equal(created.name, 'start-idx');
    const again = await db.createIndex({ index: { fields: ['start'] }, name: 'start-idx', type: 'json' });
    assert.equal(again.result, 'exists');
    const res = await fetch(`${store.url}/${store.dbName}/_index`, {
      headers: { authorization: basic('whisk_admin', 'some_passw0rd') },
    });
    const listed = (await res.json()) as { indexes: Array<{ name: string }> };
    assert.ok(listed.indexes.some((i) => i.name === 'start-idx'));
    // The design document does not disturb range answers.
    const page = await db.find({ selector: { start: { $gte: T0 } }, limit: 3 });
    assert.deepEqual(
      page.docs.map((d) => d.start),
      [T0, T0 + 1, T0 + 2],
    );
  });

  test('_all_docs by keys and by range, and documents by %2F-encoded id', async () => {
    const a = syntheticActivation(5, { t0: T0 });
    const b = syntheticActivation(6, { t0: T0 });
    const byKeys = await db.fetch({ keys: [a._id, 'guest/missing', b._id] });
    assert.equal(byKeys.rows.length, 3);
    assert.equal((byKeys.rows[0] as { doc?: StoredActivation }).doc?.start, a.start);
    assert.equal((byKeys.rows[1] as { error?: string }).error, 'not_found');
    const range = await db.list({ startkey: 'guest/', endkey: 'guest/\uffff', include_docs: true, limit: 7 });
    assert.equal(range.rows.length, 7);
    const doc = await db.get(a._id); // nano encodes the slash as %2F
    assert.equal(doc.activationId, a.activationId);
    const res = await fetch(`${store.url}/${store.dbName}/guest%2F${a.activationId}`, {
      headers: { authorization: basic('whisk_admin', 'some_passw0rd') },
    });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as StoredActivation).start, a.start);
  });

  test('documents written through _bulk_docs and PUT are found, deleted ones are not', async () => {
    const extra = [0, 1, 2].map((k) => syntheticActivation(50_000 + k, { t0: T0 - 100 - 50_000 })); // starts T0-100...
    const res = await db.bulk({ docs: extra });
    assert.ok(res.every((r) => r.error === undefined && typeof r.rev === 'string'));
    const page = await db.find({ selector: { start: { $lt: T0 } }, limit: 10 });
    assert.deepEqual(
      page.docs.map((d) => d._id),
      extra.map((d) => d._id),
    );
    await db.destroy(extra[1]!._id, res[1]!.rev!);
    const updated = { ...extra[2]!, _rev: res[2]!.rev, start: T0 - 20_000 };
    await db.insert(updated);
    const after = await db.find({ selector: { start: { $lt: T0 } }, limit: 10 });
    assert.deepEqual(
      after.docs.map((d) => d.start),
      [T0 - 20_000, T0 - 100],
    );
  });

  test('deleting the activations database is refused', async () => {
    await assert.rejects(
      nano(couchUrl).db.destroy(store.dbName),
      (err: { statusCode?: number }) => err.statusCode === 403,
    );
    assert.equal((await db.info()).db_name, store.dbName);
  });
});
