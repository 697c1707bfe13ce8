/**
 * `list` for the platform's `GET /namespaces/{ns}/activations`: newest first, filtered by
 * namespace, name (`action` or `pkg/action`), since/upto (inclusive), then skip and limit,
 * over the written documents (StartIndex) and those still queued.
 */
import type { ActivationQuery, StoredActivation } from './types.js';
import { compareKeys, pathNameOf, type IndexEntry, type StartIndex } from './start-index.js';

interface Candidate {
  readonly start: number;
  readonly id: string;
  readonly queued?: StoredActivation;
  readonly entry?: IndexEntry;
}

export function matchesQuery(
  q: ActivationQuery,
  namespace: unknown,
  name: unknown,
  pathName: unknown,
  start: number,
): boolean {
  if (namespace !== q.namespace) return false;
  if (q.since !== undefined && start < q.since) return false;
  if (q.upto !== undefined && start > q.upto) return false;
  return q.name === undefined || name === q.name || pathName === q.name;
}

export async function listActivations(
  q: ActivationQuery,
  index: StartIndex,
  queued: Iterable<StoredActivation>,
  load: (entries: IndexEntry[]) => Promise<Array<StoredActivation | undefined>>,
): Promise<StoredActivation[]> {
  const wanted = q.skip + q.limit;
  if (q.limit <= 0) return [];
  const fromQueue: Candidate[] = [];
  const queuedIds = new Set<string>();
  for (const doc of queued) {
    queuedIds.add(doc._id);
    if (matchesQuery(q, doc.namespace, doc.name, pathNameOf(doc.annotations), doc.start)) {
      fromQueue.push({ start: doc.start, id: doc._id, queued: doc });
    }
  }
  // Walk the index from the newest start within [since, upto] downwards.
  const fromIndex: Candidate[] = [];
  const top = q.upto === undefined ? index.size : index.firstWithStart(q.upto, false);
  for (let i = top - 1; i >= 0 && fromIndex.length < wanted; i--) {
    const e = index.at(i);
    if (q.since !== undefined && e.start < q.since) break;
    if (queuedIds.has(e.id)) continue; // the queued version is newer
    if (matchesQuery(q, e.namespace, e.name, e.pathName, e.start))
      fromIndex.push({ start: e.start, id: e.id, entry: e });
  }
  const page = [...fromQueue, ...fromIndex]
    .sort((a, b) => compareKeys(b.start, b.id, a.start, a.id))
    .slice(q.skip, wanted);
  const entries = page.flatMap((c) => (c.entry ? [c.entry] : []));
  const loaded = new Map<string, StoredActivation | undefined>();
  for (const [i, doc] of (await load(entries)).entries()) loaded.set(entries[i]!.id, doc);
  return page.flatMap((c) => {
    const doc = c.queued ?? loaded.get(c.id);
    return doc === undefined ? [] : [doc];
  });
}
