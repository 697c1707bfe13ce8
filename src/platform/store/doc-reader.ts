import type { Database, PouchDoc } from 'pouchdb-core';
import type { IndexEntry } from './start-index.js';

/**
 * The documents of index entries, in order: parsed from memory when held, the rest read with
 * one `allDocs` by keys. Undefined for a document deleted meanwhile.
 */
export async function loadDocs(entries: readonly IndexEntry[], db: Database): Promise<Array<PouchDoc | undefined>> {
  const out = new Array<PouchDoc | undefined>(entries.length);
  const missing: number[] = [];
  entries.forEach((e, i) => {
    if (e.json !== undefined) out[i] = JSON.parse(e.json) as PouchDoc;
    else missing.push(i);
  });
  if (missing.length > 0) {
    const res = await db.allDocs({ keys: missing.map((i) => entries[i]!.id), include_docs: true });
    res.rows.forEach((row, k) => {
      out[missing[k]!] = row.doc ?? undefined;
    });
  }
  return out;
}
