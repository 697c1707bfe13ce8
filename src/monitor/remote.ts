import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type Options } from 'execa';
import type { Logger } from 'pino';
import type { MonitorTarget } from '../config/types.js';
import { lastLine, untilDeadline } from './process.js';

/** The bundled monitoring scripts (`<package>/monitoring/`), from both src/ and dist/. */
export function bundledMonitoringDir(): string {
  return fileURLToPath(new URL('../../monitoring/', import.meta.url));
}

/** How to run one shell command line on a target: a program and its arguments, no local shell. */
export interface RemoteCommand {
  readonly file: string;
  readonly args: readonly string[];
}

/** The target's name as used in `MonitoringOutput.host`: the ssh destination (`:port` when given) or the pod. */
export function targetName(target: MonitorTarget): string {
  if ('ssh' in target) return target.port !== undefined ? `${target.ssh}:${target.port}` : target.ssh;
  const words = splitWords(target.kubectl);
  const exec = words.indexOf('exec');
  // The pod is the first word after `exec` that is neither an option nor an option's value.
  for (let i = exec + 1; exec >= 0 && i < words.length; i++) {
    const w = words[i] as string;
    if (w === '--') break;
    if (/^(-n|--namespace|-c|--container)$/.test(w)) {
      i++;
      continue;
    }
    if (!w.startsWith('-')) return w;
  }
  return `kubectl ${target.kubectl.trim()}`;
}

/** A folder name for a target's outputs: its name with anything but `[A-Za-z0-9@._-]` as `_`. */
export function hostTag(name: string): string {
  const tag = name.replace(/[^A-Za-z0-9@._-]/g, '_').replace(/^\.+/, '_');
  return tag === '' ? 'remote' : tag;
}

/** Tags for several targets, made unique with `-2`, `-3`... */
export function hostTags(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const tag = hostTag(name);
    const n = (seen.get(tag) ?? 0) + 1;
    seen.set(tag, n);
    return n === 1 ? tag : `${tag}-${n}`;
  });
}

function splitWords(s: string): string[] {
  return s
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
}

/**
 * `ssh` in batch mode (never prompts; an unknown host key or a missing key fails at once) with
 * the target's port, identity and extra options, running `line` through the remote login shell;
 * or `kubectl <args> sh -c line`, with `-i` added after `exec` so stdin reaches the pod.
 */
export function remoteCommand(target: MonitorTarget, line: string): RemoteCommand {
  if ('ssh' in target) {
    const args = ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10', '-o', 'ServerAliveInterval=15'];
    if (target.port !== undefined) args.push('-p', String(target.port));
    if (target.identity !== undefined) args.push('-i', target.identity, '-o', 'IdentitiesOnly=yes');
    args.push(...(target.options ?? []), '--', target.ssh, line);
    return { file: 'ssh', args };
  }
  const words = splitWords(target.kubectl);
  const exec = words.indexOf('exec');
  const hasStdin = words.some((w) => w === '-i' || w === '--stdin' || /^-[a-z]*i[a-z]*$/.test(w));
  if (exec >= 0 && !hasStdin) words.splice(exec + 1, 0, '-i');
  return { file: 'kubectl', args: [...words, 'sh', '-c', line] };
}

/** `it's` → `'it'\''s'`: one word for a POSIX shell. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** FAAS_* settings (monitors, events, intervals, devices) passed on to the remote scripts. */
export function forwardedEnv(env: NodeJS.ProcessEnv): [string, string][] {
  return Object.entries(env)
    .filter(
      (e): e is [string, string] =>
        /^FAAS_[A-Z0-9_]+$/.test(e[0]) && e[0] !== 'FAAS_MONITOR_DIR' && typeof e[1] === 'string',
    )
    .sort(([a], [b]) => a.localeCompare(b));
}

/** Shell lines run on the target (its temp dir `dir` comes from mktemp, so it needs no quoting care beyond shQuote). */
export const remoteLines = {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, not a template
  unpack: 'd=$(mktemp -d "${TMPDIR:-/tmp}/faas-monitor.XXXXXX") && tar -xf - -C "$d" && echo "$d"',
  run(dir: string, durationS: number, env: readonly [string, string][]): string {
    const vars = [...env, ['FAAS_MONITOR_DIR', `${dir}/out`] as const].map(([k, v]) => `${k}=${shQuote(v)}`).join(' ');
    // $$ is the shell sshd / kubectl started; exec keeps that pid for the script, which `stop`
    // signals. The pid is written before the stop flag is checked, so a stop racing the start
    // either finds the flag unset and the pid written, or sets the flag before it is checked.
    return `cd ${shQuote(dir)} && echo $$ > monitor.pid && [ ! -e stop ] && exec env ${vars} sh ./RuntimeMonitoring.sh ${durationS}`;
  },
  stop: (dir: string) =>
    `cd ${shQuote(dir)} && touch stop && kill -TERM "$(cat monitor.pid 2>/dev/null)" 2>/dev/null; true`,
  pack: (dir: string) => `mkdir -p ${shQuote(`${dir}/out`)} && tar -cf - -C ${shQuote(`${dir}/out`)} .`,
  clean: (dir: string) => `rm -rf ${shQuote(dir)}`,
};

export interface RemoteMonitoringOptions {
  readonly target: MonitorTarget;
  readonly name: string;
  /** Local folder receiving this target's outputs (created). */
  readonly localDir: string;
  readonly durationS: number;
  /** Folder whose scripts are copied (default: the bundled monitoring/). */
  readonly scriptsDir: string;
  /** FAAS_* settings for the remote scripts. */
  readonly env: readonly [string, string][];
  /** Environment of the local ssh / kubectl / tar processes (PATH, SSH_AUTH_SOCK, KUBECONFIG...). */
  readonly processEnv: NodeJS.ProcessEnv;
  readonly logger: Logger;
  readonly warn: (msg: string) => void;
}

export interface RemoteMonitoring {
  /** Stop the remote monitors now (they flush their outputs); the outputs are still copied back. */
  stop(): void;
  /** Waits for the remote run (until `deadlineMs`, then stops it), copies the outputs back, cleans up. Never rejects. */
  finish(deadlineMs: number): Promise<void>;
}

const STEP_TIMEOUT_MS = 60_000;
/** After a stop, how long the remote monitors get to flush before the ssh/kubectl client is killed. */
const STOP_GRACE_MS = 10_000;

/** Copies the scripts to the target, starts them for the test duration, and later fetches the outputs. */
export function startRemoteMonitoring(opts: RemoteMonitoringOptions): RemoteMonitoring {
  const { target, name, logger, warn } = opts;
  const run = (line: string, extra: Options = {}) => {
    const cmd = remoteCommand(target, line);
    return execa(cmd.file, cmd.args, {
      reject: false,
      timeout: STEP_TIMEOUT_MS,
      stdin: 'ignore',
      env: opts.processEnv,
      extendEnv: false,
      ...extra,
    });
  };
  let dir: string | null = null;
  let stopRequested = false;
  let running: ReturnType<typeof execa> | null = null;
  let stopSent: Promise<unknown> | null = null;

  const sendStop = (): void => {
    if (dir !== null && stopSent === null) stopSent = run(remoteLines.stop(dir));
  };
  // Resolves STOP_GRACE_MS after stop(): an interrupted run does not wait for the test's full bound.
  let armStopDeadline: () => void = () => {};
  const stopDeadline = new Promise<'late'>((resolve) => {
    armStopDeadline = () => setTimeout(() => resolve('late'), STOP_GRACE_MS).unref();
  });

  const started = (async (): Promise<boolean> => {
    mkdirSync(opts.localDir, { recursive: true });
    const files = readdirSync(opts.scriptsDir).filter((f) => f.endsWith('.sh'));
    const tarball = await execa('tar', ['-cf', '-', '-C', opts.scriptsDir, ...files], {
      encoding: 'buffer',
      reject: false,
      env: opts.processEnv,
      extendEnv: false,
    });
    if (tarball.failed) {
      warn(`monitoring target ${name}: could not pack ${opts.scriptsDir} (${tarball.shortMessage}); skipped`);
      return false;
    }
    const unpack = await run(remoteLines.unpack, { input: tarball.stdout, stdin: undefined });
    // The last line: a login shell's rc files may print something first.
    const remoteDir = lastLine(String(unpack.stdout ?? ''));
    if (unpack.failed || !remoteDir.startsWith('/')) {
      const why = lastLine(String(unpack.stderr ?? '')) || unpack.shortMessage;
      logger.warn({ target: name, exitCode: unpack.exitCode, stderr: unpack.stderr }, 'monitoring target unreachable');
      warn(`monitoring target ${name}: unreachable or refused (${why}); not monitored`);
      return false;
    }
    dir = remoteDir;
    logger.info({ target: name, dir }, 'remote monitoring started');
    const logPath = join(opts.localDir, 'runtime_script.log');
    writeFileSync(logPath, ''); // a fresh log; both streams then append to it
    running = run(remoteLines.run(dir, opts.durationS, opts.env), {
      stdout: { file: logPath, append: true },
      stderr: { file: logPath, append: true },
      timeout: undefined,
    });
    if (stopRequested) sendStop();
    return true;
  })().catch((err: unknown) => {
    warn(`monitoring target ${name}: ${err instanceof Error ? err.message : String(err)}; not monitored`);
    return false;
  });

  const finish = async (deadlineMs: number): Promise<void> => {
    if (!(await started) || dir === null || running === null) return;
    const first = await untilDeadline(deadlineMs, running, stopDeadline);
    if (first === 'late') {
      if (!stopRequested) warn(`monitoring target ${name}: still running after its bound; stopped`);
      sendStop();
      if ((await untilDeadline(Date.now() + STOP_GRACE_MS, running)) === 'late') running.kill('SIGKILL');
    }
    const result = await running;
    if (result.exitCode !== 0 && !stopRequested && first !== 'late') {
      warn(
        `monitoring target ${name}: remote RuntimeMonitoring.sh exited with code ${result.exitCode ?? result.signal} (log: ${join(opts.localDir, 'runtime_script.log')})`,
      );
    }
    await fetchOutputs(dir);
    await run(remoteLines.clean(dir));
  };

  const fetchOutputs = async (remoteDir: string): Promise<void> => {
    const tarPath = join(opts.localDir, '.outputs.tar');
    const packed = await run(remoteLines.pack(remoteDir), { stdout: { file: tarPath }, timeout: 10 * STEP_TIMEOUT_MS });
    const unpacked = packed.failed
      ? packed
      : await execa('tar', ['-xmf', tarPath, '-C', opts.localDir], {
          reject: false,
          env: opts.processEnv,
          extendEnv: false,
        });
    rmSync(tarPath, { force: true });
    if (unpacked.failed)
      warn(
        `monitoring target ${name}: could not copy the outputs back (${lastLine(String(unpacked.stderr ?? '')) || unpacked.shortMessage})`,
      );
  };

  return {
    stop() {
      if (stopRequested) return;
      stopRequested = true;
      sendStop();
      armStopDeadline();
    },
    finish: (deadlineMs) =>
      finish(deadlineMs).catch((err: unknown) => {
        warn(`monitoring target ${name}: ${err instanceof Error ? err.message : String(err)}`);
      }),
  };
}
