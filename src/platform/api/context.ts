import type { Logger } from 'pino';
import type { ActionRegistry } from '../action-registry.js';
import type { Activator } from '../activator.js';
import type { ContainerPool } from '../containers/pool.js';
import type { ActivationStore } from '../store/types.js';

/** What the API handlers share. */
export interface ApiContext {
  readonly namespace: string;
  readonly isAuthorized: (header: string | undefined) => boolean;
  readonly actions: ActionRegistry;
  readonly activator: Activator;
  readonly pool: ContainerPool;
  readonly store: ActivationStore;
  /** Largest request body (action code included). */
  readonly maxBodyBytes: number;
  /** Largest invocation payload (parameters), as OpenWhisk's `whisk.activation.payload.max`. */
  readonly maxPayloadBytes: number;
  /** MB: the largest memory limit an action may ask for. */
  readonly maxActionMemoryMb: number;
  readonly logger: Logger;
}

/** The caller's namespace `_` and the guest's own name are the same namespace. */
export function resolveNamespace(ctx: ApiContext, ns: string): string | null {
  return ns === '_' || ns === ctx.namespace ? ctx.namespace : null;
}
