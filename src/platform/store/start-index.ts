/**
 * An in-memory index of every document with a numeric `start`, sorted by (start, _id) as a
 * CouchDB json index on `start` would be. It answers `_find` range queries on `start` and
 * OpenWhisk-style activation lists without touching PouchDB's own (slow) Mango indexes.
 *
 * Activations arrive nearly in start order, so inserts land at or near the end of the array and
 * `splice` moves only a short tail; loading a whole database appends, then sorts once.
 */

export interface IndexedDoc {
  readonly _id: string;
  readonly [field: string]: unknown;
}

export interface IndexEntry {
  readonly start: number;
  readonly id: string;
  /** The stored document serialised (with `_rev`) when documents are held in memory. */
  readonly json: string | undefined;
  /** Activation fields used by `list` (undefined for other documents). */
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  /** `pkg/action` or `action` from the `path` annotation (`ns/[pkg/]action`). */
  readonly pathName: string | undefined;
}

export function compareKeys(aStart: number, aId: string, bStart: number, bId: string): number {
  if (aStart !== bStart) return aStart < bStart ? -1 : 1;
  return aId < bId ? -1 : aId > bId ? 1 : 0;
}

export class StartIndex {
  private readonly entries: IndexEntry[] = [];
  private readonly byId = new Map<string, IndexEntry>();
  /** Documents whose `start` exists but is not a number: Mango would collate them, we cannot. */
  private readonly oddStarts = new Set<string>();
  /** Shares the few distinct namespace/name strings among a million entries. */
  private readonly interned = new Map<string, string>();

  get size(): number {
    return this.entries.length;
  }

  /** True when every document's `start` is a number or absent, so range answers are exact. */
  get exact(): boolean {
    return this.oddStarts.size === 0;
  }

  at(i: number): IndexEntry {
    return this.entries[i]!;
  }

  get(id: string): IndexEntry | undefined {
    return this.byId.get(id);
  }

  /** Adds or replaces the document (keep `json` undefined to not hold it in memory). */
  upsert(doc: IndexedDoc, json: string | undefined): void {
    this.remove(doc._id);
    const entry = this.entryFor(doc, json);
    if (entry === undefined) return;
    const pos = this.firstAfter(entry.start, entry.id);
    if (pos === this.entries.length) this.entries.push(entry);
    else this.entries.splice(pos, 0, entry);
    this.byId.set(entry.id, entry);
  }

  remove(id: string): void {
    this.oddStarts.delete(id);
    const old = this.byId.get(id);
    if (old === undefined) return;
    this.byId.delete(id);
    const pos = this.lowerBound(old.start, old.id);
    if (this.entries[pos] === old) this.entries.splice(pos, 1);
  }

  /**
   * Adds a document without keeping the order (opening a database: one sort instead of many
   * inserts); call `sort` once after the last one.
   */
  append(doc: IndexedDoc, json: string | undefined): void {
    const old = this.byId.get(doc._id);
    if (old !== undefined) {
      // Not expected while loading (ids are unique); the array is unsorted, so search linearly.
      this.byId.delete(doc._id);
      this.entries.splice(this.entries.indexOf(old), 1);
    }
    this.oddStarts.delete(doc._id);
    const entry = this.entryFor(doc, json);
    if (entry === undefined) return;
    this.entries.push(entry);
    this.byId.set(entry.id, entry);
  }

  sort(): void {
    this.entries.sort((a, b) => compareKeys(a.start, a.id, b.start, b.id));
  }

  clear(): void {
    this.entries.length = 0;
    this.byId.clear();
    this.oddStarts.clear();
  }

  /** Index of the first entry ≥ (start, id). */
  lowerBound(start: number, id: string): number {
    return this.firstNotBefore((e) => compareKeys(e.start, e.id, start, id) < 0);
  }

  /** Index of the first entry > (start, id). */
  firstAfter(start: number, id: string): number {
    return this.firstNotBefore((e) => compareKeys(e.start, e.id, start, id) <= 0);
  }

  /** Index of the first entry whose start is ≥ `start` (inclusive) or > `start`. */
  firstWithStart(start: number, inclusive: boolean): number {
    return this.firstNotBefore(inclusive ? (e) => e.start < start : (e) => e.start <= start);
  }

  /** Binary search: index of the first entry for which `before` is false (entries are sorted, so `before` holds for a prefix). */
  private firstNotBefore(before: (e: IndexEntry) => boolean): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(this.entries[mid]!)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private entryFor(doc: IndexedDoc, json: string | undefined): IndexEntry | undefined {
    const start = doc.start;
    if (typeof start !== 'number' || !Number.isFinite(start)) {
      if (start !== undefined) this.oddStarts.add(doc._id);
      return undefined;
    }
    const isActivation = doc.entityType === 'activation';
    return {
      start,
      id: doc._id,
      json,
      namespace: isActivation ? this.intern(doc.namespace) : undefined,
      name: isActivation ? this.intern(doc.name) : undefined,
      pathName: isActivation ? this.intern(pathNameOf(doc.annotations)) : undefined,
    };
  }

  private intern(value: unknown): string | undefined {
    if (typeof value !== 'string') return undefined;
    const known = this.interned.get(value);
    if (known !== undefined) return known;
    this.interned.set(value, value);
    return value;
  }
}

/** `ns/pkg/action` → `pkg/action`, `ns/action` → `action` (the `path` annotation). */
export function pathNameOf(annotations: unknown): string | undefined {
  if (!Array.isArray(annotations)) return undefined;
  for (const a of annotations as unknown[]) {
    if (typeof a === 'object' && a !== null && (a as { key?: unknown }).key === 'path') {
      const path = (a as { value?: unknown }).value;
      if (typeof path !== 'string') return undefined;
      const slash = path.indexOf('/');
      return slash < 0 ? path : path.slice(slash + 1);
    }
  }
  return undefined;
}
