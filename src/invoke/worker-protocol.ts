import { invocationOutcomeSchema, type InvocationOutcome } from '../contracts/index.js';
import type { TransportSpec } from './transports/types.js';

/**
 * The main thread ↔ dispatch worker protocol. The schedule and the control words live in
 * SharedArrayBuffers (no copies, and the stop flag is seen while a worker spins).
 */
export interface WorkerInit {
  readonly workerIndex: number;
  readonly spec: TransportSpec;
  readonly times: Float64Array;
  readonly instanceIndex: Uint32Array;
  /** This worker sends seq = workerIndex, workerIndex + workers, ... */
  readonly stride: number;
  readonly control: Int32Array;
  readonly maxInFlight: number | null;
  /** A core to spare for this worker's busy-wait (see `waitUntil`). */
  readonly busyWait: boolean;
}

/** Indices into the shared control words. */
export const CONTROL = {
  /** 1 once the run is interrupted: stop sending. */
  STOP: 0,
  /** Requests in flight, all workers together (only maintained with --max-in-flight). */
  IN_FLIGHT: 1,
  /** Per worker: invocations sent so far. */
  sent: (w: number) => 2 + 2 * w,
  /** Per worker: send lag of its latest invocation, µs. */
  lagUs: (w: number) => 3 + 2 * w,
  size: (workers: number) => 2 + 2 * workers,
} as const;

/** Outcomes by their code in a batch. */
const OUTCOMES = invocationOutcomeSchema.options;
const OUTCOME_CODE = new Map(OUTCOMES.map((o, i) => [o, i]));

/**
 * Completed (or skipped) invocations, column by column, in typed arrays that are transferred to
 * the main thread rather than copied (structured cloning of plain arrays cost ~4 µs per invocation
 * at 20,000/s); NaN / -1 where absent. Read it with `mapBatch`.
 */
export interface CompletionBatch {
  readonly count: number;
  readonly seq: Uint32Array;
  readonly sentNs: Float64Array;
  readonly doneNs: Float64Array;
  /** -1 when there is no status. */
  readonly status: Int32Array;
  /** Index into the outcomes of `invocationOutcomeSchema`. */
  readonly outcome: Uint8Array;
  /** The activation ids, one after another; `idLength[i]` is -1 where there is none. */
  readonly ids: string;
  readonly idLength: Int32Array;
  /** [index, text] of the few entries with an error. */
  readonly errors: readonly (readonly [number, string])[];
}

/** One completion's fields, positional (no object per completion): what `mapBatch` hands over. */
export type Completion = [
  seq: number,
  sentNs: number,
  doneNs: number,
  status: number,
  outcome: InvocationOutcome,
  activationId: string | null,
  error: string | null,
];

/** Fills one batch of up to `capacity` completions (in a worker). */
export class BatchBuilder {
  private seq: Uint32Array;
  private sentNs: Float64Array;
  private doneNs: Float64Array;
  private status: Int32Array;
  private outcome: Uint8Array;
  private idLength: Int32Array;
  private ids = '';
  private errors: [number, string][] = [];
  private n = 0;

  constructor(private readonly capacity: number) {
    [this.seq, this.sentNs, this.doneNs, this.status, this.outcome, this.idLength] = this.columns();
  }

  get count(): number {
    return this.n;
  }

  /** A `Completion`, spelt out: a rest parameter would allocate an array per completion. */
  push(
    seq: number,
    sentNs: number,
    doneNs: number,
    status: number,
    outcome: InvocationOutcome,
    activationId: string | null,
    error: string | null,
  ): void {
    const i = this.n++;
    this.seq[i] = seq;
    this.sentNs[i] = sentNs;
    this.doneNs[i] = doneNs;
    this.status[i] = status;
    this.outcome[i] = OUTCOME_CODE.get(outcome)!;
    this.idLength[i] = activationId === null ? -1 : activationId.length;
    if (activationId !== null) this.ids += activationId;
    if (error !== null) this.errors.push([i, error]);
  }

  get full(): boolean {
    return this.n >= this.capacity;
  }

  /** The batch so far and the buffers to transfer with it; the builder starts a new one. */
  take(): { batch: CompletionBatch; transfer: ArrayBuffer[] } {
    const batch: CompletionBatch = {
      count: this.n,
      seq: this.seq,
      sentNs: this.sentNs,
      doneNs: this.doneNs,
      status: this.status,
      outcome: this.outcome,
      ids: this.ids,
      idLength: this.idLength,
      errors: this.errors,
    };
    const transfer = [this.seq, this.sentNs, this.doneNs, this.status, this.outcome, this.idLength].map(
      (a) => a.buffer as ArrayBuffer,
    );
    [this.seq, this.sentNs, this.doneNs, this.status, this.outcome, this.idLength] = this.columns();
    this.ids = '';
    this.errors = [];
    this.n = 0;
    return { batch, transfer };
  }

  private columns(): [Uint32Array, Float64Array, Float64Array, Int32Array, Uint8Array, Int32Array] {
    const c = this.capacity;
    return [
      new Uint32Array(c),
      new Float64Array(c),
      new Float64Array(c),
      new Int32Array(c),
      new Uint8Array(c),
      new Int32Array(c),
    ];
  }
}

/** `make` applied to every completion of a batch, in order. */
export function mapBatch<R>(batch: CompletionBatch, make: (...completion: Completion) => R): R[] {
  const out: R[] = [];
  let idAt = 0;
  let nextError = 0;
  for (let i = 0; i < batch.count; i++) {
    const length = batch.idLength[i]!;
    const activationId = length < 0 ? null : batch.ids.slice(idAt, idAt + length);
    if (length > 0) idAt += length;
    const withError = batch.errors[nextError];
    const error = withError !== undefined && withError[0] === i ? withError[1] : null;
    if (error !== null) nextError++;
    out.push(
      make(
        batch.seq[i]!,
        batch.sentNs[i]!,
        batch.doneNs[i]!,
        batch.status[i]!,
        OUTCOMES[batch.outcome[i]!]!,
        activationId,
        error,
      ),
    );
  }
  return out;
}

export type ToWorker = { readonly type: 'go'; readonly t0: bigint } | { readonly type: 'abort' };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'batch'; readonly batch: CompletionBatch }
  | { readonly type: 'done' }
  | { readonly type: 'failed'; readonly message: string };
