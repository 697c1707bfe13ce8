/**
 * Per-request time limits checked by one sweep timer, instead of a timer per request.
 *
 * Why not undici's `headersTimeout`/`bodyTimeout`: they make a timer object per request that stays
 * referenced until undici's timer wheel next ticks (up to 0.5 s), long enough to outlive two
 * young-generation collections and be promoted. Measured at 5,000/s: the dispatch worker's old
 * space grew ~7 MB a minute, all run. Here an entry is dropped the moment its request ends, so
 * the per-request garbage dies young, and the table itself only grows to the peak in flight.
 */
export class DeadlineTable<T extends object> {
  /** performance.now() (ms) by which each slot's request must have ended. */
  private deadlines = new Float64Array(0);
  private readonly entries: (T | undefined)[] = [];
  /** Every slot not in use; `grow` adds more (one path for every `add`, whatever the peak in flight). */
  private readonly freeSlots: number[] = [];
  private sweeper: NodeJS.Timeout | null = null;

  /**
   * `onExpired` is called (from the sweep timer) for each entry still present after `limitMs`;
   * the entry is removed first. Limits fire between `limitMs` and `limitMs` plus one sweep period
   * (a tenth of the limit, at most 1 s).
   */
  constructor(
    private readonly limitMs: number,
    private readonly onExpired: (entry: T) => void,
  ) {}

  /** Starts the clock on `entry`; returns its slot, for `remove`. */
  add(entry: T): number {
    if (this.freeSlots.length === 0) this.grow();
    const slot = this.freeSlots.pop()!;
    this.entries[slot] = entry;
    this.deadlines[slot] = performance.now() + this.limitMs;
    this.sweeper ??= setInterval(() => this.sweep(), Math.min(1000, Math.max(5, this.limitMs / 10))).unref();
    return slot;
  }

  /** The request ended: forget it (a no-op if it already expired and the slot was reused). */
  remove(slot: number, entry: T): void {
    if (this.entries[slot] !== entry) return;
    this.entries[slot] = undefined;
    this.freeSlots.push(slot);
  }

  /** Stops the sweep timer; nothing expires afterwards. */
  close(): void {
    if (this.sweeper !== null) clearInterval(this.sweeper);
    this.sweeper = null;
  }

  private sweep(): void {
    const now = performance.now();
    for (let slot = 0; slot < this.entries.length; slot++) {
      const entry = this.entries[slot];
      if (entry === undefined || this.deadlines[slot]! > now) continue;
      this.remove(slot, entry);
      this.onExpired(entry);
    }
  }

  private grow(): void {
    const size = this.deadlines.length;
    const bigger = new Float64Array(Math.max(64, size * 2));
    bigger.set(this.deadlines);
    this.deadlines = bigger;
    for (let slot = bigger.length - 1; slot >= size; slot--) {
      this.entries[slot] = undefined;
      this.freeSlots.push(slot);
    }
  }
}
