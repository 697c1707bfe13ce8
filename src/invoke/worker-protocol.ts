import type { InvocationOutcome } from '../contracts/index.js';
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

/** Completed (or skipped) invocations, column by column; NaN / -1 / null where absent. */
export interface CompletionBatch {
  readonly seq: number[];
  readonly sentNs: number[];
  readonly doneNs: number[];
  /** -1 when there is no status. */
  readonly status: number[];
  readonly outcome: InvocationOutcome[];
  readonly activationId: (string | null)[];
  readonly error: (string | null)[];
}

export function emptyBatch(): CompletionBatch {
  return { seq: [], sentNs: [], doneNs: [], status: [], outcome: [], activationId: [], error: [] };
}

export type ToWorker = { readonly type: 'go'; readonly t0: bigint } | { readonly type: 'abort' };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'batch'; readonly batch: CompletionBatch }
  | { readonly type: 'done' }
  | { readonly type: 'failed'; readonly message: string };
