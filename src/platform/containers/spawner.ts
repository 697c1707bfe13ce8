/**
 * The platform's side of runtimes/spawner.js: a small helper process that starts container
 * processes and runs native actions, so that forking never blocks the platform's event loop
 * (forking a process costs time in proportion to its memory).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { findPackageRoot } from '../runtimes/index.js';
import { LineSplitter } from './lines.js';

export interface OutputLine {
  /** stream */
  readonly s: 'stdout' | 'stderr';
  /** text */
  readonly x: string;
  /** epoch ms */
  readonly at: number;
}

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: string | null;
  /** The last output lines of the process. */
  readonly tail: readonly OutputLine[];
}

export interface NativeRun {
  readonly code: number | null;
  readonly timedOut: boolean;
  readonly lines: readonly OutputLine[];
  /** Set when the executable could not be started. */
  readonly error?: string;
}

interface SpawnRequest {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Record<string, string>;
}

interface Pending {
  spawned?: (pid: number) => void;
  failed: (message: string) => void;
  exited?: (exit: ProcessExit) => void;
  done?: (run: NativeRun) => void;
}

interface Reply {
  t: 'spawned' | 'error' | 'exit' | 'done';
  id: number;
  pid?: number;
  e?: string;
  code?: number | null;
  signal?: string | null;
  tail?: OutputLine[];
  timedOut?: boolean;
  lines?: OutputLine[];
}

export class Spawner {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private alive = true;
  private readonly exited: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.stdin!.on('error', () => {
      /* the exit handler fails what is pending */
    });
    const lines = new LineSplitter((line) => this.receive(JSON.parse(line) as Reply));
    const out = child.stdout as Readable;
    out.setEncoding('utf8');
    out.on('data', (chunk: string) => lines.push(chunk));
    child.once('exit', () => {
      this.alive = false;
      for (const p of this.pending.values()) {
        p.failed('the whisk-local spawner process exited');
        p.exited?.({ code: null, signal: 'SIGKILL', tail: [] });
      }
      this.pending.clear();
    });
  }

  /** Starts the helper process (do it early, while this process is small). */
  static start(): Spawner {
    const script = join(findPackageRoot(), 'src', 'platform', 'runtimes', 'spawner.js');
    return new Spawner(
      spawn(process.execPath, [script], {
        stdio: ['pipe', 'pipe', 'inherit'],
        env: { PATH: process.env['PATH'] ?? '' },
      }),
    );
  }

  private send(msg: Record<string, unknown>): void {
    if (this.alive) this.child.stdin!.write(`${JSON.stringify(msg)}\n`);
  }

  private receive(r: Reply): void {
    const p = this.pending.get(r.id);
    if (!p) return;
    switch (r.t) {
      case 'spawned':
        p.spawned?.(r.pid!);
        break;
      case 'error':
        this.pending.delete(r.id);
        p.failed(r.e ?? 'spawn failed');
        p.exited?.({ code: null, signal: null, tail: [] });
        break;
      case 'exit':
        this.pending.delete(r.id);
        p.exited?.({ code: r.code ?? null, signal: r.signal ?? null, tail: r.tail ?? [] });
        break;
      case 'done':
        this.pending.delete(r.id);
        p.done?.({ code: r.code ?? null, timedOut: r.timedOut === true, lines: r.lines ?? [] });
        break;
    }
  }

  /**
   * Starts a long-lived process. `spawned` resolves with its pid (or rejects); `exited` resolves
   * when it has exited (also after a failed start).
   */
  spawn(req: SpawnRequest): { id: number; spawned: Promise<number>; exited: Promise<ProcessExit> } {
    const id = ++this.nextId;
    let exitedResolve!: (e: ProcessExit) => void;
    const exited = new Promise<ProcessExit>((resolve) => {
      exitedResolve = resolve;
    });
    const spawned = new Promise<number>((resolve, reject) => {
      this.pending.set(id, { spawned: resolve, failed: (m) => reject(new Error(m)), exited: exitedResolve });
    });
    spawned.catch(() => undefined);
    if (!this.alive) {
      this.pending.get(id)!.failed('the whisk-local spawner process exited');
      exitedResolve({ code: null, signal: null, tail: [] });
      this.pending.delete(id);
    } else {
      this.send({ t: 'spawn', id, ...req });
    }
    return { id, spawned, exited };
  }

  /** Runs an executable to completion with `input` on stdin (native actions). */
  exec(req: Omit<SpawnRequest, 'args'> & { input: string; timeoutMs: number }): {
    id: number;
    done: Promise<NativeRun>;
  } {
    const id = ++this.nextId;
    const done = new Promise<NativeRun>((resolve) => {
      this.pending.set(id, {
        done: resolve,
        failed: (m) => resolve({ code: null, timedOut: false, lines: [], error: m }),
      });
    });
    if (!this.alive) this.pending.get(id)!.failed('the whisk-local spawner process exited');
    else this.send({ t: 'exec', id, args: [], ...req });
    return { id, done };
  }

  kill(id: number): void {
    this.send({ t: 'kill', id });
  }

  /** Ends the helper (it kills whatever it still runs). */
  async stop(): Promise<void> {
    if (this.alive) this.child.stdin!.end();
    await this.exited;
  }
}
