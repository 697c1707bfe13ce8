/** An append-only Float64Array that doubles when full (numbers of unknown count, no boxing). */
export class Float64Buffer {
  private data = new Float64Array(1024);
  private n = 0;

  push(v: number): void {
    if (this.n === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.n++] = v;
  }

  get length(): number {
    return this.n;
  }

  /** A copy of the values pushed so far. */
  toArray(): Float64Array {
    return this.data.slice(0, this.n);
  }
}
