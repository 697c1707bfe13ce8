/** Turns invocations into pool jobs and their results into stored activation records. */
import type { Action } from './action.js';
import { buildActivation } from './activation-record.js';
import type { ContainerPool } from './containers/pool.js';
import { newActivationId, nowMs } from './ids.js';
import type { ActivationStore, StoredActivation } from './store/types.js';

export class Activator {
  constructor(private readonly pool: ContainerPool, private readonly store: ActivationStore, private readonly subject: string) {}

  /**
   * Starts (or queues) one activation; `onDone` receives its record once it is built and queued
   * for storage. Returns the activation id, or null when the pool's queue is full (HTTP 429).
   */
  activate(action: Action, params: Record<string, unknown>, arrival: number, onDone?: (doc: StoredActivation) => void): string | null {
    const activationId = newActivationId();
    const accepted = this.pool.submit({
      action,
      params,
      activationId,
      arrival,
      done: (timing, outcome) => {
        const doc = buildActivation(action, activationId, this.subject, timing, outcome, nowMs());
        this.store.put(doc);
        onDone?.(doc);
      },
    });
    return accepted ? activationId : null;
  }
}
