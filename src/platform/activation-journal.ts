/**
 * The list of activation ids whisk-local has handed out, on disk before the id leaves the process
 * (one synchronous append each: it survives a kill -9 in the kernel's page cache). On the next
 * start, every id of the list the store does not hold is recorded with OpenWhisk's internal-error
 * status, so no client holds an id the platform no longer knows.
 *
 * The file would grow with every activation; once it holds `compactAfter` lines it is rewritten
 * with only the ids whose records may not be in the store yet (running, or queued for the store
 * when the compaction began).
 */
import { closeSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ActivatedAction } from './activation-record.js';

export const JOURNAL_FILE = 'accepted-activations.ndjson';

/** What it takes to record an activation that never finished. */
export interface JournalEntry {
  readonly id: string;
  readonly arrival: number;
  readonly action: ActivatedAction;
}

export interface JournalOptions {
  /** Rewrite the file after this many lines (default 100,000). */
  readonly compactAfter?: number;
  /** Resolves once every record handed to the store so far is written (the store's flush). */
  readonly storeFlushed: () => Promise<void>;
}

export class ActivationJournal {
  private fd: number;
  private lines = 0;
  /** Accepted, not finished: line text by id. */
  private readonly running = new Map<string, string>();
  /** Finished while a compaction waits for the store: their records may not be written yet. */
  private finishedDuringCompaction: Map<string, string> | null = null;
  private compacting = false;
  /** Until the entries read at open are recorded, the file must be kept whatever happens. */
  private isSettled = false;
  private readonly compactAfter: number;

  private constructor(
    private readonly path: string,
    private readonly opts: JournalOptions,
  ) {
    this.compactAfter = opts.compactAfter ?? 100_000;
    this.fd = openSync(path, 'a', 0o600);
  }

  /**
   * Reads what a previous process left (entries in order; a torn last line is skipped) and opens
   * the file for appending. Call `settled()` once those entries are recorded.
   */
  static open(dir: string, opts: JournalOptions): { journal: ActivationJournal; left: JournalEntry[] } {
    const path = join(dir, JOURNAL_FILE);
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    return { journal: new ActivationJournal(path, opts), left: parseJournal(text) };
  }

  /** Before the id is answered to anyone. */
  accepted(entry: JournalEntry): void {
    const line = `${JSON.stringify(entry)}\n`;
    writeSync(this.fd, line);
    this.running.set(entry.id, line);
    if (++this.lines >= this.compactAfter && this.isSettled && !this.compacting) void this.compact();
  }

  /** The activation's record was handed to the store. */
  finished(id: string): void {
    const line = this.running.get(id);
    if (line === undefined) return;
    this.running.delete(id);
    this.finishedDuringCompaction?.set(id, line);
  }

  /** Entries read at open are recorded and written to the store: they can go. */
  settled(): void {
    this.isSettled = true;
    this.rewrite([...this.running.values()]);
  }

  /** After a clean stop (every record written): the file is emptied, unless its old entries were never recorded. */
  close(): void {
    if (this.isSettled) this.rewrite([]);
    closeSync(this.fd);
  }

  private async compact(): Promise<void> {
    this.compacting = true;
    this.finishedDuringCompaction = new Map();
    try {
      await this.opts.storeFlushed();
      // Synchronous from here: no append can slip between reading the maps and the rename.
      this.rewrite([...this.running.values(), ...this.finishedDuringCompaction.values()]);
    } catch {
      // The store could not write: keep the whole file, try again at the next threshold.
      this.lines = 0;
    } finally {
      this.finishedDuringCompaction = null;
      this.compacting = false;
    }
  }

  private rewrite(lines: string[]): void {
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      if (lines.length > 0) writeSync(fd, lines.join(''));
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    closeSync(this.fd);
    this.fd = openSync(this.path, 'a', 0o600);
    this.lines = lines.length;
  }
}

/** One entry per well-formed line; anything else (a line torn by the kill) is skipped. */
export function parseJournal(text: string): JournalEntry[] {
  const out: JournalEntry[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      continue;
    }
    const e = v as Partial<JournalEntry> | null;
    if (
      typeof e?.id === 'string' &&
      typeof e.arrival === 'number' &&
      typeof e.action?.namespace === 'string' &&
      typeof e.action.name === 'string'
    )
      out.push(e as JournalEntry);
  }
  return out;
}
