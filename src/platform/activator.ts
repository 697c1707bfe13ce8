/** Turns invocations into pool jobs and their results into stored activation records. */
import type { Action } from './action.js';
import type { ActivationJournal, JournalEntry } from './activation-journal.js';
import { buildActivation, MESSAGES, whiskError } from './activation-record.js';
import type { ContainerPool } from './containers/pool.js';
import { newActivationId, nowMs } from './ids.js';
import type { ActivationStore, StoredActivation } from './store/types.js';

export class Activator {
  /** Callers of `recorded` waiting for an activation, by id. */
  private readonly waiters = new Map<string, ((doc: StoredActivation) => void)[]>();

  constructor(
    private readonly pool: ContainerPool,
    private readonly store: ActivationStore,
    private readonly subject: string,
    /** Null for an in-memory store (nothing would survive a restart anyway). */
    private readonly journal: ActivationJournal | null = null,
  ) {}

  /**
   * Starts (or queues) one activation; `onDone` receives its record once it is built and queued
   * for storage. Returns the activation id, or null when the pool's queue is full (HTTP 429).
   */
  activate(
    action: Action,
    params: Record<string, unknown>,
    arrival: number,
    onDone?: (doc: StoredActivation) => void,
  ): string | null {
    const activationId = newActivationId();
    let finished = false;
    const accepted = this.pool.submit({
      action,
      params,
      activationId,
      arrival,
      done: (timing, outcome) => {
        finished = true;
        const doc = buildActivation(action, activationId, this.subject, timing, outcome, nowMs());
        this.store.put(doc);
        this.journal?.finished(activationId);
        onDone?.(doc);
        if (this.waiters.size > 0) {
          const waiting = this.waiters.get(activationId);
          if (waiting) {
            this.waiters.delete(activationId);
            for (const w of waiting) w(doc);
          }
        }
      },
    });
    if (accepted && !finished) {
      const { namespace, name, path, version, limits } = action;
      this.journal?.accepted({
        id: activationId,
        arrival,
        action: { namespace, name, path, version, limits, exec: { kind: action.exec.kind } },
      });
    }
    return accepted ? activationId : null;
  }

  /**
   * Records, with OpenWhisk's internal-error status, the activations a previous process accepted
   * but never stored (it was killed); returns how many. The caller then flushes the store.
   */
  async recordUnfinished(entries: readonly JournalEntry[]): Promise<number> {
    let recorded = 0;
    for (const e of entries) {
      if ((await this.store.get(e.action.namespace, e.id)) !== null) continue;
      const at = { arrival: e.arrival, initStart: null, runStart: e.arrival, end: e.arrival };
      this.store.put(buildActivation(e.action, e.id, this.subject, at, whiskError(MESSAGES.crashed), nowMs()));
      recorded++;
    }
    return recorded;
  }

  /** Resolves with the activation's record once it is built and queued for storage (at once if already stored). */
  recorded(activationId: string, namespace: string): Promise<StoredActivation> {
    return new Promise((resolve, reject) => {
      const list = this.waiters.get(activationId) ?? [];
      list.push(resolve);
      this.waiters.set(activationId, list);
      this.store.get(namespace, activationId).then((doc) => {
        if (doc === null) return;
        const left = (this.waiters.get(activationId) ?? []).filter((w) => w !== resolve);
        if (left.length > 0) this.waiters.set(activationId, left);
        else this.waiters.delete(activationId);
        resolve(doc);
      }, reject);
    });
  }
}
