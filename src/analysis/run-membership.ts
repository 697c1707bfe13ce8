/**
 * Which activations belong to the run being analysed. Pure.
 * - A run with invocation records: exactly the activations whose ids the records hold. Others in
 *   the time window (another run into the same store, a user's own calls) are counted and left out.
 * - A run without records (made by FaaSProfiler): the time window, with a warning when what it
 *   holds cannot all be this run's (more activations than invocations, or functions the workload
 *   does not invoke).
 */
import type { Activation } from '../activations/types.js';

export class RunMembership {
  /** Activations in the window that are not the run's. */
  foreign = 0;
  private readonly foreignFunctions = new Set<string>();

  /**
   * `ids`: the activation ids of the run's accepted invocations, or null when the run has no
   * records (or some accepted records carry no id, as generic endpoints do): then the window decides.
   * `applications`: the workload's function names, for the overlap warning of runs without records.
   */
  constructor(
    private readonly ids: ReadonlySet<string> | null,
    private readonly applications: ReadonlySet<string>,
  ) {}

  /** Whether `a` is the run's; counts it as foreign when not. */
  admits(a: Activation): boolean {
    const mine =
      this.ids !== null
        ? this.ids.has(a.activationId)
        : this.applications.size === 0 || this.applications.has(a.func_name);
    if (!mine) {
      this.foreign++;
      this.foreignFunctions.add(a.func_name);
    }
    return this.ids === null || mine;
  }

  /** The one line about activations of other runs; null when there were none. */
  report(opts: {
    readonly included: boolean;
    readonly found: number;
    readonly invocations: number | null;
  }): string | null {
    if (this.ids !== null) {
      if (this.foreign === 0) return null;
      return `${this.foreign} activation${this.foreign === 1 ? '' : 's'} in the window ${this.foreign === 1 ? 'is' : 'are'} not from this run; ${opts.included ? 'included (--include-foreign)' : 'left out'}`;
    }
    const reasons: string[] = [];
    if (this.foreign > 0) {
      const names = [...this.foreignFunctions].sort().slice(0, 3).join(', ');
      reasons.push(`${this.foreign} are of functions this workload does not invoke (${names})`);
    }
    if (opts.invocations !== null && opts.found > opts.invocations) {
      reasons.push(`${opts.found} were found for ${opts.invocations} invocations`);
    }
    if (reasons.length === 0) return null;
    return `this run has no invocation records, so its activations are those in its time window, where ${reasons.join(' and ')}: other runs overlap it`;
  }
}

/** The function name an application refers to (`pkg/action` and `/ns/pkg/action` → `action`). */
export function functionNameOf(application: string): string {
  return application.slice(application.lastIndexOf('/') + 1);
}
