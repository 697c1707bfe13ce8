import type { Workload } from '../config/types.js';
import type { Schedule } from './types.js';

/** What `workload-invoker --dry-run` prints (one JSON object). */
export interface DryRunSummary {
  readonly test_name: string;
  readonly seed: number;
  readonly duration_s: number;
  readonly total: number;
  readonly instances: Record<
    string,
    { application: string; events: number; first_s: number | null; last_s: number | null }
  >;
}

/** Per-instance counts and first/last times (null without events), in config order. */
interface InstanceTally {
  readonly events: number;
  readonly first: number | null;
  readonly last: number | null;
}

function summary(workload: Workload, seed: number, tallies: readonly InstanceTally[]): DryRunSummary {
  const instances: DryRunSummary['instances'] = {};
  let total = 0;
  workload.instances.forEach((inst, j) => {
    const t = tallies[j]!;
    total += t.events;
    instances[inst.name] = { application: inst.application, events: t.events, first_s: t.first, last_s: t.last };
  });
  return { test_name: workload.testName, seed, duration_s: workload.durationS, total, instances };
}

/** The dry-run summary of a merged schedule. */
export function summarizeSchedule(workload: Workload, schedule: Schedule): DryRunSummary {
  const k = schedule.instances.length;
  const events = new Array<number>(k).fill(0);
  const first = new Array<number | null>(k).fill(null);
  const last = new Array<number | null>(k).fill(null);
  const { times, instanceIndex } = schedule;
  for (let i = 0; i < times.length; i++) {
    const j = instanceIndex[i]!;
    if (events[j] === 0) first[j] = times[i]!;
    last[j] = times[i]!;
    events[j]!++;
  }
  return summary(
    workload,
    schedule.seed,
    events.map((n, j) => ({ events: n, first: first[j]!, last: last[j]! })),
  );
}

/**
 * The same summary from the per-instance timelines, without merging them: a dry run that writes
 * no CSV then needs no merged copy (half the memory: 100 million events fit in ~0.8 GiB).
 */
export function summarizeTimelines(
  workload: Workload,
  seed: number,
  perInstance: readonly Float64Array[],
): DryRunSummary {
  return summary(
    workload,
    seed,
    perInstance.map((t) => ({ events: t.length, first: t[0] ?? null, last: t[t.length - 1] ?? null })),
  );
}
