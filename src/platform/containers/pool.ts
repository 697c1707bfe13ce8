/**
 * The container pool: warm reuse, a memory budget divided by each action's memory limit, a
 * bounded queue for excess work, idle eviction after keep-warm, and the timing of each
 * activation (waitTime from arrival to init start (cold) or run start (warm)).
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Action } from '../action.js';
import {
  classifyResult,
  limitResult,
  developerError,
  limitLogs,
  MESSAGES,
  whiskError,
  type Outcome,
  type Timing,
} from '../activation-record.js';
import { nowMs } from '../ids.js';
import { NativeContainer, ProcessContainer, type Container, type ContainerHost, type RunResult } from './container.js';

export interface Job {
  readonly action: Action;
  readonly params: Record<string, unknown>;
  readonly activationId: string;
  /** Epoch ms when the request arrived. */
  readonly arrival: number;
  readonly done: (timing: Timing, outcome: Outcome) => void;
}

export interface PoolOptions {
  readonly memoryMb: number;
  readonly keepWarmMs: number;
  /** Activations that may wait for a container; beyond it `submit` refuses (HTTP 429). */
  readonly maxQueue: number;
  /** Folder under which each container gets its own folder. */
  readonly workDir: string;
  /**
   * Containers of one action that may be starting at once; further work for it waits for a
   * container to become free or ready (starting a process per request of a burst only adds load).
   */
  readonly maxStartsPerAction: number;
  /** Passed to actions as `__OW_API_HOST`. */
  readonly apiHost: string;
  /** Starts container processes and accepts their connections. */
  readonly host: ContainerHost;
  readonly logger: Logger;
  /** Largest result (as JSON); larger ones become OpenWhisk's truncation error. */
  readonly maxResultBytes: number;
}

export interface PoolStats {
  readonly containers: number;
  readonly usedMb: number;
  readonly queued: number;
  readonly running: number;
}

/** A FIFO with O(1) push and shift. */
class Queue<T> {
  private items: T[] = [];
  private head = 0;
  get length(): number {
    return this.items.length - this.head;
  }
  push(item: T): void {
    this.items.push(item);
  }
  peek(): T | undefined {
    return this.items[this.head];
  }
  shift(): T | undefined {
    const item = this.items[this.head];
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
  drainAll(): T[] {
    const rest = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return rest;
  }
}

/** Ends a job that will never run (the pool is stopping) as a whisk error. */
function endStopped(job: Job): void {
  const t = nowMs();
  job.done({ arrival: job.arrival, initStart: null, runStart: t, end: t }, whiskError(MESSAGES.stopped));
}

function keyOf(a: Action): string {
  return `${a.path}#${a.revision}`;
}

export class ContainerPool {
  private readonly byKey = new Map<string, Container[]>();
  private readonly all = new Set<Container>();
  private readonly queues = new Map<string, Queue<Job>>();
  /** Busy containers of a replaced or deleted action revision: removed once they are idle. */
  private readonly stale = new Set<Container>();
  /** Containers of each action still starting (bounded: a burst queues instead of forking a process per request). */
  private readonly starting = new Map<string, number>();
  private queued = 0;
  private running = 0;
  private usedMb = 0;
  private nextId = 0;
  private stopped = false;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly opts: PoolOptions) {
    const every = Math.max(50, Math.min(1000, opts.keepWarmMs / 2));
    this.sweeper = setInterval(() => this.evictExpired(), every);
    this.sweeper.unref();
  }

  /** The most activations that may wait; `submit` refuses beyond it. */
  get queueLimit(): number {
    return this.opts.maxQueue;
  }

  stats(): PoolStats {
    return { containers: this.all.size, usedMb: this.usedMb, queued: this.queued, running: this.running };
  }

  /** Runs the job now or queues it; false when the queue is full (the caller answers 429). */
  submit(job: Job): boolean {
    if (this.stopped) {
      endStopped(job);
      return true;
    }
    const key = keyOf(job.action);
    const q = this.queues.get(key);
    if ((q === undefined || q.length === 0) && this.place(job, key)) return true;
    if (this.queued >= this.opts.maxQueue) return false;
    if (q === undefined) this.queues.set(key, new Queue<Job>());
    this.queues.get(key)!.push(job);
    this.queued++;
    return true;
  }

  /**
   * Idle containers of an action's revisions other than `keep` (after an update, or all after a
   * delete with `keep` null) are removed; busy ones when their last activation ends.
   */
  retire(path: string, keep: number | null): void {
    for (const [key, list] of [...this.byKey]) {
      if (!key.startsWith(`${path}#`) || key === `${path}#${keep}`) continue;
      for (const c of [...list]) {
        if (c.inflight === 0) this.kill(c);
        else this.stale.add(c);
      }
    }
  }

  /** Kills every container; queued activations end as whisk errors. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweeper);
    for (const q of this.queues.values()) q.drainAll().forEach(endStopped);
    this.queued = 0;
    const containers = [...this.all];
    for (const c of containers) c.destroy();
    await Promise.all(containers.map((c) => c.exited));
  }

  /** Tries to start the job on a warm container, a starting one with room, or a new one. */
  private place(job: Job, key: string): boolean {
    const list = this.byKey.get(key);
    if (list !== undefined) {
      for (const c of list) {
        if (c.alive && c.inflight < c.capacity) {
          void this.execute(c, job, false);
          return true;
        }
      }
    }
    if ((this.starting.get(key) ?? 0) >= this.opts.maxStartsPerAction) return false;
    const memory = job.action.limits.memory;
    // Evicting other actions' idle containers is only for an action that has none: one that has
    // containers waits for them rather than making the others start cold again (thrashing).
    const hasOwn = list?.some((c) => c.alive);
    if (hasOwn ? this.usedMb + memory > this.opts.memoryMb : !this.makeRoom(memory)) return false;
    const c = this.create(job.action, key);
    this.starting.set(key, (this.starting.get(key) ?? 0) + 1);
    void c.started.then(() => {
      const left = (this.starting.get(key) ?? 1) - 1;
      if (left > 0) this.starting.set(key, left);
      else this.starting.delete(key);
      if (this.queued > 0) this.drain();
    });
    void this.execute(c, job, true);
    return true;
  }

  /** Frees memory by evicting idle containers, least recently used first. */
  private makeRoom(memoryMb: number): boolean {
    const total = this.opts.memoryMb;
    if (this.usedMb + memoryMb <= total) return true;
    const idle = [...this.all].filter((c) => c.alive && c.inflight === 0).sort((a, b) => a.idleSince - b.idleSince);
    let freeable = total - this.usedMb;
    const victims: Container[] = [];
    for (const c of idle) {
      if (freeable >= memoryMb) break;
      victims.push(c);
      freeable += c.memoryMb;
    }
    if (freeable < memoryMb) return false;
    for (const c of victims) this.kill(c);
    return true;
  }

  private create(action: Action, key: string): Container {
    const id = ++this.nextId;
    const dir = join(this.opts.workDir, `c${id}`);
    const c =
      action.exec.family === 'native'
        ? new NativeContainer(id, action, dir, this.opts.host, (dead) => this.forget(dead))
        : new ProcessContainer(id, action, dir, this.opts.host, (dead) => this.forget(dead));
    this.all.add(c);
    this.usedMb += c.memoryMb;
    const list = this.byKey.get(key);
    if (list) list.push(c);
    else this.byKey.set(key, [c]);
    return c;
  }

  /** Destroys a container and frees its memory at once (its process exits shortly after). */
  private kill(c: Container): void {
    c.destroy();
    this.forget(c);
  }

  /** Called once when a container dies or is destroyed: frees its memory. */
  private forget(c: Container): void {
    this.stale.delete(c);
    if (!this.all.delete(c)) return;
    this.usedMb -= c.memoryMb;
    const key = keyOf(c.action);
    const list = this.byKey.get(key);
    if (list) {
      const i = list.indexOf(c);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.byKey.delete(key);
    }
    if (this.queued > 0 && !this.stopped) queueMicrotask(() => this.drain());
  }

  private async execute(c: Container, job: Job, cold: boolean): Promise<void> {
    c.inflight++;
    this.running++;
    let timing: Timing;
    let outcome: Outcome;
    const action = job.action;
    const init = await c.started;
    if (!init.ok) {
      timing = {
        arrival: job.arrival,
        initStart: cold ? init.initStart : null,
        runStart: init.initEnd,
        end: init.initEnd,
      };
      outcome = init.whiskError ? whiskError(init.message) : developerError(init.message, [], init.timedOut);
      if (init.whiskError && !this.stopped)
        this.opts.logger.warn(
          { action: action.path, activationId: job.activationId, reason: init.message },
          'container start failed',
        );
    } else {
      const runStart = nowMs();
      const env = {
        __OW_ACTIVATION_ID: job.activationId,
        __OW_ACTION_NAME: `/${action.path}`,
        __OW_NAMESPACE: action.namespace,
        __OW_DEADLINE: String(Math.round(runStart + action.limits.timeout)),
        __OW_API_HOST: this.opts.apiHost,
      };
      const result = await c.run(job.params, env, action.limits.timeout);
      const end = nowMs();
      timing = { arrival: job.arrival, initStart: cold ? init.initStart : null, runStart, end };
      outcome = this.outcomeOf(result, action);
      if (outcome.logs.length > 0) outcome = { ...outcome, logs: limitLogs(outcome.logs, action.limits.logs) };
    }
    c.inflight--;
    this.running--;
    if (c.inflight === 0) {
      c.idleSince = nowMs();
      if (this.stale.has(c)) this.kill(c);
    }
    try {
      job.done(timing, outcome);
    } catch (err) {
      this.opts.logger.error({ err, activationId: job.activationId }, 'recording an activation failed');
    }
    if (this.queued > 0) this.drain();
  }

  private outcomeOf(r: RunResult, action: Action): Outcome {
    switch (r.kind) {
      case 'reply': {
        if (!r.ok) return developerError(r.error, r.logs);
        const { statusCode, result } = limitResult(classifyResult(r.value), this.opts.maxResultBytes);
        return { statusCode, result, logs: r.logs, timedOut: false };
      }
      case 'timeout':
        return developerError(MESSAGES.timeout(action.limits.timeout), r.logs, true);
      case 'died':
        return this.stopped
          ? { ...whiskError(MESSAGES.stopped), logs: r.logs }
          : developerError(MESSAGES.exited, r.logs);
    }
  }

  /** Starts queued work, oldest first across actions, as far as containers and memory allow. */
  private drain(): void {
    if (this.stopped || this.queued === 0) return;
    const keys = [...this.queues.entries()]
      .filter(([, q]) => q.length > 0)
      .sort(([, a], [, b]) => a.peek()!.arrival - b.peek()!.arrival);
    for (const [key, q] of keys) {
      while (q.length > 0 && this.place(q.peek()!, key)) {
        q.shift();
        this.queued--;
      }
      if (q.length === 0) this.queues.delete(key);
    }
  }

  private evictExpired(): void {
    const limit = nowMs() - this.opts.keepWarmMs;
    for (const c of [...this.all]) {
      if (c.inflight === 0 && c.idleSince <= limit) this.kill(c);
    }
  }
}
