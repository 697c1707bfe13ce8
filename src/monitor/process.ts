import { accessSync, closeSync, constants, openSync, readFileSync } from 'node:fs';
import { execa } from 'execa';

/** How a monitoring script ended. */
export interface ScriptExit {
  /** Exit code, or null when killed by a signal or never started. */
  readonly code: number | null;
  readonly signal: string | null;
  /** Why it could not start (`ENOENT`, `EACCES`, ...), or null. */
  readonly startError: string | null;
  /** True when we stopped it (Ctrl-C, or it outlived its bound). */
  readonly stopped: boolean;
}

export interface ScriptRun {
  /** Resolves once the script has exited or failed to start; never rejects. */
  readonly exited: Promise<ScriptExit>;
  /** SIGTERM to the script now; SIGKILL to its process group if it is still there after `killGraceMs`. */
  stop(): Promise<ScriptExit>;
  /** Waits for the script until `deadlineMs` (epoch ms), then stops it. */
  finish(deadlineMs: number): Promise<ScriptExit>;
}

export interface ScriptStart {
  readonly script: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** stdout and stderr go here (the file is started afresh). */
  readonly logPath: string;
  readonly killGraceMs?: number;
}

/**
 * A script that is not executable but starts with `#!` (or ends in `.sh`) runs through its
 * interpreter, as FaaSProfiler ran its scripts with a shell; anything else is executed directly
 * (and reports EACCES/ENOENT itself).
 */
export function scriptCommand(script: string): [file: string, args: string[]] {
  try {
    accessSync(script, constants.X_OK);
    return [script, []];
  } catch {
    // not executable (or missing): look for an interpreter below
  }
  let firstLine = '';
  try {
    firstLine = readFileSync(script, 'utf8').split('\n', 1)[0] ?? '';
  } catch {
    return [script, []];
  }
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(firstLine);
  if (shebang?.[1]) return [shebang[1], [...(shebang[2] ? [shebang[2]] : []), script]];
  return script.endsWith('.sh') ? ['/bin/sh', [script]] : [script, []];
}

/**
 * Starts a script in the background in its own process group (so a stop reaches the tools it
 * started), without a shell (paths with spaces are fine), output appended to `logPath`.
 */
export function startScript(opts: ScriptStart): ScriptRun {
  const killGraceMs = opts.killGraceMs ?? 3000;
  const [file, scriptArgs] = scriptCommand(opts.script);
  let stopped = false;
  let done = false;
  let exited: Promise<ScriptExit>;
  let pid: number | undefined;
  try {
    // A real file descriptor, not a pipe: the run ends when the script exits even if a helper it
    // left behind still holds the log open. (execa's types list only fds 3-9; it accepts any.)
    const fd = openSync(opts.logPath, 'w') as 3;
    try {
      const sub = execa(file, [...scriptArgs, ...opts.args], {
        cwd: opts.cwd,
        env: opts.env,
        stdin: 'ignore',
        stdout: fd,
        stderr: fd,
        detached: true,
        reject: false,
      });
      pid = sub.pid;
      exited = sub.then((r): ScriptExit => {
        done = true;
        const neverRan = r.exitCode === undefined && r.signal === undefined;
        const cause: unknown = r instanceof Error ? r.cause : undefined;
        return {
          code: r.exitCode ?? null,
          signal: r.signal ?? null,
          startError: neverRan ? (errorCode(cause) ?? (r instanceof Error ? r.message : 'unknown error')) : null,
          stopped,
        };
      });
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    exited = Promise.resolve({ code: null, signal: null, startError: errorCode(err) ?? String(err), stopped: false });
  }

  const signalGroup = (signal: NodeJS.Signals): void => {
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is already gone
    }
  };

  const stop = async (): Promise<ScriptExit> => {
    // Once the script has exited and been reaped, its pid and group id are free for reuse: no signals.
    if (pid !== undefined && !stopped && !done) {
      stopped = true;
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already exited
      }
      await untilDeadline(Date.now() + killGraceMs, exited);
      // The script if it is still there, and helpers it left behind in its group (it led the group).
      signalGroup('SIGKILL');
    }
    const result = await exited;
    return { ...result, stopped };
  };

  const finish = async (deadlineMs: number): Promise<ScriptExit> => {
    const first = await untilDeadline(deadlineMs, exited);
    return first === 'late' ? stop() : first;
  };

  return { exited, stop, finish };
}

function errorCode(err: unknown): string | undefined {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return undefined;
}

/** The first of `promises` to settle, or `'late'` at `deadlineMs` (epoch ms); the timer is cleared either way. */
export async function untilDeadline<P extends readonly PromiseLike<unknown>[]>(
  deadlineMs: number,
  ...promises: P
): Promise<Awaited<P[number]> | 'late'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), Math.max(0, deadlineMs - Date.now()));
  });
  try {
    return await Promise.race([...promises, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The last non-empty line of `text`, trimmed (for one-line warnings), or ''. */
export function lastLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .at(-1) ?? ''
  );
}

/** The last non-empty line of a log, or ''. */
export function lastLogLine(logPath: string): string {
  try {
    return lastLine(readFileSync(logPath, 'utf8'));
  } catch {
    return '';
  }
}

/** A one-line description of a bad ending, or null when the script succeeded or we stopped it. */
export function describeExit(exit: ScriptExit): string | null {
  if (exit.startError) return `could not start (${exit.startError})`;
  if (exit.stopped) return null;
  if (exit.signal) return `was killed by ${exit.signal}`;
  if (exit.code !== 0) return `exited with code ${exit.code}`;
  return null;
}
