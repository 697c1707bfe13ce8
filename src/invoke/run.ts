import { mkdir } from 'node:fs/promises';
import { availableParallelism, hostname, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Workload } from '../config/types.js';
import { type MonitoringOutput, type RunMetadata, type RunShard, testStartMs } from '../contracts/index.js';
import { writeRunMetadata } from '../config/run-metadata-io.js';
import { createFileLogger, flushLogger } from '../log.js';
import { toolVersion } from '../version.js';
import { runPostScript, startRuntimeMonitoring, type MonitoringSession } from '../monitor/index.js';
import type { ShardSpec } from '../schedule/shard.js';
import type { Schedule } from '../schedule/types.js';
import { hostClockSource } from './clock-source.js';
import { acceptedActivationIds, waitForActivations } from './embedded.js';
import { InterruptWatch } from './interrupt.js';
import { serveRunMetrics, type RunMetrics } from './live-metrics.js';
import { checkBeforeRun, checkReachable } from './preflight.js';
import { buildTransportSpec } from './prepare.js';
import { createProgressBar, wantsProgressBar, type ProgressView } from './progress.js';
import { RECORDS_FILE, RecordsWriter, recordFactory } from './records-writer.js';
import { formatSummary, RunTally, type RunSummary } from './summary.js';
import { resolveTarget, type RunTarget } from './target.js';
import type { ScheduleVerdict } from '../contracts/index.js';
import { dueBy, isBehind, verdictWarning } from './verdict.js';
import { startWorkerPool, type WorkerPool } from './worker-pool.js';
import { recordConsumer, warmUpRecordPath } from './record-path.js';
import { BatchBuilder, type CompletionBatch } from './worker-protocol.js';

/** Everything a run needs besides the workload and its schedule, from flags and environment. */
export interface RunOptions {
  readonly workload: Workload;
  readonly schedule: Schedule;
  /** The config path as the user typed it (line 2 of test_metadata.out); default the absolute one. */
  readonly configPathAsGiven?: string;
  /** Where `logs/` goes (default: `<cwd>/logs`). */
  readonly logsDir: string;
  readonly apihost?: string;
  readonly auth?: string;
  readonly insecure: boolean;
  /** Overrides the config's `transport`. */
  readonly transport?: 'http' | 'cli';
  readonly wskPath: string;
  readonly maxInFlight: number | null;
  /** Show a progress bar (only on a TTY). */
  readonly progress: boolean;
  /** After Ctrl-C, how long to wait for answers in flight (default 5 s). */
  readonly drainTimeoutS?: number;
  /** Per-request timeout (default 70 s: blocking calls may take 60 s). */
  readonly timeoutS?: number;
  /** Dispatch threads; null/undefined picks by rate and cores. */
  readonly workers?: number | null;
  /**
   * Connections per origin and dispatch thread; beyond it requests wait for a free one (the wait
   * shows in their lag). Default: unbounded (a new connection whenever all are busy).
   */
  readonly connections?: number | null;
  /** Embedded endpoint: how long to wait for the platform to store every activation (default 60 s). */
  readonly settleTimeoutS?: number;
  /** `--shard K/N`: the schedule is already this shard's part; recorded in the metadata. */
  readonly shard?: ShardSpec | null;
  /** `--start-at`: epoch ms that is the schedule's zero (else a moment after the workers are ready). */
  readonly startAtMs?: number | null;
  /** Where the summary goes (default stdout). */
  readonly out?: NodeJS.WritableStream;
  /** A send later than this (ms) counts as late in the schedule verdict (default 10). */
  readonly maxLagMs?: number;
  /** Exit 0 even when the schedule was not kept (the verdict still warns). */
  readonly allowLate?: boolean;
  /** Stop the run as soon as fewer than 80% of the invocations due have been sent. */
  readonly abortIfBehind?: boolean;
  /** `--metrics-port`: serve live OpenMetrics on this port (0: any free one) during the run. */
  readonly metricsPort?: number | null;
  /** `--metrics-host`: the address to serve them on (default 127.0.0.1). */
  readonly metricsHost?: string;
}

export interface RunResult {
  /**
   * 0 when the run completed and kept its schedule (even with failed invocations), 3 when it did
   * not keep its schedule (unless allowLate), 130 when interrupted.
   */
  readonly exitCode: number;
  readonly summary?: RunSummary;
  readonly verdict?: ScheduleVerdict;
}

/** Exit status of a run that did not keep its schedule. */
export const SCHEDULE_NOT_KEPT_EXIT = 3;
const DEFAULT_MAX_LAG_MS = 10;
/** Per-request time limit, s: blocking calls may take 60 s. */
const DEFAULT_TIMEOUT_S = 70;
/** How often --abort-if-behind compares what was sent with what was due. */
const BEHIND_CHECK_MS = 200;

/** Start instant this far after the workers are told: time for the message to reach them (also on a busy machine). */
const START_LEAD_NS = 50_000_000n;
/** After abort() (drain timeout), how long workers get to report before they are terminated. */
const ABORT_GRACE_MS = 2000;
/**
 * One dispatch thread costs ~25–50 µs of CPU per request (undici and the kernel), so it sustains
 * 20k/s on one core; a second thread pays off only with cores to spare beside the main thread
 * (records) and whatever else runs here (on 2 cores, a second always-busy thread slows both).
 */
const ONE_WORKER_MAX_RATE = 8000;
const CORES_FOR_TWO_WORKERS = 4;

/** The schedule's mean rate, invocations/s (a zero-length test counts as one second). */
function meanRate(schedule: Schedule): number {
  return schedule.durationS > 0 ? schedule.times.length / schedule.durationS : schedule.times.length;
}

function chooseWorkers(requested: number | null | undefined, rate: number, cli: boolean): number {
  if (requested !== null && requested !== undefined) return requested;
  if (cli) return 1;
  return rate > ONE_WORKER_MAX_RATE && availableParallelism() >= CORES_FOR_TWO_WORKERS ? 2 : 1;
}

/** Monitoring must never stop a run: a failing hook is logged and yields no outputs. */
async function safely<T>(logger: Logger, what: string, fallback: T, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    logger.error({ err }, `${what} failed`);
    return fallback;
  }
}

/** The origins a run sends to (none for the CLI transport: `wsk` finds its own host). */
function targetOrigins(workload: Workload, target: RunTarget): string[] {
  if (workload.endpoint === 'generic') return workload.instances.map((i) => new URL(i.url!).origin);
  return target.openwhisk === null ? [] : [new URL(target.openwhisk.apihost).origin];
}

/** Runs the workload: monitoring, open-loop dispatch, records, metadata, summary. */
export async function runWorkload(opts: RunOptions): Promise<RunResult> {
  const { workload, logsDir } = opts;
  await mkdir(logsDir, { recursive: true });
  const logger = createFileLogger('SWI', logsDir);
  const interrupt = new InterruptWatch();
  try {
    const transport = opts.transport ?? workload.transport;
    await checkBeforeRun(workload, { transport, wskPath: opts.wskPath });
    const target = await resolveTarget(workload, {
      transport,
      apihost: opts.apihost,
      auth: opts.auth,
      insecure: opts.insecure,
      logsDir,
      logger,
    });
    try {
      if (target.platform === null) await checkReachable(targetOrigins(workload, target), opts.insecure);
      const live =
        opts.metricsPort === null || opts.metricsPort === undefined
          ? null
          : await serveRunMetrics({ port: opts.metricsPort, host: opts.metricsHost });
      try {
        if (live !== null) {
          process.stderr.write(`metrics: ${live.url}\n`);
          logger.info({ url: live.url }, 'serving live metrics');
        }
        return await runAgainst(opts, target, transport, interrupt, logger, live?.metrics ?? null);
      } finally {
        await live?.close();
      }
    } finally {
      await target.platform?.stop();
    }
  } catch (err) {
    logger.error({ err }, 'run failed');
    throw err;
  } finally {
    interrupt.dispose();
    await flushLogger(logger);
  }
}

async function runAgainst(
  opts: RunOptions,
  target: RunTarget,
  transport: 'http' | 'cli',
  interrupt: InterruptWatch,
  logger: Logger,
  liveMetrics: RunMetrics | null,
): Promise<RunResult> {
  const { workload, schedule, logsDir } = opts;
  const total = schedule.times.length;
  const rate = meanRate(schedule);
  const workers = chooseWorkers(opts.workers, rate, transport === 'cli');
  const spec = await buildTransportSpec(workload, target.openwhisk, {
    transport,
    insecure: opts.insecure,
    timeoutMs: (opts.timeoutS ?? DEFAULT_TIMEOUT_S) * 1000,
    connections:
      opts.connections ?? (opts.maxInFlight === null ? null : Math.max(1, Math.ceil(opts.maxInFlight / workers))),
    ratePerWorker: rate / workers,
    wskPath: opts.wskPath,
    flagApihost: opts.apihost,
    flagAuth: opts.auth,
  });
  logger.info(
    {
      test: workload.testName,
      endpoint: workload.endpoint,
      transport: spec.kind,
      apihost: target.apiHostForMetadata,
      invocations: total,
      workers,
      maxInFlight: opts.maxInFlight,
    },
    'run starting',
  );

  const recordsPath = join(logsDir, RECORDS_FILE);
  const writer = new RecordsWriter(recordsPath, total);
  const maxLagMs = opts.maxLagMs ?? DEFAULT_MAX_LAG_MS;
  const tally = new RunTally(schedule.times, schedule.durationS, maxLagMs);
  // Built at the start instant (records need it); no batch comes before.
  let consumer: ((batch: CompletionBatch) => void) | null = null;
  const consume = (batch: CompletionBatch): void => consumer!(batch);
  let workerFailure: string | null = null;
  const pool = await startWorkerPool({
    spec,
    schedule,
    workers,
    maxInFlight: opts.maxInFlight,
    onBatch: consume,
    onFailure: (message) => {
      workerFailure ??= message;
      logger.error({ message }, 'dispatch worker failed');
    },
  });

  const monitoringDir = join(logsDir, 'monitoring');
  const monitoring = await safely<MonitoringSession | null>(logger, 'runtime monitoring', null, () =>
    startRuntimeMonitoring({
      script: workload.perfMonitoring.runtimeScript,
      targets: workload.perfMonitoring.targets,
      durationS: workload.durationS,
      monitoringDir,
      metadataDir: logsDir,
      logger,
    }),
  );
  // A signal stops the monitoring at once, also while we wait for it after the last answer.
  interrupt.onSignal(() => void monitoring?.stop().catch(() => undefined));

  await warmUpRecordPath(schedule, maxLagMs);
  const { startEpochMs, t0 } = startInstant(opts.startAtMs ?? null);
  if (opts.startAtMs !== undefined && opts.startAtMs !== null && t0 < process.hrtime.bigint()) {
    // Preparing (workers, warm-up, connections) took longer than the lead: every early event is late.
    const lateMs = Number(process.hrtime.bigint() - t0) / 1e6;
    logger.warn({ lateMs }, 'ready after --start-at');
    process.stderr.write(`warning: ready ${lateMs.toFixed(0)} ms after --start-at; the first events are sent late\n`);
  }
  const cpuAtStart = process.cpuUsage();
  consumer = recordConsumer(recordFactory({ ...schedule, startEpochMs }), writer, tally, liveMetrics);
  pool.go(t0);
  if (interrupt.interrupted) pool.stop();
  // Dispatch runs on its own threads; meanwhile the metadata goes to disk so that a run killed
  // from here on (kill -9) can still be analysed from its records, marked unfinished.
  const metadataOf = (endMs: number, finished: boolean, monitoring: MonitoringOutput[]): RunMetadata => ({
    format: 'faas-profiler-run',
    version: 1,
    tool_version: toolVersion(),
    test_name: workload.testName,
    config_path: workload.configPath,
    start_ms: testStartMs(startEpochMs),
    end_ms: Math.round(endMs),
    duration_s: workload.durationS,
    seed: schedule.seed,
    endpoint: workload.endpoint,
    transport: spec.kind,
    api_host: target.apiHostForMetadata,
    namespace: workload.namespace,
    blocking: workload.blocking,
    invocations: total,
    records_path: RECORDS_FILE,
    interrupted: interrupt.interrupted,
    finished,
    activation_store: target.activationStore,
    monitoring,
    timeout_s: opts.timeoutS ?? DEFAULT_TIMEOUT_S,
    shard: shardMetadata(opts),
  });
  await writeRunMetadata(logsDir, metadataOf(0, false, []), opts.configPathAsGiven);
  const stopping = watchInterrupts(interrupt, pool, (opts.drainTimeoutS ?? 5) * 1000, logger);
  const bar: ProgressView | null = wantsProgressBar(opts.progress) ? createProgressBar(total) : null;
  const ticker =
    bar === null ? null : setInterval(() => bar.update(pool.sent(), tally.failures, pool.latestLagMs()), 200);
  let aborted = false;
  const behindWatch = !opts.abortIfBehind
    ? null
    : setInterval(() => {
        const due = dueBy(schedule.times, Number(process.hrtime.bigint() - t0) / 1e9);
        if (aborted || !isBehind(pool.sent(), due)) return;
        aborted = true;
        logger.warn({ sent: pool.sent(), due }, 'aborting: the run fell behind its schedule');
        process.stderr.write(`\naborting: ${pool.sent()} of ${due} invocations due were sent (--abort-if-behind)\n`);
        pool.stop();
      }, BEHIND_CHECK_MS);

  await pool.finished;
  if (ticker !== null) clearInterval(ticker);
  if (behindWatch !== null) clearInterval(behindWatch);
  bar?.stop();
  stopping.dispose();
  await pool.terminate();
  const endEpochMs = performance.timeOrigin + performance.now();
  // CPU of the whole process (all threads) from the start instant to the last answer.
  const cpu = process.cpuUsage(cpuAtStart);

  const missingOutcome = interrupt.interrupted || aborted ? 'cancelled' : 'error';
  const missingError = interrupt.interrupted
    ? 'interrupted before an answer was recorded'
    : aborted
      ? 'stopped by --abort-if-behind before an answer was recorded'
      : `dispatch worker failed: ${workerFailure ?? 'no report'}`;
  consumeMissing(writer, consume, missingOutcome, missingError);

  const interrupted = interrupt.interrupted;
  const verdict = tally.verdict({
    evidence: {
      cpuS: (cpu.user + cpu.system) / 1e6,
      wallS: (endEpochMs - startEpochMs) / 1000,
      loadAverage: loadavg()[0] ?? 0,
      cores: availableParallelism(),
    },
    aborted,
  });
  const monitored: MonitoringOutput[] =
    monitoring === null
      ? []
      : await safely(logger, 'runtime monitoring', [], () => (interrupted ? monitoring.stop() : monitoring.finish()));
  await writer.close();
  if (!interrupted) {
    monitored.push(
      ...(await safely<MonitoringOutput[]>(logger, 'post script', [], () =>
        runPostScript({ script: workload.perfMonitoring.postScript, monitoringDir, metadataDir: logsDir, logger }),
      )),
    );
  }
  const platform = target.platform;
  let unsettledIds: string[] | undefined;
  if (platform !== null && !interrupted) {
    const isStored = async (id: string): Promise<boolean> =>
      (await platform.store.get(platform.namespace, id)) !== null;
    const settled = await waitForActivations({
      ids: acceptedActivationIds(recordsPath, (msg) => logger.warn(msg)),
      isStored,
      timeoutMs: (opts.settleTimeoutS ?? 60) * 1000,
      stopped: () => interrupt.interrupted,
      logger,
    });
    unsettledIds = settled.missingIds;
    if (settled.missing > 0)
      process.stderr.write(
        `warning: ${settled.missing} of ${settled.checked} activations were not stored within ${opts.settleTimeoutS ?? 60} s: the analyzer reports them as unsettled\n`,
      );
  }

  await writeRunMetadata(
    logsDir,
    {
      ...metadataOf(endEpochMs, true, monitored),
      interrupted,
      verdict,
      ...(unsettledIds === undefined ? {} : { unsettled_ids: unsettledIds }),
    },
    opts.configPathAsGiven,
  );

  const summary = tally.summary(recordsPath, interrupted);
  logger.info({ summary, cpu_s: (cpu.user + cpu.system) / 1e6 }, 'run finished');
  (opts.out ?? process.stdout).write(formatSummary(summary, verdict));
  if (!verdict.kept) process.stderr.write(`${verdictWarning(verdict)}\n`);
  // A signal after the last answer (monitoring or settle wait) still means "interrupted" to the shell.
  const exitCode = interrupt.interrupted ? 130 : !verdict.kept && !opts.allowLate ? SCHEDULE_NOT_KEPT_EXIT : 0;
  return { exitCode, summary, verdict };
}

/**
 * The schedule's zero as an epoch ms and as an hrtime deadline for the workers: the shared
 * `--start-at` instant when given (the workers wait for it), else START_LEAD_NS from now.
 */
function startInstant(startAtMs: number | null): { startEpochMs: number; t0: bigint } {
  const nowMs = performance.timeOrigin + performance.now();
  const nowNs = process.hrtime.bigint();
  if (startAtMs === null) return { startEpochMs: nowMs + Number(START_LEAD_NS) / 1e6, t0: nowNs + START_LEAD_NS };
  return { startEpochMs: startAtMs, t0: nowNs + BigInt(Math.round((startAtMs - nowMs) * 1e6)) };
}

function shardMetadata(opts: RunOptions): RunShard | null {
  if (opts.shard === null || opts.shard === undefined) return null;
  return {
    index: opts.shard.index,
    count: opts.shard.count,
    host: hostname(),
    start_ms: opts.startAtMs ?? null,
    clock_source: hostClockSource(),
  };
}

/** Records for every seq no worker reported: none after a normal run. */
function consumeMissing(
  writer: RecordsWriter,
  consume: (b: CompletionBatch) => void,
  outcome: 'cancelled' | 'error',
  error: string,
): void {
  const seqs = [...writer.missing()];
  if (seqs.length === 0) return;
  const missing = new BatchBuilder(seqs.length);
  for (const seq of seqs) missing.push(seq, NaN, NaN, -1, outcome, null, error);
  consume(missing.take().batch);
}

/**
 * First signal: stop sending, give answers in flight `drainMs`, then cut them (abort) and,
 * after a grace period, terminate the workers. A second signal cuts at once.
 */
function watchInterrupts(
  interrupt: InterruptWatch,
  pool: WorkerPool,
  drainMs: number,
  logger: Logger,
): { dispose(): void } {
  const timers: NodeJS.Timeout[] = [];
  const abort = (): void => {
    pool.abort();
    timers.push(setTimeout(() => void pool.terminate(), ABORT_GRACE_MS));
  };
  interrupt.onSignal((count) => {
    if (count === 1) {
      logger.warn({ drainMs }, 'interrupted: stopping, waiting for answers in flight');
      process.stderr.write(
        `\ninterrupted: no more invocations; waiting up to ${drainMs / 1000} s for answers in flight (Ctrl-C again to stop now)\n`,
      );
      pool.stop();
      timers.push(setTimeout(abort, drainMs));
    } else {
      abort();
    }
  });
  return { dispose: () => timers.forEach(clearTimeout) };
}
