/**
 * A container: the process (or, for native actions, the folder and one process per activation)
 * that runs one action revision. The pool decides which container runs what; a container only
 * starts, runs, times out and dies. Processes are started by the spawner helper; runtimes talk to
 * the platform over a Unix socket (the hub), one JSON message per line.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import type { Action } from '../action.js';
import { formatLogLine, MESSAGES } from '../activation-record.js';
import { nowMs } from '../ids.js';
import { codeFileContents, codeFileName, containerEnv, runtimeCommand } from '../runtimes/index.js';
import type { ContainerHub } from './hub.js';
import type { OutputLine, Spawner } from './spawner.js';
import { LineSplitter } from './lines.js';

export type RunResult =
  | { readonly kind: 'reply'; readonly ok: true; readonly value: unknown; readonly logs: string[] }
  | { readonly kind: 'reply'; readonly ok: false; readonly error: string; readonly logs: string[] }
  | { readonly kind: 'timeout'; readonly logs: string[] }
  | { readonly kind: 'died'; readonly logs: string[] };

export type InitResult =
  | { readonly ok: true; readonly initStart: number; readonly initEnd: number }
  | {
      readonly ok: false;
      readonly initStart: number;
      readonly initEnd: number;
      readonly message: string;
      readonly timedOut: boolean;
      readonly whiskError: boolean;
    };

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
  /** Resolves when the container is initialised (or failed to). */
  readonly started: Promise<InitResult>;
  run(params: Record<string, unknown>, env: Record<string, string>, timeoutMs: number): Promise<RunResult>;
  /** Kills it; running activations resolve as `died`. */
  destroy(): void;
  /** Resolves once its processes have exited. */
  readonly exited: Promise<void>;
}

/** How long a runtime process may take to start and connect. */
const RUNTIME_START_LIMIT_MS = 30_000;

/** What containers need from the platform: the process spawner and the socket runtimes connect to. */
export interface ContainerHost {
  readonly spawner: Spawner;
  readonly hub: ContainerHub;
}

function logLines(lines: readonly OutputLine[]): string[] {
  return lines.map((l) => formatLogLine(l.at, l.s, l.x));
}

async function prepareDir(dir: string, action: Action): Promise<string> {
  await mkdir(dir, { recursive: true });
  const name = codeFileName(action.exec.family, action.exec.code);
  const file = join(dir, name);
  await writeFile(
    file,
    codeFileContents(action.exec.family, action.exec.code, action.exec.binary, action.exec.main, name),
    { mode: 0o755 },
  );
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

/** A long-lived nodejs or python runtime process (runtimes/nodejs-runner.js, python_runner.py). */
export class ProcessContainer implements Container {
  inflight = 0;
  idleSince = nowMs();
  alive = true;
  readonly capacity: number;
  readonly memoryMb: number;
  readonly started: Promise<InitResult>;
  readonly exited: Promise<void>;
  private socket: Socket | null = null;
  private processId: number | null = null;
  private readonly pending = new Map<number, { resolve: (r: RunResult) => void; timer: NodeJS.Timeout }>();
  private tail: string[] = [];
  private seq = 0;
  private dead = false;
  private outgoing = '';
  private flushScheduled = false;
  private onControl: ((msg: ProtocolMessage | null) => void) | null = null;
  private markExited!: () => void;

  constructor(
    readonly id: number,
    readonly action: Action,
    private readonly dir: string,
    private readonly host: ContainerHost,
    private readonly onDeath: (c: Container) => void,
  ) {
    this.memoryMb = action.limits.memory;
    this.capacity = action.exec.family === 'nodejs' ? action.limits.concurrency : 1;
    this.exited = new Promise((resolve) => {
      this.markExited = resolve;
    });
    this.started = this.start();
  }

  /** Starts the runtime and initialises the action, within the action's time limit. */
  private async start(): Promise<InitResult> {
    const timeoutMs = this.action.limits.timeout;
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
    if (!this.alive) return failed(MESSAGES.stopped, true);
    const family = this.action.exec.family === 'python' ? 'python' : 'nodejs';
    const { command, args } = runtimeCommand(family, this.memoryMb);
    const { hub, spawner } = this.host;
    const connection = hub.expect(this.id);
    const proc = spawner.spawn({
      command,
      args,
      cwd: this.dir,
      env: { ...containerEnv(), WHISK_LOCAL_SOCKET: hub.path, WHISK_LOCAL_CONTAINER: String(this.id) },
    });
    this.processId = proc.id;
    void proc.exited.then((exit) => {
      this.tail = logLines(exit.tail);
      this.died();
      this.markExited();
    });
    // Starting the runtime is the platform's part (not bounded by the action's limit), but a
    // runtime that never connects must not hold its activations forever.
    let connectTimer: NodeJS.Timeout | undefined;
    const connectTimeout = new Promise<'timeout'>((resolve) => {
      connectTimer = setTimeout(() => resolve('timeout'), RUNTIME_START_LIMIT_MS);
    });
    const conn = await Promise.race([connection, proc.exited.then(() => null), connectTimeout]);
    clearTimeout(connectTimer);
    if (conn === 'timeout') {
      hub.forget(this.id);
      return failed(`The ${family} runtime did not start within ${RUNTIME_START_LIMIT_MS / 1000} seconds.`, true);
    }
    if (conn === null) {
      hub.forget(this.id);
      const spawnError = await proc.spawned.then(
        () => null,
        (err: Error) => err.message,
      );
      if (spawnError !== null) return failed(`whisk-local could not start the ${family} runtime: ${spawnError}`, true);
      return failed(`The ${family} runtime exited before it was ready. ${this.tail.join(' ')}`.trim(), true);
    }
    this.socket = conn.socket;
    this.listen(conn.socket, conn.rest);
    if (!this.alive) return failed(MESSAGES.stopped, true);

    const initStart = nowMs();
    const reply = this.control();
    this.send(`${JSON.stringify({ t: 'init', file, main: this.action.exec.main })}\n`);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const msg = await Promise.race([reply, timedOut]);
    clearTimeout(timer);
    const initEnd = nowMs();
    if (msg === 'timeout') {
      this.destroy();
      return {
        ok: false,
        initStart,
        initEnd,
        message: MESSAGES.initTimeout(timeoutMs),
        timedOut: true,
        whiskError: false,
      };
    }
    if (msg === null || msg.ok !== true) {
      this.destroy();
      return {
        ok: false,
        initStart,
        initEnd,
        message: msg?.e ?? 'The action did not initialize and exited unexpectedly.',
        timedOut: false,
        whiskError: false,
      };
    }
    return { ok: true, initStart, initEnd };
  }

  private listen(socket: Socket, rest: string): void {
    const lines = new LineSplitter((line) => this.receive(line));
    let first = rest;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      if (first !== '') {
        lines.push(first);
        first = '';
      }
      lines.push(chunk);
    });
    socket.on('error', () => socket.destroy());
    // The exit report (with the runtime's last output lines) normally follows at once; wait for it
    // so a crash's activations carry those lines, but not forever.
    socket.on('close', () => setTimeout(() => this.died(), 1000).unref());
    socket.resume();
  }

  /** The next control (non-run) message, or null if the runtime goes away first. */
  private control(): Promise<ProtocolMessage | null> {
    return new Promise((resolve) => {
      if (this.dead) resolve(null);
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
    p.resolve(
      msg.ok === true
        ? { kind: 'reply', ok: true, value: msg.r, logs }
        : { kind: 'reply', ok: false, error: msg.e ?? 'The action failed.', logs },
    );
  }

  run(params: Record<string, unknown>, env: Record<string, string>, timeoutMs: number): Promise<RunResult> {
    return new Promise((resolve) => {
      if (!this.alive || this.socket === null) {
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
   * so a busy container costs one write (and one wake-up of its process) per batch.
   */
  private send(line: string): void {
    this.outgoing += line;
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      const data = this.outgoing;
      this.outgoing = '';
      if (!this.dead && this.socket !== null) this.socket.write(data);
    });
  }

  /** Idempotent: the runtime is gone (or going); fail what it was running. */
  private died(): void {
    if (this.dead) return;
    this.dead = true;
    this.alive = false;
    const cb = this.onControl;
    this.onControl = null;
    cb?.(null);
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.resolve({ kind: 'died', logs: [...this.tail] });
    }
    this.pending.clear();
    this.socket?.destroy();
    void this.exited.then(() => rm(this.dir, { recursive: true, force: true })).catch(() => undefined);
    this.onDeath(this);
  }

  destroy(): void {
    this.alive = false;
    if (this.processId !== null) {
      this.host.spawner.kill(this.processId);
      this.socket?.destroy();
    } else {
      // never spawned: nothing to wait for
      this.died();
      this.markExited();
    }
  }
}

/** A native action: an executable run once per activation, params JSON on stdin, result JSON as the last stdout line. */
export class NativeContainer implements Container {
  inflight = 0;
  idleSince = nowMs();
  alive = true;
  readonly capacity = 1;
  readonly memoryMb: number;
  readonly started: Promise<InitResult>;
  readonly exited: Promise<void>;
  private readonly running = new Map<number, Promise<unknown>>();
  private file = '';
  private markExited!: () => void;

  constructor(
    readonly id: number,
    readonly action: Action,
    private readonly dir: string,
    private readonly host: ContainerHost,
    private readonly onDeath: (c: Container) => void,
  ) {
    this.memoryMb = action.limits.memory;
    this.exited = new Promise((resolve) => {
      this.markExited = resolve;
    });
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
      return {
        ok: false,
        initStart,
        initEnd: t,
        message: `whisk-local could not prepare the container: ${(err as Error).message}`,
        timedOut: false,
        whiskError: true,
      };
    }
  }

  async run(params: Record<string, unknown>, env: Record<string, string>, timeoutMs: number): Promise<RunResult> {
    if (!this.alive) return { kind: 'died', logs: [] };
    const { id, done } = this.host.spawner.exec({
      command: this.file,
      cwd: this.dir,
      env: { ...containerEnv(), ...env },
      input: JSON.stringify(params),
      timeoutMs,
    });
    this.running.set(id, done);
    const r = await done;
    this.running.delete(id);
    let resultIndex = -1;
    for (let i = r.lines.length - 1; i >= 0; i--) {
      const l = r.lines[i]!;
      if (l.s === 'stdout' && l.x.trim() !== '') {
        resultIndex = i;
        break;
      }
    }
    const logs = logLines(r.lines.filter((_, i) => i !== resultIndex));
    if (r.timedOut) return { kind: 'timeout', logs };
    if (r.error !== undefined)
      return { kind: 'reply', ok: false, error: `The action could not be started: ${r.error}`, logs };
    if (!this.alive) return { kind: 'died', logs };
    if (resultIndex === -1)
      return r.code === 0 ? { kind: 'reply', ok: true, value: null, logs } : { kind: 'died', logs };
    try {
      return { kind: 'reply', ok: true, value: JSON.parse(r.lines[resultIndex]!.x) as unknown, logs };
    } catch {
      return r.code === 0
        ? { kind: 'reply', ok: false, error: 'The action did not produce a valid JSON response.', logs }
        : { kind: 'died', logs };
    }
  }

  destroy(): void {
    if (!this.alive) return;
    this.alive = false;
    for (const id of this.running.keys()) this.host.spawner.kill(id);
    void Promise.all(this.running.values())
      .then(() => {
        this.markExited();
        return rm(this.dir, { recursive: true, force: true });
      })
      .catch(() => undefined);
    this.onDeath(this);
  }
}
