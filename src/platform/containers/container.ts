/**
 * A container: the process (or, for native actions, the folder and one process per activation)
 * that runs one action revision. The pool decides which container runs what; a container only
 * starts, runs, times out and dies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Action } from '../action.js';
import { formatLogLine } from '../activation-record.js';
import { nowMs } from '../ids.js';
import { codeFileContents, codeFileName, containerEnv, runtimeCommand } from '../runtimes/index.js';

export type RunResult =
  | { readonly kind: 'reply'; readonly ok: true; readonly value: unknown; readonly logs: string[] }
  | { readonly kind: 'reply'; readonly ok: false; readonly error: string; readonly logs: string[] }
  | { readonly kind: 'timeout'; readonly logs: string[] }
  | { readonly kind: 'died'; readonly logs: string[] };

export type InitResult =
  | { readonly ok: true; readonly initStart: number; readonly initEnd: number }
  | { readonly ok: false; readonly initStart: number; readonly initEnd: number; readonly message: string; readonly timedOut: boolean; readonly whiskError: boolean };

export interface Container {
  readonly id: number;
  readonly action: Action;
  readonly memoryMb: number;
  /** Activations it may run at once. */
  readonly capacity: number;
  /** Activations assigned to it (running or waiting for its initialisation). */
  inflight: number;
  /** Epoch ms when it last became idle. */
  idleSince: number;
  readonly alive: boolean;
  /** Resolves when the container is initialised (or failed to). Starts it on first call. */
  readonly started: Promise<InitResult>;
  run(params: Record<string, unknown>, env: Record<string, string>, timeoutMs: number): Promise<RunResult>;
  /** Kills it; running activations resolve as `died`. */
  destroy(): void;
  /** Resolves once its processes have exited. */
  readonly exited: Promise<void>;
}

const STRAY_LINES = 50;

/** Splits a byte stream into lines, calling `onLine` for each complete one. */
function onLines(stream: Readable, onLine: (line: string) => void): void {
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) onLine(line);
  });
  stream.on('end', () => {
    if (partial !== '') onLine(partial);
    partial = '';
  });
}

async function prepareDir(dir: string, action: Action): Promise<string> {
  await mkdir(dir, { recursive: true });
  const name = codeFileName(action.exec.family, action.exec.code);
  const file = join(dir, name);
  await writeFile(file, codeFileContents(action.exec.family, action.exec.code, action.exec.binary, action.exec.main, name), { mode: 0o755 });
  return file;
}

interface ProtocolMessage {
  t?: string;
  id?: number;
  ok?: boolean;
  r?: unknown;
  e?: string;
  l?: string[];
}

/** A long-lived nodejs or python process speaking the line protocol of runtimes/*-runner. */
export class ProcessContainer implements Container {
  inflight = 0;
  idleSince = nowMs();
  alive = true;
  readonly capacity: number;
  readonly memoryMb: number;
  readonly started: Promise<InitResult>;
  readonly exited: Promise<void>;
  private child: ChildProcess | null = null;
  private readonly pending = new Map<number, { resolve: (r: RunResult) => void; timer: NodeJS.Timeout }>();
  private readonly stray: string[] = [];
  private seq = 0;
  private dead = false;
  private outgoing = '';
  private flushScheduled = false;
  private onControl: ((msg: ProtocolMessage | null) => void) | null = null;
  private markExited!: () => void;

  constructor(readonly id: number, readonly action: Action, private readonly dir: string, initTimeoutMs: number, private readonly onDeath: (c: Container) => void) {
    this.memoryMb = action.limits.memory;
    this.capacity = action.exec.family === 'nodejs' ? action.limits.concurrency : 1;
    this.exited = new Promise((resolve) => { this.markExited = resolve; });
    this.started = this.start(initTimeoutMs);
  }

  private async start(timeoutMs: number): Promise<InitResult> {
    const failed = (message: string, whiskError: boolean): InitResult => {
      const t = nowMs();
      this.destroy();
      return { ok: false, initStart: t, initEnd: t, message, timedOut: false, whiskError };
    };
    let file: string;
    try {
      file = await prepareDir(this.dir, this.action);
    } catch (err) {
      return failed(`whisk-local could not prepare the container: ${(err as Error).message}`, true);
    }
    if (!this.alive) return failed('whisk-local stopped before the container started.', true);
    const family = this.action.exec.family === 'python' ? 'python' : 'nodejs';
    const { command, args } = runtimeCommand(family, this.memoryMb);
    const child = spawn(command, args, { cwd: this.dir, env: containerEnv(), stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
    this.child = child;
    child.stdin!.on('error', () => { /* the exit handler reports the death */ });
    const keepStray = (stream: 'stdout' | 'stderr') => (line: string) => {
      this.stray.push(formatLogLine(nowMs(), stream, line));
      if (this.stray.length > STRAY_LINES) this.stray.shift();
    };
    onLines(child.stdout!, keepStray('stdout'));
    onLines(child.stderr!, keepStray('stderr'));
    onLines(child.stdio[3] as Readable, (line) => this.receive(line));
    const spawnError = new Promise<string>((resolve) => child.once('error', (err) => {
      resolve(err.message);
      this.died();
    }));
    child.once('exit', () => this.died());

    const ready = await Promise.race([this.control(), spawnError]);
    if (typeof ready === 'string') return failed(`whisk-local could not start the ${family} runtime: ${ready}`, true);
    if (ready === null) return failed(`The ${family} runtime exited before it was ready. ${this.stray.join(' ')}`.trim(), true);
    const initStart = nowMs();
    const reply = this.control();
    child.stdin!.write(`${JSON.stringify({ t: 'init', file, main: this.action.exec.main })}\n`);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); });
    const msg = await Promise.race([reply, timedOut]);
    clearTimeout(timer);
    const initEnd = nowMs();
    if (msg === 'timeout') {
      this.destroy();
      return { ok: false, initStart, initEnd, message: `The action exceeded its time limits of ${timeoutMs} milliseconds during initialization.`, timedOut: true, whiskError: false };
    }
    if (msg === null || msg.ok !== true) {
      this.destroy();
      return { ok: false, initStart, initEnd, message: msg?.e ?? 'The action did not initialize and exited unexpectedly.', timedOut: false, whiskError: false };
    }
    return { ok: true, initStart, initEnd };
  }

  /** The next control (non-run) message, or null if the process dies first. */
  private control(): Promise<ProtocolMessage | null> {
    return new Promise((resolve) => {
      if (!this.alive) resolve(null);
      else this.onControl = resolve;
    });
  }

  private receive(line: string): void {
    let msg: ProtocolMessage;
    try {
      msg = JSON.parse(line) as ProtocolMessage;
    } catch {
      return;
    }
    if (msg.id === undefined) {
      const cb = this.onControl;
      this.onControl = null;
      cb?.(msg);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    clearTimeout(p.timer);
    const logs = msg.l ?? [];
    p.resolve(msg.ok === true ? { kind: 'reply', ok: true, value: msg.r, logs } : { kind: 'reply', ok: false, error: msg.e ?? 'The action failed.', logs });
  }

  run(params: Record<string, unknown>, env: Record<string, string>, timeoutMs: number): Promise<RunResult> {
    return new Promise((resolve) => {
      if (!this.alive || this.child === null) {
        resolve({ kind: 'died', logs: [] });
        return;
      }
      const id = ++this.seq;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ kind: 'timeout', logs: [] });
        this.destroy();
      }, timeoutMs);
      this.pending.set(id, { resolve, timer });
      this.send(`{"t":"run","id":${id},"env":${JSON.stringify(env)},"p":${JSON.stringify(params)}}\n`);
    });
  }

  /**
   * Queues a request line; lines queued in the same turn of the event loop go out in one write,
   * so a busy container costs one pipe write (and one wake-up of its process) per batch.
   */
  private send(line: string): void {
    this.outgoing += line;
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      const data = this.outgoing;
      this.outgoing = '';
      if (this.alive && this.child !== null) this.child.stdin!.write(data);
    });
  }

  private died(): void {
    if (this.dead) return;
    this.dead = true;
    this.alive = false;
    const cb = this.onControl;
    this.onControl = null;
    cb?.(null);
    const tail = [...this.stray];
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.resolve({ kind: 'died', logs: tail });
    }
    this.pending.clear();
    this.markExited();
    void rm(this.dir, { recursive: true, force: true }).catch(() => undefined);
    this.onDeath(this);
  }

  destroy(): void {
    const wasAlive = this.alive;
    this.alive = false;
    if (this.child !== null && this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
    } else if (wasAlive) {
      // never spawned (or already gone): report the death now
      this.died();
    }
  }
}

/** A native action: an executable run once per activation, params JSON on stdin, result JSON as the last stdout line. */
export class NativeContainer implements Container {
  inflight = 0;
  idleSince = nowMs();
  alive = true;
  readonly capacity: number;
  readonly memoryMb: number;
  readonly started: Promise<InitResult>;
  readonly exited: Promise<void>;
  private readonly running = new Set<ChildProcess>();
  private file = '';
  private markExited!: () => void;

  constructor(readonly id: number, readonly action: Action, private readonly dir: string, private readonly onDeath: (c: Container) => void) {
    this.memoryMb = action.limits.memory;
    this.capacity = 1;
    this.exited = new Promise((resolve) => { this.markExited = resolve; });
    this.started = this.start();
  }

  private async start(): Promise<InitResult> {
    const initStart = nowMs();
    try {
      this.file = await prepareDir(this.dir, this.action);
      return { ok: true, initStart, initEnd: nowMs() };
    } catch (err) {
      this.destroy();
      const t = nowMs();
      return { ok: false, initStart, initEnd: t, message: `whisk-local could not prepare the container: ${(err as Error).message}`, timedOut: false, whiskError: true };
    }
  }

  run(params: Record<string, unknown>, env: Record<string, string>, timeoutMs: number): Promise<RunResult> {
    return new Promise((resolve) => {
      if (!this.alive) {
        resolve({ kind: 'died', logs: [] });
        return;
      }
      const child = spawn(this.file, [], { cwd: this.dir, env: { ...containerEnv(), ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
      this.running.add(child);
      const lines: { stream: 'stdout' | 'stderr'; text: string; at: number }[] = [];
      onLines(child.stdout!, (text) => lines.push({ stream: 'stdout', text, at: nowMs() }));
      onLines(child.stderr!, (text) => lines.push({ stream: 'stderr', text, at: nowMs() }));
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs);
      child.stdin!.on('error', () => { /* the executable may not read its input */ });
      child.stdin!.end(JSON.stringify(params));
      let spawnError: string | null = null;
      child.once('error', (err) => { spawnError = err.message; });
      child.once('close', (code) => {
        clearTimeout(timer);
        this.running.delete(child);
        let resultIndex = -1;
        for (let i = lines.length - 1; i >= 0; i--) {
          const l = lines[i]!;
          if (l.stream === 'stdout' && l.text.trim() !== '') { resultIndex = i; break; }
        }
        const logs = lines.filter((_, i) => i !== resultIndex).map((l) => formatLogLine(l.at, l.stream, l.text));
        if (timedOut) return resolve({ kind: 'timeout', logs });
        if (spawnError !== null) return resolve({ kind: 'reply', ok: false, error: `The action could not be started: ${spawnError}`, logs });
        if (resultIndex === -1) return resolve(code === 0 ? { kind: 'reply', ok: true, value: null, logs } : { kind: 'died', logs });
        try {
          resolve({ kind: 'reply', ok: true, value: JSON.parse(lines[resultIndex]!.text) as unknown, logs });
        } catch {
          resolve(code === 0 ? { kind: 'reply', ok: false, error: 'The action did not produce a valid JSON response.', logs } : { kind: 'died', logs });
        }
      });
    });
  }

  destroy(): void {
    if (!this.alive) return;
    this.alive = false;
    for (const child of this.running) child.kill('SIGKILL');
    const waitAll = [...this.running].map((c) => new Promise<void>((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) resolve();
      else c.once('close', () => resolve());
    }));
    void Promise.all(waitAll).then(() => {
      this.markExited();
      return rm(this.dir, { recursive: true, force: true });
    }).catch(() => undefined);
    this.onDeath(this);
  }
}
