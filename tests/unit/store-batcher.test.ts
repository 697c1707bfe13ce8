import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BulkDocsRow } from 'pouchdb-core';
import { WriteBatcher } from '../../src/platform/store/batcher.js';

type Doc = { _id: string; n: number };

/** A write function that records batches and lets the test decide when each one completes. */
function controlledWriter() {
  const batches: Doc[][] = [];
  const pending: Array<{ resolve: (rows: BulkDocsRow[]) => void; reject: (err: Error) => void; docs: Doc[] }> = [];
  const write = (docs: Doc[]) =>
    new Promise<BulkDocsRow[]>((resolve, reject) => {
      batches.push(docs);
      pending.push({ resolve, reject, docs });
    });
  const completeNext = (rowsFor?: (d: Doc) => BulkDocsRow) => {
    const p = pending.shift()!;
    p.resolve(p.docs.map((d) => rowsFor?.(d) ?? { ok: true, id: d._id, rev: '1-x' }));
  };
  const waitForBatches = async (n: number) => {
    while (batches.length < n) await new Promise((r) => setImmediate(r));
  };
  return { batches, pending, write, completeNext, waitForBatches };
}

test('batches hold at most batchSize docs, keep queue order, and flush waits for all', async () => {
  const w = controlledWriter();
  const b = new WriteBatcher<Doc>(w.write, { batchSize: 3, delayMs: 1000 });
  for (let n = 0; n < 3; n++) b.put({ _id: `d${n}`, n }); // a full batch goes at once
  await w.waitForBatches(1);
  for (let n = 3; n < 8; n++) b.put({ _id: `d${n}`, n });
  let flushed = false;
  const f = b.flush().then(() => {
    flushed = true;
  });
  assert.equal(b.get('d5')?.n, 5);
  w.completeNext();
  await w.waitForBatches(2);
  assert.equal(flushed, false);
  w.completeNext();
  await w.waitForBatches(3);
  w.completeNext();
  await f;
  assert.ok(flushed);
  assert.deepEqual(
    w.batches.map((batch) => batch.map((d) => d.n)),
    [
      [0, 1, 2],
      [3, 4, 5],
      [6, 7],
    ],
  );
  assert.equal(b.get('d5'), undefined);
  assert.deepEqual([...b.unwrittenDocs()], []);
});

test('a lone document is written after the delay without a flush', async () => {
  const w = controlledWriter();
  const b = new WriteBatcher<Doc>(w.write, { delayMs: 1 });
  b.put({ _id: 'x', n: 1 });
  await w.waitForBatches(1);
  w.completeNext();
  await b.flush();
  assert.deepEqual(w.batches, [[{ _id: 'x', n: 1 }]]);
});

test('a failed batch rejects flush, stays queued and is retried by the next flush', async () => {
  const w = controlledWriter();
  const b = new WriteBatcher<Doc>(w.write, { delayMs: 1000 });
  b.put({ _id: 'a', n: 1 });
  const first = b.flush();
  await w.waitForBatches(1);
  w.pending.shift()!.reject(new Error('disk full'));
  await assert.rejects(first, /disk full/);
  assert.equal(b.get('a')?.n, 1);
  const second = b.flush();
  await w.waitForBatches(2);
  w.completeNext();
  await second;
  assert.equal(b.get('a'), undefined);
});

test('refused documents are reported and dropped', async () => {
  const w = controlledWriter();
  const refused: string[] = [];
  const b = new WriteBatcher<Doc>(w.write, {
    delayMs: 1000,
    onRejected: (id, row) => refused.push(`${id}:${String(row.error)}`),
  });
  b.put({ _id: 'ok', n: 1 });
  b.put({ _id: 'dup', n: 2 });
  const f = b.flush();
  await w.waitForBatches(1);
  w.completeNext((d) => (d._id === 'dup' ? { id: d._id, error: 'conflict', status: 409 } : { ok: true, id: d._id }));
  await f;
  assert.deepEqual(refused, ['dup:conflict']);
  assert.equal(b.get('dup'), undefined);
});
