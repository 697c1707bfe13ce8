import { availableParallelism, getPriority, setPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Schedule } from '../schedule/types.js';
import type { TransportSpec } from './transports/types.js';
import { CONTROL, type CompletionBatch, type FromWorker, type ToWorker, type WorkerInit } from './worker-protocol.js';

/** The dispatch workers of one run, seen from the main thread. */
export interface WorkerPool {
  /** Every worker starts sending at the same start instant. */
  go(t0: bigint): void;
  /** Stop sending (workers then wait for their answers). Seen at once, even mid-spin. */
  stop(): void;
  /** Stop waiting for answers: in-flight requests are cut and reported `cancelled`. */
  abort(): void;
  sent(): number;
  /** Send lag of the latest invocation (ms; any worker). */
  latestLagMs(): number;
  /** Resolves once every worker has reported `done`, failed, or exited. */
  readonly finished: Promise<void>;
  terminate(): Promise<void>;
}

/**
 * When the dispatch workers share cores with the main thread, the main thread steps back (a nice
 * value of 10, for this thread only: Linux keeps nice values per thread) so that the scheduler
 * runs a worker whose send is due rather than finishing a batch of records first. Its work (records,
 * summary) only needs to keep up on average. Measured on one core at 20,000/s: send-lag p99
 * 1.9–3.0 ms instead of 3.3–33 ms.
 */
const MAIN_THREAD_NICE = 10;
let niceBefore: number | null = null;
function yieldCoreToWorkers(): void {
  try {
    niceBefore = getPriority();
    if (niceBefore < MAIN_THREAD_NICE) setPriority(MAIN_THREAD_NICE);
  } catch {
    niceBefore = null; // not permitted here: the run goes on without it
  }
}
/** Back to the nice value before the run, where permitted (raising priority may need privileges). */
function restorePriority(): void {
  if (niceBefore === null) return;
  try {
    setPriority(niceBefore);
  } catch {
    // stays lowered: only this thread, and only its priority
  }
  niceBefore = null;
}

/**
 * The busy-wait (µs precision instead of ~0.1 ms) is worth its CPU only with a core for each
 * worker and one for the main thread (otherwise it takes the core from them: on one core at
 * 20,000/s a third of it went to spinning, the main thread starved, sends 1–2 s late), and only
 * while events are far enough apart for the spin to be a small part of the time: it spins up to
 * 0.1 ms before each send. Measured at 10,000/s on 2 cores: 105 µs of CPU per invocation spinning
 * against 44 µs napping, and send-lag p99 0.25–0.33 ms against 0.6–1.2 ms; at 5,000/s p99 was
 * no better spinning (0.40–0.54 ms against 0.29–0.31 ms).
 */
const MAX_BUSY_WAIT_RATE = 2000;
const ratePerWorker = (schedule: Schedule, workers: number): number =>
  schedule.times.length / Math.max(schedule.durationS, 1e-9) / workers;

function sharedCopy<T extends Float64Array | Uint32Array>(src: T, Ctor: new (b: SharedArrayBuffer) => T): T {
  const dst = new Ctor(new SharedArrayBuffer(src.byteLength));
  dst.set(src);
  return dst;
}

/**
 * In dist/ the worker is the compiled worker.js. Run from the TypeScript sources (under tsx, e.g.
 * tests calling runWorkload), the worker thread needs tsx's loader as well: a small bootstrap
 * registers it, then imports worker.ts.
 */
function spawnWorker(workerData: WorkerInit): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const source = new URL('./worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/**
 * Starts `workers` dispatch workers, each with its own transport and every `workers`-th event,
 * and resolves once all are ready (transports built), so the start instant can be close.
 */
export async function startWorkerPool(opts: {
  readonly spec: TransportSpec;
  readonly schedule: Schedule;
  readonly workers: number;
  readonly maxInFlight: number | null;
  readonly onBatch: (batch: CompletionBatch) => void;
  /** A worker crashed; its unreported invocations are filled in by the caller. */
  readonly onFailure: (message: string) => void;
}): Promise<WorkerPool> {
  const control = new Int32Array(new SharedArrayBuffer(CONTROL.size(opts.workers) * 4));
  const times = sharedCopy(opts.schedule.times, Float64Array);
  const instanceIndex = sharedCopy(opts.schedule.instanceIndex, Uint32Array);
  // No core to spare beside the workers: no busy-wait, and the main thread steps back.
  const sharesCores = availableParallelism() <= opts.workers;
  const busyWait = !sharesCores && ratePerWorker(opts.schedule, opts.workers) <= MAX_BUSY_WAIT_RATE;
  const workers: Worker[] = [];
  const ready: Promise<void>[] = [];
  const ended: Promise<void>[] = [];
  for (let w = 0; w < opts.workers; w++) {
    const init: WorkerInit = {
      workerIndex: w,
      spec: opts.spec,
      times,
      instanceIndex,
      stride: opts.workers,
      control,
      maxInFlight: opts.maxInFlight,
      busyWait,
    };
    const worker = spawnWorker(init);
    workers.push(worker);
    let markReady: () => void = () => undefined;
    let failReady: (err: Error) => void = () => undefined;
    ready.push(
      new Promise<void>((resolve, reject) => {
        markReady = resolve;
        failReady = reject;
      }),
    );
    ended.push(
      new Promise<void>((resolve) => {
        worker.on('message', (msg: FromWorker) => {
          if (msg.type === 'ready') markReady();
          else if (msg.type === 'batch') opts.onBatch(msg.batch);
          else if (msg.type === 'done') resolve();
          else if (msg.type === 'failed') {
            opts.onFailure(msg.message);
            resolve();
          }
        });
        worker.on('error', (err) => {
          failReady(err);
          opts.onFailure(err.message);
          resolve();
        });
        worker.on('exit', () => {
          failReady(new Error('dispatch worker exited before it was ready'));
          resolve();
        });
      }),
    );
  }
  const terminate = async (): Promise<void> => {
    await Promise.all(workers.map((w) => w.terminate()));
  };
  try {
    await Promise.all(ready);
  } catch (err) {
    await terminate();
    throw err;
  }
  const send = (msg: ToWorker): void => {
    for (const w of workers) w.postMessage(msg);
  };
  return {
    go: (t0) => {
      if (sharesCores) yieldCoreToWorkers();
      send({ type: 'go', t0 });
    },
    stop: () => void Atomics.store(control, CONTROL.STOP, 1),
    abort: () => send({ type: 'abort' }),
    sent: () => workers.reduce((sum, _w, i) => sum + Atomics.load(control, CONTROL.sent(i)), 0),
    latestLagMs: () => Math.max(...workers.map((_w, i) => Atomics.load(control, CONTROL.lagUs(i)))) / 1000,
    finished: Promise.all(ended).then(restorePriority),
    terminate,
  };
}
