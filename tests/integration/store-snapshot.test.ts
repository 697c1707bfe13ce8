/**
 * The start-index checkpoint: written at close, loaded and caught up on open, ignored when
 * unusable; and the store's answers are the same whichever way the index was built.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, truncate, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nano from 'nano';
import { startActivationStore, type StoredActivation } from '../../src/platform/store/index.js';
import { createStorePouch } from '../../src/platform/store/pouch.js';
import { keepIndexInSync } from '../../src/platform/store/index-sync.js';
import { SNAPSHOT_FILE, loadSnapshot, writeSnapshot } from '../../src/platform/store/snapshot.js';
import { StartIndex } from '../../src/platform/store/start-index.js';
import { syntheticActivation } from '../../src/platform/store/synthetic.js';

const T0 = 1_700_000_000_000;
const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'store-snapshot-'));
  dirs.push(d);
  return d;
}

function ids(index: StartIndex): string[] {
  const out: string[] = [];
  for (let i = 0; i < index.size; i++) out.push(index.at(i).id);
  return out;
}

test('a checkpoint plus the changes since it equals the database', async () => {
  const dir = await tempDir();
  const pouch = await createStorePouch(null);
  try {
    const db = new pouch.PouchDB('acts');
    const live = new StartIndex();
    keepIndexInSync(db, live, true);
    const docs = Array.from({ length: 300 }, (_, i) => syntheticActivation(i, { t0: T0 }));
    const written = await db.bulkDocs(docs);
    const file = join(dir, SNAPSHOT_FILE);
    assert.ok(await writeSnapshot(file, db, live));
    assert.equal((await stat(file)).mode & 0o777, 0o600);

    // Later writes: new documents, a deletion, an update that moves a document's start.
    await db.bulkDocs([syntheticActivation(300, { t0: T0 }), syntheticActivation(301, { t0: T0 })]);
    await db.bulkDocs([{ ...docs[5]!, _rev: written[5]!.rev, _deleted: true }]);
    await db.bulkDocs([{ ...docs[6]!, _rev: written[6]!.rev, start: T0 - 1 }]);

    const restored = new StartIndex();
    assert.ok(await loadSnapshot(file, db, restored));
    assert.deepEqual(ids(restored), ids(live));
    assert.equal(restored.size, 301);
    assert.equal(restored.at(0).id, docs[6]!._id);
    assert.equal(JSON.parse(restored.at(0).json!).start, T0 - 1);

    // A truncated checkpoint is not used.
    const full = (await readFile(file)).length;
    await truncate(file, full - 100);
    assert.equal(await loadSnapshot(file, db, new StartIndex()), false);
    // Nor one of another database.
    const other = new pouch.PouchDB('other');
    await other.bulkDocs([syntheticActivation(1)]);
    assert.ok(
      await writeSnapshot(
        file,
        other,
        (() => {
          const i = new StartIndex();
          i.upsert({ _id: 'x', start: 1 }, '{"_id":"x","start":1}');
          return i;
        })(),
      ),
    );
    assert.equal(await loadSnapshot(file, db, new StartIndex()), false);
    assert.equal(await loadSnapshot(join(dir, 'missing.ndjson'), db, new StartIndex()), false);
  } finally {
    await pouch.closeAll();
  }
});

test('reopening after writes the checkpoint has not seen gives the same _find answers', async () => {
  const dir = await tempDir();
  const a = await startActivationStore({ port: 0, dataDir: dir });
  for (let i = 0; i < 200; i++) a.put(syntheticActivation(i, { t0: T0 }));
  await a.close(); // writes the checkpoint
  const header = JSON.parse((await readFile(join(dir, SNAPSHOT_FILE), 'utf8')).split('\n')[0]!) as { count: number };
  assert.equal(header.count, 200);

  // A store that does not hold documents neither uses nor refreshes the checkpoint.
  const b = await startActivationStore({ port: 0, dataDir: dir, holdDocsInMemory: false });
  for (let i = 200; i < 250; i++) b.put(syntheticActivation(i, { t0: T0 }));
  await b.flush();
  const bdb = nano(b.url.replace('http://', 'http://whisk_admin:some_passw0rd@')).use<StoredActivation>(b.dbName);
  const victim = await bdb.get(syntheticActivation(10, { t0: T0 })._id);
  await bdb.destroy(victim._id, victim._rev!);
  await b.close();

  const c = await startActivationStore({ port: 0, dataDir: dir });
  try {
    const cdb = nano(c.url.replace('http://', 'http://whisk_admin:some_passw0rd@')).use<StoredActivation>(c.dbName);
    const page = await cdb.find({ selector: { start: { $gte: T0 } }, limit: 1000 });
    const starts = page.docs.map((d) => d.start - T0);
    assert.equal(starts.length, 249);
    assert.ok(!starts.includes(10));
    assert.deepEqual(starts.slice(-3), [247, 248, 249]);
  } finally {
    await c.close();
  }
});
