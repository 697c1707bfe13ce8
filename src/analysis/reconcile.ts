import type { InvocationRecord } from '../contracts/index.js';
import { Float64Buffer } from './float-buffer.js';
import { metricStatsInPlace } from './stats.js';
import type { InvocationSummary } from './types.js';

/** Outcomes where the platform took the invocation (a 502 still ran the function and left an activation). */
const ACCEPTED = new Set(['ok', 'app_error']);

/**
 * Joins the invoker's records with the activations found, one record at a time (a run's records
 * file can hold millions of lines). The records may be read before or after the activations:
 * `isKnown` says whether an activation id is in the table when asked, so `unseenIds` lists what the
 * caller can still fetch by id, then `summary` counts what is still missing.
 */
export class Reconciler {
  private scheduled = 0;
  private sent = 0;
  private acceptedWithoutId = 0;
  private acceptedWithId = 0;
  private readonly failed: Record<string, number> = {};
  private readonly client = new Float64Buffer();
  private readonly corrected = new Float64Buffer();
  /** Ids of the accepted invocations, without the unsettled ones. */
  private readonly ids = new Set<string>();

  private unsettled = 0;

  /** `unsettledIds`: accepted activations the run stopped waiting for (see RunMetadata.unsettled_ids). */
  constructor(
    private readonly isKnown: (activationId: string) => boolean,
    private readonly unsettledIds: ReadonlySet<string> = new Set(),
  ) {}

  add(r: InvocationRecord): void {
    this.scheduled++;
    if (r.sent_ms !== null) this.sent++;
    if (!ACCEPTED.has(r.outcome)) {
      this.failed[r.outcome] = (this.failed[r.outcome] ?? 0) + 1;
      return;
    }
    if (r.done_ms !== null) {
      if (r.sent_ms !== null) this.client.push(r.done_ms - r.sent_ms);
      this.corrected.push(r.done_ms - r.scheduled_ms);
    }
    if (r.activation_id === null || r.activation_id === '') {
      this.acceptedWithoutId++;
      return;
    }
    this.acceptedWithId++;
    if (this.unsettledIds.has(r.activation_id)) this.unsettled++;
    else this.ids.add(r.activation_id);
  }

  /**
   * The run's activation ids (accepted and settled); null when some accepted record carries no id
   * (generic endpoints): then only the time window can tell the run's activations.
   */
  activationIds(): ReadonlySet<string> | null {
    return this.acceptedWithoutId > 0 ? null : this.ids;
  }

  /** Activation ids of accepted invocations not (yet) in the table. */
  unseenIds(): string[] {
    return [...this.ids].filter((id) => !this.isKnown(id));
  }

  /**
   * `recorded` activations were found in total. Accepted records with an id are matched by id;
   * those without one (generic endpoints, some CLI errors) can only be matched by count against
   * the activations no id claimed.
   */
  summary(recorded: number): InvocationSummary {
    let missingById = 0;
    for (const id of this.ids) if (!this.isKnown(id)) missingById++;
    const unclaimed = Math.max(0, recorded - (this.acceptedWithId - this.unsettled - missingById));
    const missingWithoutId = Math.max(0, this.acceptedWithoutId - unclaimed);
    return {
      scheduled: this.scheduled,
      sent: this.sent,
      accepted: this.acceptedWithId + this.acceptedWithoutId,
      failed: { ...this.failed },
      recorded,
      missing: missingById + missingWithoutId,
      unsettled: this.unsettled,
      client_latency: metricStatsInPlace(this.client.toArray()),
      corrected_latency: metricStatsInPlace(this.corrected.toArray()),
    };
  }
}
