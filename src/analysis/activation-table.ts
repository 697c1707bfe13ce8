import type { Activation } from '../activations/types.js';

/** Maps repeated strings (function names, kinds, namespaces) to small integers. */
class Interner {
  private readonly index = new Map<string, number>();
  readonly values: string[] = [];

  id(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.index.set(value, i);
    }
    return i;
  }
}

const INITIAL_CAPACITY = 1024;

function grow<T extends Float64Array | Uint32Array | Int8Array>(a: T, capacity: number): T {
  const next = new (a.constructor as new (n: number) => T)(capacity);
  next.set(a);
  return next;
}

/**
 * The activation table, stored by column: numbers in typed arrays, repeated strings interned,
 * results only when asked for. A million activations take about 60 MB instead of the ~1 GB a
 * million `Activation` objects would. Duplicate activation ids are ignored.
 */
export class ActivationTable {
  private capacity = INITIAL_CAPACITY;
  private count = 0;
  start = new Float64Array(INITIAL_CAPACITY);
  end = new Float64Array(INITIAL_CAPACITY);
  duration = new Float64Array(INITIAL_CAPACITY);
  waitTime = new Float64Array(INITIAL_CAPACITY);
  initTime = new Float64Array(INITIAL_CAPACITY);
  /** −1 when unknown. */
  status = new Int8Array(INITIAL_CAPACITY);
  func = new Uint32Array(INITIAL_CAPACITY);
  kind = new Uint32Array(INITIAL_CAPACITY);
  namespace = new Uint32Array(INITIAL_CAPACITY);
  readonly ids: string[] = [];
  /** Present when results are kept (`-r`). */
  readonly results: unknown[] | null;
  private readonly funcs = new Interner();
  private readonly kinds = new Interner();
  private readonly namespaces = new Interner();
  private readonly seen = new Set<string>();

  constructor(keepResults = false) {
    this.results = keepResults ? [] : null;
  }

  get size(): number {
    return this.count;
  }

  /** Function names, indexed by the values of `func`. */
  get functionNames(): readonly string[] {
    return this.funcs.values;
  }

  has(activationId: string): boolean {
    return this.seen.has(activationId);
  }

  /** Adds one activation; false (and nothing stored) when its id is already in the table. */
  add(a: Activation): boolean {
    if (this.seen.has(a.activationId)) return false;
    this.seen.add(a.activationId);
    if (this.count === this.capacity) this.resize(this.capacity * 2);
    const i = this.count++;
    this.start[i] = a.start;
    this.end[i] = a.end;
    this.duration[i] = a.duration;
    this.waitTime[i] = a.waitTime;
    this.initTime[i] = a.initTime;
    this.status[i] = a.statusCode ?? -1;
    this.func[i] = this.funcs.id(a.func_name);
    this.kind[i] = this.kinds.id(a.kind);
    this.namespace[i] = this.namespaces.id(a.namespace);
    this.ids.push(a.activationId);
    this.results?.push(a.result);
    return true;
  }

  latency(i: number): number {
    return this.duration[i]! + this.waitTime[i]!;
  }

  execution(i: number): number {
    return this.duration[i]! - this.initTime[i]!;
  }

  isCold(i: number): boolean {
    return this.initTime[i]! !== 0;
  }

  /** Row i as an `Activation` object (for printing and archiving, one at a time). */
  row(i: number): Activation {
    const status = this.status[i]!;
    return {
      func_name: this.funcs.values[this.func[i]!]!,
      activationId: this.ids[i]!,
      namespace: this.namespaces.values[this.namespace[i]!]!,
      start: this.start[i]!,
      end: this.end[i]!,
      duration: this.duration[i]!,
      waitTime: this.waitTime[i]!,
      initTime: this.initTime[i]!,
      latency: this.latency(i),
      execution: this.execution(i),
      kind: this.kinds.values[this.kind[i]!]!,
      statusCode: status < 0 ? null : status,
      cold: this.isCold(i),
      ...(this.results ? { result: this.results[i] } : {}),
    };
  }

  /** Row indices of each function, in insertion order (function index → indices). */
  indicesByFunction(): Uint32Array[] {
    const counts = new Uint32Array(this.funcs.values.length);
    for (let i = 0; i < this.count; i++) counts[this.func[i]!]!++;
    const groups = Array.from(counts, (c) => new Uint32Array(c));
    const fill = new Uint32Array(counts.length);
    for (let i = 0; i < this.count; i++) {
      const f = this.func[i]!;
      groups[f]![fill[f]!++] = i;
    }
    return groups;
  }

  /** Most frequent namespace (doc ids are `<namespace>/<activationId>`), or null when empty. */
  mainNamespace(): string | null {
    const counts = new Uint32Array(this.namespaces.values.length);
    for (let i = 0; i < this.count; i++) counts[this.namespace[i]!]!++;
    let best = -1;
    for (let n = 0; n < counts.length; n++) if (best < 0 || counts[n]! > counts[best]!) best = n;
    return best < 0 ? null : this.namespaces.values[best]!;
  }

  private resize(capacity: number): void {
    this.capacity = capacity;
    this.start = grow(this.start, capacity);
    this.end = grow(this.end, capacity);
    this.duration = grow(this.duration, capacity);
    this.waitTime = grow(this.waitTime, capacity);
    this.initTime = grow(this.initTime, capacity);
    this.status = grow(this.status, capacity);
    this.func = grow(this.func, capacity);
    this.kind = grow(this.kind, capacity);
    this.namespace = grow(this.namespace, capacity);
  }
}

/** The metrics a table can be summarised on, as column readers. */
export type Metric = 'latency' | 'execution' | 'initTime' | 'waitTime' | 'duration';

/** Values of `metric` at the given rows (all rows when `rows` is omitted), as a fresh array. */
export function metricValues(table: ActivationTable, metric: Metric, rows?: ArrayLike<number>): Float64Array {
  const n = rows ? rows.length : table.size;
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = rows ? rows[k]! : k;
    switch (metric) {
      case 'latency':
        out[k] = table.latency(i);
        break;
      case 'execution':
        out[k] = table.execution(i);
        break;
      case 'initTime':
        out[k] = table.initTime[i]!;
        break;
      case 'waitTime':
        out[k] = table.waitTime[i]!;
        break;
      case 'duration':
        out[k] = table.duration[i]!;
        break;
    }
  }
  return out;
}
