/**
 * Keeps the StartIndex equal to the database: loads it on open and updates it after every
 * write. All of PouchDB's writes (put, post, remove, attachments, `_bulk_docs`, the batcher)
 * go through the instance's `bulkDocs`, so wrapping that one method sees them all.
 */
import type { BulkDocsRow, Database, PouchDoc } from 'pouchdb-core';
import type { StartIndex } from './start-index.js';

const LOAD_PAGE = 10_000;

/** The text held in memory for a document, or undefined when documents are not held. */
export function heldJson(doc: PouchDoc, holdDocs: boolean): string | undefined {
  // Attachment stubs differ between reads and writes: such documents are always read from disk.
  return holdDocs && doc._attachments === undefined ? JSON.stringify(doc) : undefined;
}

/** One `allDocs` scan over the database, in pages, into an empty index. */
export async function loadIndex(db: Database, index: StartIndex, holdDocs: boolean): Promise<void> {
  let startkey: string | undefined;
  for (;;) {
    const page = await db.allDocs({
      include_docs: true,
      limit: LOAD_PAGE,
      ...(startkey === undefined ? {} : { startkey, skip: 1 }),
    });
    for (const row of page.rows) {
      if (row.doc) index.append(row.doc, heldJson(row.doc, holdDocs));
    }
    if (page.rows.length < LOAD_PAGE) break;
    startkey = page.rows[page.rows.length - 1]!.key;
  }
  index.sort();
}

type BulkDocsRequest = readonly PouchDoc[] | { docs: readonly PouchDoc[]; new_edits?: boolean };
type Callback = (err: unknown, rows?: BulkDocsRow[]) => void;

export function keepIndexInSync(db: Database, index: StartIndex, holdDocs: boolean): void {
  const original = db.bulkDocs.bind(db) as (req: BulkDocsRequest, opts: object) => Promise<BulkDocsRow[]>;
  const wrapped = (req: BulkDocsRequest, opts?: object | Callback, cb?: Callback): Promise<BulkDocsRow[]> => {
    if (typeof opts === 'function') {
      cb = opts as Callback;
      opts = {};
    }
    const options = opts ?? {};
    const docs = Array.isArray(req) ? (req as readonly PouchDoc[]) : (req as { docs: readonly PouchDoc[] }).docs;
    const newEdits = !(Array.isArray(req)
      ? (options as { new_edits?: boolean }).new_edits === false
      : (req as { new_edits?: boolean }).new_edits === false ||
        (options as { new_edits?: boolean }).new_edits === false);
    const done = original(req, options).then(async (rows) => {
      if (newEdits) applyWrites(docs, rows, index, holdDocs);
      else await reloadDocs(db, docs, index, holdDocs); // replication-style writes: read the winners
      return rows;
    });
    if (cb !== undefined) {
      const callback = cb;
      done.then(
        (rows) => callback(null, rows),
        (err: unknown) => callback(err),
      );
    }
    return done;
  };
  (db as { bulkDocs: unknown }).bulkDocs = wrapped;
}

function applyWrites(
  docs: readonly PouchDoc[],
  rows: readonly BulkDocsRow[],
  index: StartIndex,
  holdDocs: boolean,
): void {
  rows.forEach((row, i) => {
    const doc = docs[i];
    if (row.ok !== true || row.id === undefined || doc === undefined || row.id.startsWith('_local/')) return;
    if (doc._deleted === true) {
      index.remove(row.id);
      return;
    }
    if (doc._id === row.id && doc._rev === undefined && doc._attachments === undefined) {
      // The common case (a new document with its id): add `_rev` to the text, copy nothing.
      index.upsert(doc, holdDocs ? withRev(JSON.stringify(doc), row.rev!) : undefined);
      return;
    }
    const stored: PouchDoc = { ...doc, _id: row.id, _rev: row.rev };
    index.upsert(stored, heldJson(stored, holdDocs));
  });
}

/** `{"_id":"x",...}` + rev → `{"_id":"x",...,"_rev":"<rev>"}` (the object has members: its `_id`). */
function withRev(json: string, rev: string): string {
  return `${json.slice(0, -1)},"_rev":${JSON.stringify(rev)}}`;
}

async function reloadDocs(
  db: Database,
  docs: readonly PouchDoc[],
  index: StartIndex,
  holdDocs: boolean,
): Promise<void> {
  const ids = [...new Set(docs.map((d) => d._id).filter((id) => typeof id === 'string' && !id.startsWith('_local/')))];
  if (ids.length === 0) return;
  const res = await db.allDocs({ keys: ids, include_docs: true });
  for (const row of res.rows) {
    if (row.doc) index.upsert(row.doc, heldJson(row.doc, holdDocs));
    else index.remove(row.key);
  }
}
