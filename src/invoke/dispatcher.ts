import { setImmediate as yieldToIo } from 'node:timers/promises';
import { waitUntil } from './clock.js';
import type { InvocationOutcome } from '../contracts/index.js';
import type { SendResult, Transport } from './transports/types.js';

/** A transport's answer, or `cancelled` for what the abort cut off. */
export type Answer = Omit<SendResult, 'outcome'> & { readonly outcome: InvocationOutcome };

/** A worker's share of the schedule: events first, first + stride, first + 2·stride, ... */
export interface ScheduleSlice {
  /** Seconds from the start instant, ascending (the whole schedule). */
  readonly times: Float64Array;
  readonly instanceIndex: Uint32Array;
  readonly first: number;
  readonly stride: number;
}

/** Where the dispatcher reports; implementations must be cheap (they run on the send path). */
export interface DispatchSink {
  /** Handed to the transport (progress only: the record's send time is when it left, see `done`). */
  sent(seq: number, handedNs: number): void;
  /** `sentNs`: when the request left (on a connection / process started), else when it was handed over. */
  done(seq: number, sentNs: number, doneNs: number, answer: Answer): void;
  /** Never sent: the in-flight bound was full (`dropped`) or the run was stopped (`cancelled`). */
  skipped(seq: number, outcome: 'dropped' | 'cancelled'): void;
}

/** Shared in-flight bound (across workers); `tryAcquire` false means drop. */
export interface InFlightGate {
  tryAcquire(): boolean;
  release(): void;
}

/** What the dispatcher calls back into on its hot path. */
export interface DispatchHooks {
  /** Polled between sends: true once the run is interrupted. */
  readonly stopped: () => boolean;
  readonly gate: InFlightGate;
  readonly sink: DispatchSink;
}

export interface DispatchOptions extends DispatchHooks {
  readonly slice: ScheduleSlice;
  readonly transport: Transport;
  /** Nanoseconds since the start instant. */
  readonly elapsed: () => number;
  /** Busy-wait the last ~0.1 ms before each send (default); false when the thread shares its core. */
  readonly busyWait?: boolean;
}

/**
 * After this many sends in a row (catching up after a stall), give the event loop a turn: answers
 * get handled and their connections reused, instead of a new connection for every request of a
 * long burst (measured under CPU starvation: 256 → ~1,000–1,600 connections for 4,000 requests
 * and p50 lag 0.5–0.8 s; 16 → ~250–500 connections and p50 lag 10–20 ms).
 */
const MAX_BURST = 16;

/**
 * Open-loop dispatch of one slice: each invocation is sent at its absolute time from the start
 * instant, never waiting for earlier answers, so lateness never accumulates. Resolves when every
 * event of the slice has been sent or skipped and every answer is in. `abort()` closes the
 * transport: what is still in flight then reports `cancelled`.
 */
export class Dispatcher {
  private inFlight = 0;
  private aborted = false;
  private drained: (() => void) | null = null;

  constructor(private readonly opts: DispatchOptions) {}

  async run(): Promise<void> {
    const { slice, elapsed, stopped, sink } = this.opts;
    const { times, stride } = slice;
    const n = times.length;
    let seq = slice.first;
    while (seq < n && !stopped()) {
      const dueNs = times[seq]! * 1e9;
      if (elapsed() < dueNs) await waitUntil(dueNs, elapsed, stopped, this.opts.busyWait);
      let burst = 0;
      while (seq < n && times[seq]! * 1e9 <= elapsed() && burst < MAX_BURST && !stopped()) {
        this.fire(seq);
        seq += stride;
        burst++;
      }
      if (burst === MAX_BURST) await yieldToIo();
    }
    for (; seq < n; seq += stride) sink.skipped(seq, 'cancelled');
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.drained = resolve));
  }

  /** Stop waiting for answers: close the transport; late answers become `cancelled`. */
  async abort(): Promise<void> {
    this.aborted = true;
    await this.opts.transport.close();
  }

  private fire(seq: number): void {
    const { transport, gate, sink, elapsed, slice } = this.opts;
    if (!gate.tryAcquire()) {
      sink.skipped(seq, 'dropped');
      return;
    }
    this.inFlight++;
    let sentNs = elapsed();
    sink.sent(seq, sentNs);
    const onWire = (): void => {
      sentNs = elapsed();
    };
    void transport.send(slice.instanceIndex[seq]!, onWire).then((result) => {
      const doneNs = elapsed();
      gate.release();
      // An answer that still arrives after abort() is kept; the failures abort() caused are not errors.
      const cut = this.aborted && result.outcome === 'error';
      sink.done(
        seq,
        sentNs,
        doneNs,
        cut ? { ...result, outcome: 'cancelled', error: 'no answer before the drain timeout' } : result,
      );
      // Handed to setImmediate rather than called: a call here from a new function each run (the
      // promise's resolve) made V8 throw away this callback's optimised code at the end of the
      // warm-up, so the run began with it unoptimised (measured: sends 10-80 ms late at start).
      if (--this.inFlight === 0 && this.drained !== null) setImmediate(this.drained);
    });
  }
}
