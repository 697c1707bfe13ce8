/**
 * Answers `_find` range queries on `start` from the StartIndex: the page's documents come from
 * memory (when held) or one `allDocs` by keys, and the response is assembled from the stored
 * JSON text without re-serialising each document.
 */
import type { Database } from 'pouchdb-core';
import { loadDocs } from './doc-reader.js';
import { planFields, projectJsonText } from './json-project.js';
import { encodeKeyBookmark, matchesEquals, project, type BookmarkKey, type FastFindPlan } from './find-query.js';
import type { IndexEntry, StartIndex } from './start-index.js';

/** Candidates examined per round when equality conditions filter documents out. */
const SCAN_CHUNK = 2000;
/** Documents per written part of a response. */
const PART_DOCS = 2000;

/**
 * The response body in parts, to be written one after the other: a large page joined into one
 * string would pass V8's maximum string length (~512 M characters, ~700,000 whole activations).
 */
export async function runFastFind(plan: FastFindPlan, index: StartIndex, db: Database): Promise<string[]> {
  const t0 = performance.now();
  // [lo, hi) is the part of the index still to serve: within the selector's bounds, beyond the
  // bookmark (above it ascending, below it descending). Recomputed from keys after every await,
  // as writes may move entries meanwhile.
  const range = (after: BookmarkKey | undefined): [number, number] => {
    let lo = plan.from === undefined ? 0 : index.firstWithStart(plan.from.value, plan.from.inclusive);
    // The first entry beyond the upper bound (first start > v for $lte, ≥ v for $lt).
    let hi = plan.to === undefined ? index.size : index.firstWithStart(plan.to.value, !plan.to.inclusive);
    if (after !== undefined) {
      if (plan.descending) hi = Math.min(hi, index.lowerBound(after.start, after.id));
      else lo = Math.max(lo, index.firstAfter(after.start, after.id));
    }
    return [lo, hi];
  };
  /** Up to `n` entries of [lo, hi) in the requested order, from the first one not yet served. */
  const take = (lo: number, hi: number, n: number): IndexEntry[] =>
    plan.descending ? slice(index, Math.max(lo, hi - n), hi).reverse() : slice(index, lo, Math.min(hi, lo + n));
  let [lo, hi] = range(plan.after);

  const docs: string[] = [];
  let last: IndexEntry | undefined;
  let examined = 0;
  let toSkip = plan.skip;
  if (plan.equals.length === 0) {
    // Every entry in range matches: skip and limit are plain offsets.
    if (plan.descending) hi = Math.max(lo, hi - toSkip);
    else lo = Math.min(hi, lo + toSkip);
    const entries = take(lo, hi, plan.limit);
    const texts = await materialise(entries, db, plan);
    examined = entries.length;
    for (let i = 0; i < entries.length; i++) {
      const text = texts[i];
      if (text === undefined) continue; // deleted while we were reading
      docs.push(text);
      last = entries[i];
    }
  } else {
    while (lo < hi && docs.length < plan.limit) {
      const entries = take(lo, hi, SCAN_CHUNK);
      const parsed = await loadDocs(entries, db);
      examined += entries.length;
      for (let i = 0; i < entries.length && docs.length < plan.limit; i++) {
        const doc = parsed[i];
        if (doc === undefined || !matchesEquals(doc, plan.equals)) continue;
        if (toSkip > 0) {
          toSkip--;
          continue;
        }
        docs.push(JSON.stringify(plan.fields === undefined ? doc : project(doc, plan.fields)));
        last = entries[i];
      }
      const examinedLast = entries[entries.length - 1]!;
      [lo, hi] = range({ start: examinedLast.start, id: examinedLast.id });
    }
  }

  const bookmark =
    last !== undefined ? encodeKeyBookmark({ start: last.start, id: last.id }) : (plan.bookmarkText ?? 'nil');
  const parts = ['{"docs":['];
  for (let i = 0; i < docs.length; i += PART_DOCS) {
    parts.push(`${i === 0 ? '' : ','}${docs.slice(i, i + PART_DOCS).join(',')}`);
  }
  let tail = `],"bookmark":${JSON.stringify(bookmark)}`;
  if (plan.executionStats) {
    const stats = {
      total_keys_examined: examined,
      total_docs_examined: examined,
      total_quorum_docs_examined: 0,
      results_returned: docs.length,
      execution_time_ms: performance.now() - t0,
    };
    tail += `,"execution_stats":${JSON.stringify(stats)}`;
  }
  parts.push(`${tail}}`);
  return parts;
}

function slice(index: StartIndex, from: number, to: number): IndexEntry[] {
  const out: IndexEntry[] = new Array<IndexEntry>(Math.max(0, to - from));
  for (let i = from; i < to; i++) out[i - from] = index.at(i);
  return out;
}

/** The JSON text of each entry's document (projected if asked); undefined if it vanished. */
async function materialise(
  entries: IndexEntry[],
  db: Database,
  plan: FastFindPlan,
): Promise<Array<string | undefined>> {
  const fieldPlan = plan.fields === undefined ? undefined : planFields(plan.fields);
  if (entries.every((e) => e.json !== undefined)) {
    return fieldPlan === undefined
      ? entries.map((e) => e.json)
      : entries.map((e) => projectJsonText(e.json!, fieldPlan));
  }
  const docs = await loadDocs(entries, db);
  const fields = plan.fields;
  return docs.map((doc, i) => {
    if (doc === undefined) return undefined;
    if (fields !== undefined) return JSON.stringify(project(doc, fields));
    return entries[i]!.json ?? JSON.stringify(doc);
  });
}
