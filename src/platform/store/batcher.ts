/**
 * Queues documents and writes them with `bulkDocs` in batches, off the caller's path, as
 * OpenWhisk's CouchDB store does (`Batcher(500, ...)`). Batches are written one at a time in
 * queue order; while one is being written the next fills up, so a busy platform writes large
 * batches and an idle one writes within `delayMs`.
 */
import type { BulkDocsRow } from 'pouchdb-core';

export interface BatcherOptions {
  /** Largest batch (default 500, OpenWhisk's). */
  readonly batchSize?: number;
  /** How long a lone document may wait for company before it is written (default 5 ms). */
  readonly delayMs?: number;
  /** A document the database refused (e.g. a conflict): it is dropped from the queue. */
  readonly onRejected?: (id: string, row: BulkDocsRow) => void;
}

interface Waiter {
  readonly target: number;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

export class WriteBatcher<D extends { readonly _id: string }> {
  private readonly queue: D[] = [];
  /** Unwritten documents by id (the newest put of each id). */
  private readonly unwritten = new Map<string, D>();
  private waiters: Waiter[] = [];
  private queued = 0;
  private written = 0;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly batchSize: number;
  private readonly delayMs: number;

  constructor(
    private readonly write: (docs: D[]) => Promise<BulkDocsRow[]>,
    private readonly opts: BatcherOptions = {},
  ) {
    this.batchSize = opts.batchSize ?? 500;
    this.delayMs = opts.delayMs ?? 5;
  }

  put(doc: D): void {
    this.queue.push(doc);
    this.unwritten.set(doc._id, doc);
    this.queued++;
    if (this.running) return; // the write loop picks it up next
    if (this.queue.length >= this.batchSize) this.kick();
    else this.timer ??= setTimeout(() => this.kick(), this.delayMs);
  }

  /** A document queued but not yet written, if any. */
  get(id: string): D | undefined {
    return this.unwritten.get(id);
  }

  unwrittenDocs(): IterableIterator<D> {
    return this.unwritten.values();
  }

  /** Resolves once every document queued before the call is written (rejects if a batch fails). */
  flush(): Promise<void> {
    const target = this.queued;
    if (this.written >= target) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ target, resolve, reject }));
    this.kick();
    return done;
  }

  private kick(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.running) void this.run();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.batchSize);
        let rows: BulkDocsRow[];
        try {
          rows = await this.write(batch);
        } catch (err) {
          // Keep the batch for the next attempt (next put or flush); tell whoever is waiting.
          this.queue.unshift(...batch);
          this.settle(err);
          return;
        }
        batch.forEach((doc, i) => {
          const row = rows[i];
          if (row !== undefined && row.error !== undefined && row.ok !== true) this.opts.onRejected?.(doc._id, row);
          if (this.unwritten.get(doc._id) === doc) this.unwritten.delete(doc._id);
        });
        this.written += batch.length;
        this.settle(undefined);
      }
    } finally {
      this.running = false;
    }
  }

  private settle(err: unknown): void {
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      if (this.written >= w.target) w.resolve();
      else if (err !== undefined) w.reject(err);
      else still.push(w);
    }
    this.waiters = still;
  }
}
