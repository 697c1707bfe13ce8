import { parentPort, workerData } from 'node:worker_threads';
import { elapsedSince } from './clock.js';
import { Dispatcher, type Answer, type DispatchSink, type InFlightGate } from './dispatcher.js';
import { createTransport } from './transports/index.js';
import { CONTROL, emptyBatch, type CompletionBatch, type FromWorker, type ToWorker, type WorkerInit } from './worker-protocol.js';

/**
 * A dispatch worker: owns one transport (its own undici pools) and every `stride`-th event of the
 * schedule. Completions are batched and posted to the main thread, which does all the writing.
 */
const FLUSH_EVERY_MS = 25;
const FLUSH_AT = 2048;

const init = workerData as WorkerInit;
const port = parentPort!;
const post = (msg: FromWorker): void => port.postMessage(msg);
const { control, workerIndex: w } = init;

let batch: CompletionBatch = emptyBatch();
function flush(): void {
  if (batch.seq.length === 0) return;
  post({ type: 'batch', batch });
  batch = emptyBatch();
}
function push(seq: number, sentNs: number, doneNs: number, answer: Answer | null, outcome: Answer['outcome']): void {
  batch.seq.push(seq);
  batch.sentNs.push(sentNs);
  batch.doneNs.push(doneNs);
  batch.status.push(answer?.status ?? -1);
  batch.outcome.push(outcome);
  batch.activationId.push(answer?.activationId ?? null);
  batch.error.push(answer?.error ?? null);
  if (batch.seq.length >= FLUSH_AT) flush();
}

const gate: InFlightGate =
  init.maxInFlight === null
    ? { tryAcquire: () => true, release: () => undefined }
    : {
        tryAcquire: () => {
          if (Atomics.add(control, CONTROL.IN_FLIGHT, 1) < init.maxInFlight!) return true;
          Atomics.sub(control, CONTROL.IN_FLIGHT, 1);
          return false;
        },
        release: () => void Atomics.sub(control, CONTROL.IN_FLIGHT, 1),
      };

let sentCount = 0;
const sink: DispatchSink = {
  sent(seq, sentNs) {
    control[CONTROL.sent(w)] = ++sentCount;
    control[CONTROL.lagUs(w)] = Math.round((sentNs - init.times[seq]! * 1e9) / 1e3);
  },
  done: (seq, sentNs, doneNs, answer) => push(seq, sentNs, doneNs, answer, answer.outcome),
  skipped: (seq, outcome) => push(seq, NaN, NaN, null, outcome),
};

const transport = await createTransport(init.spec);
let dispatcher: Dispatcher | null = null;

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'go') {
    dispatcher = new Dispatcher({
      slice: { times: init.times, instanceIndex: init.instanceIndex, first: init.workerIndex, stride: init.stride },
      transport,
      elapsed: elapsedSince(msg.t0),
      stopped: () => Atomics.load(control, CONTROL.STOP) === 1,
      gate,
      sink,
    });
    const timer = setInterval(flush, FLUSH_EVERY_MS);
    dispatcher
      .run()
      .then(() => transport.close())
      .then(() => {
        clearInterval(timer);
        flush();
        post({ type: 'done' });
        port.close();
      })
      .catch((err: unknown) => post({ type: 'failed', message: err instanceof Error ? err.message : String(err) }));
  } else if (msg.type === 'abort') {
    void (dispatcher ?? { abort: () => transport.close() }).abort();
  }
});
if (init.spec.kind === 'http') await (await import('./warm-up.js')).warmUpHttpDispatch();
await transport.preconnect?.();
post({ type: 'ready' });
