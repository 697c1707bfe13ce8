import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { MonitorTarget } from '../config/types.js';
import type { MonitoringOutput } from '../contracts/index.js';
import { changedSince, findFiles, toOutputs } from './outputs.js';
import { describeExit, lastLogLine, startScript, type ScriptExit, type ScriptRun } from './process.js';
import {
  bundledMonitoringDir,
  forwardedEnv,
  hostTags,
  startRemoteMonitoring,
  targetName,
  type RemoteMonitoring,
} from './remote.js';

export interface MonitoringStartOptions {
  /** Absolute path of the runtime script, or null (then only remote targets, if any). */
  readonly script: string | null;
  readonly targets: readonly MonitorTarget[];
  readonly durationS: number;
  /** The run's monitoring folder (created if needed); scripts run with it as their cwd. */
  readonly monitoringDir: string;
  /** Outputs are reported relative to this folder (the metadata's). */
  readonly metadataDir: string;
  readonly logger: Logger;
  /** Extra time after the test duration before `finish()` stops the scripts (default 15 s). */
  readonly graceS?: number;
  /** Where one-line warnings go (default: stderr, as `warning: ...`). */
  readonly warn?: (msg: string) => void;
  /** Environment for the scripts and the ssh/kubectl clients (default: process.env); its FAAS_* settings are passed to remote targets. */
  readonly env?: NodeJS.ProcessEnv;
  /** Scripts copied to remote targets (default: the bundled monitoring/ folder). */
  readonly remoteScriptsDir?: string;
}

export interface MonitoringSession {
  /**
   * Waits for every script (bounded), copies remote outputs back, lists the outputs: the files in
   * the monitoring folder that this run created or changed. Never throws.
   */
  finish(): Promise<MonitoringOutput[]>;
  /** Stops everything now (interrupted run), then behaves as finish(). */
  stop(): Promise<MonitoringOutput[]>;
}

export const RUNTIME_LOG = 'runtime_script.log';
export const POST_LOG = 'post_script.log';
const DEFAULT_GRACE_S = 15;
const DEFAULT_POST_TIMEOUT_S = 600;

function stderrWarn(msg: string): void {
  process.stderr.write(`warning: ${msg}\n`);
}

function scriptEnv(env: NodeJS.ProcessEnv, monitoringDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') out[k] = v;
  out.FAAS_MONITOR_DIR = monitoringDir;
  return out;
}

/** Warns (log + one line) when a script ended badly; silent when it succeeded or we stopped it on request. */
function reportExit(
  label: string,
  script: string,
  exit: ScriptExit,
  logPath: string,
  logger: Logger,
  warn: (msg: string) => void,
  outlived: boolean,
): void {
  const problem = outlived ? 'was still running after its bound and was stopped' : describeExit(exit);
  if (problem === null) {
    logger.info({ script, exit }, `${label} finished`);
    return;
  }
  const detail = exit.startError ? '' : lastLogLine(logPath);
  logger.warn({ script, exit, log: logPath }, `${label} ${problem}`);
  warn(`${label} ${script} ${problem}${detail ? `: ${detail}` : ''} (log: ${logPath})`);
}

function tryMkdir(dir: string, warn: (msg: string) => void): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    return true;
  } catch (err) {
    warn(
      `cannot create the monitoring folder ${dir} (${(err as NodeJS.ErrnoException).code ?? String(err)}); monitoring skipped`,
    );
    return false;
  }
}

/** Starts the runtime script (and remote targets) in the background at test start. Never throws. */
export function startRuntimeMonitoring(opts: MonitoringStartOptions): MonitoringSession {
  const warn = opts.warn ?? stderrWarn;
  const env = opts.env ?? process.env;
  const deadlineMs = Date.now() + (opts.durationS + (opts.graceS ?? DEFAULT_GRACE_S)) * 1000;
  const ok = tryMkdir(opts.monitoringDir, warn);
  const before = ok ? findFiles(opts.monitoringDir) : [];

  const logPath = join(opts.monitoringDir, RUNTIME_LOG);
  let local: ScriptRun | null = null;
  if (ok && opts.script !== null) {
    local = startScript({
      script: opts.script,
      args: [String(opts.durationS)],
      cwd: opts.monitoringDir,
      env: scriptEnv(env, opts.monitoringDir),
      logPath,
    });
    opts.logger.info(
      { script: opts.script, durationS: opts.durationS, monitoringDir: opts.monitoringDir },
      'runtime script started',
    );
  }

  const names = opts.targets.map(targetName);
  const tags = hostTags(names);
  const hostsByTag = new Map(tags.map((tag, i) => [tag, names[i] as string]));
  const remotes: RemoteMonitoring[] = !ok
    ? []
    : opts.targets.map((target, i) =>
        startRemoteMonitoring({
          target,
          name: names[i] as string,
          localDir: join(opts.monitoringDir, tags[i] as string),
          durationS: opts.durationS,
          scriptsDir: opts.remoteScriptsDir ?? bundledMonitoringDir(),
          env: forwardedEnv(env),
          processEnv: env,
          logger: opts.logger,
          warn,
        }),
      );

  let stopRequested = false;
  let result: Promise<MonitoringOutput[]> | null = null;
  const finish = (): Promise<MonitoringOutput[]> => {
    result ??= (async () => {
      const localDone = (async () => {
        if (local === null || opts.script === null) return;
        const exit = await local.finish(deadlineMs);
        reportExit('runtime script', opts.script, exit, logPath, opts.logger, warn, exit.stopped && !stopRequested);
      })();
      await Promise.all([localDone, ...remotes.map((r) => r.finish(deadlineMs))]);
      return ok
        ? toOutputs(
            changedSince(before, findFiles(opts.monitoringDir)),
            opts.monitoringDir,
            opts.metadataDir,
            hostsByTag,
          )
        : [];
    })().catch((err: unknown) => {
      warn(`monitoring: ${err instanceof Error ? err.message : String(err)}`);
      return [];
    });
    return result;
  };

  return {
    finish,
    stop() {
      if (!stopRequested) {
        stopRequested = true;
        void local?.stop();
        for (const r of remotes) r.stop();
      }
      return finish();
    },
  };
}

/**
 * Runs the post script after the last response (bounded by `timeoutS`, default 600 s); a failure
 * is logged and reported, never thrown. Returns the outputs it created or changed (its log
 * included); a file the runtime monitors wrote and the post script changed appears in both lists.
 */
export async function runPostScript(opts: {
  script: string | null;
  monitoringDir: string;
  metadataDir: string;
  logger: Logger;
  timeoutS?: number;
  warn?: (msg: string) => void;
  env?: NodeJS.ProcessEnv;
}): Promise<MonitoringOutput[]> {
  const warn = opts.warn ?? stderrWarn;
  if (opts.script === null) return [];
  try {
    if (!tryMkdir(opts.monitoringDir, warn)) return [];
    const before = findFiles(opts.monitoringDir);
    const logPath = join(opts.monitoringDir, POST_LOG);
    const run = startScript({
      script: opts.script,
      args: [],
      cwd: opts.monitoringDir,
      env: scriptEnv(opts.env ?? process.env, opts.monitoringDir),
      logPath,
    });
    opts.logger.info({ script: opts.script }, 'post script started');
    const exit = await run.finish(Date.now() + (opts.timeoutS ?? DEFAULT_POST_TIMEOUT_S) * 1000);
    reportExit('post script', opts.script, exit, logPath, opts.logger, warn, exit.stopped);
    return toOutputs(
      changedSince(before, findFiles(opts.monitoringDir)),
      opts.monitoringDir,
      opts.metadataDir,
      new Map(),
    );
  } catch (err) {
    warn(`post script ${opts.script}: ${err instanceof Error ? err.message : String(err)}`);
    return [];
  }
}
