import { parentPort, workerData } from 'node:worker_threads';
import { elapsedSince, prepareBusyWait, waitUntil } from './clock.js';
import { Dispatcher, type Answer, type DispatchHooks } from './dispatcher.js';
import { createTransport } from './transports/index.js';
import { BatchBuilder, CONTROL, type FromWorker, type ToWorker, type WorkerInit } from './worker-protocol.js';

/**
 * A dispatch worker: owns one transport (its own connection pools) and every `stride`-th event of the
 * schedule. Completions are batched and posted to the main thread, which does all the writing.
 */
const FLUSH_EVERY_MS = 25;
const FLUSH_AT = 2048;

const init = workerData as WorkerInit;
const port = parentPort!;
const post = (msg: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(msg, transfer);

/** The dispatcher's hooks for one run, plus `flush` to hand over the completions batched so far. */
type WorkerHooks = DispatchHooks & { readonly flush: () => void };

/**
 * Builds the hooks over a set of control words and schedule times. The warm-up builds its own
 * with this same factory (scratch control words, batches discarded): V8 specialises optimised code
 * on the very functions called, so a warm-up through other functions left the real run to be
 * re-optimised during its first half second (measured: send lag spikes of 5–13 ms at 5,000/s).
 * For the same reason the batches go to one function in both (`post`), with a flag saying
 * whether to: calling the warm-up's callback, then the run's, threw the flush path's optimised
 * code away at the run's first flush.
 */
function workerHooks(control: Int32Array, times: Float64Array, postBatches: boolean): WorkerHooks {
  const w = init.workerIndex;
  const batch = new BatchBuilder(FLUSH_AT);
  const flush = (): void => {
    if (batch.count === 0) return;
    const taken = batch.take();
    if (postBatches) post({ type: 'batch', batch: taken.batch }, taken.transfer);
  };
  const push = (
    seq: number,
    sentNs: number,
    doneNs: number,
    answer: Answer | null,
    outcome: Answer['outcome'],
  ): void => {
    batch.push(seq, sentNs, doneNs, answer?.status ?? -1, outcome, answer?.activationId ?? null, answer?.error ?? null);
    if (batch.full) flush();
  };
  const maxInFlight = init.maxInFlight;
  let sentCount = 0;
  return {
    flush,
    stopped: () => Atomics.load(control, CONTROL.STOP) === 1,
    gate:
      maxInFlight === null
        ? { tryAcquire: () => true, release: () => undefined }
        : {
            tryAcquire: () => {
              if (Atomics.add(control, CONTROL.IN_FLIGHT, 1) < maxInFlight) return true;
              Atomics.sub(control, CONTROL.IN_FLIGHT, 1);
              return false;
            },
            release: () => void Atomics.sub(control, CONTROL.IN_FLIGHT, 1),
          },
    sink: {
      sent(seq, sentNs) {
        control[CONTROL.sent(w)] = ++sentCount;
        control[CONTROL.lagUs(w)] = Math.round((sentNs - times[seq]! * 1e9) / 1e3);
      },
      done: (seq, sentNs, doneNs, answer) => push(seq, sentNs, doneNs, answer, answer.outcome),
      skipped: (seq, outcome) => push(seq, NaN, NaN, null, outcome),
    },
  };
}

/**
 * V8 assumes that no ArrayBuffer is ever detached until one is, and then throws away all optimised
 * code that relied on it (any typed-array access). The run's first batch detaches its buffers
 * (they are transferred), which threw away the warmed-up send path 25 ms into the run (measured
 * at 20,000/s on one core: a wave of deoptimisations, ~200 ms of recompiling, sends 10-80 ms late).
 * So one buffer is detached now, before the warm-up compiles anything.
 */
const detachedEarly = new ArrayBuffer(8);
structuredClone(detachedEarly, { transfer: [detachedEarly] });

const transport = await createTransport(init.spec);
let dispatcher: Dispatcher | null = null;

/** A start further ahead than this (`--start-at`) gets fresh connections shortly before it. */
const REFRESH_IF_START_IN_NS = 2e9;
const REFRESH_BEFORE_START_NS = 1e9;

/**
 * Connections opened before the test are not reused once idle past the server's keep-alive time
 * (4 s unless it says otherwise): with a start instant far ahead they would all be closed at the
 * first sends, whose requests would then wait for new ones. So, 1 s before such a start, the
 * transport tops its idle connections up again.
 */
async function freshConnectionsBeforeStart(elapsed: () => number, stopped: () => boolean): Promise<void> {
  if (-elapsed() < REFRESH_IF_START_IN_NS) return;
  await waitUntil(-REFRESH_BEFORE_START_NS, elapsed, stopped, false);
  if (!stopped()) await transport.preconnect?.();
}

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'go') {
    const hooks = workerHooks(init.control, init.times, true);
    const elapsed = elapsedSince(msg.t0);
    const run = new Dispatcher({
      slice: { times: init.times, instanceIndex: init.instanceIndex, first: init.workerIndex, stride: init.stride },
      transport,
      elapsed,
      busyWait: init.busyWait,
      ...hooks,
    });
    dispatcher = run;
    const timer = setInterval(hooks.flush, FLUSH_EVERY_MS);
    freshConnectionsBeforeStart(elapsed, hooks.stopped)
      .then(() => run.run())
      .then(() => transport.close())
      .then(() => {
        clearInterval(timer);
        hooks.flush();
        post({ type: 'done' });
        port.close();
      })
      .catch((err: unknown) => post({ type: 'failed', message: err instanceof Error ? err.message : String(err) }));
  } else if (msg.type === 'abort') {
    void (dispatcher ?? { abort: () => transport.close() }).abort();
  }
});
if (init.spec.kind === 'http') {
  const { warmUpHttpDispatch } = await import('./warm-up.js');
  await warmUpHttpDispatch(
    init.spec,
    (times) => workerHooks(new Int32Array(new SharedArrayBuffer(init.control.byteLength)), times, false),
    init.busyWait,
  );
}
if (init.busyWait) prepareBusyWait();
await transport.preconnect?.();
post({ type: 'ready' });
