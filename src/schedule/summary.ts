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

/** Per-instance event counts and first/last times, in config order. */
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
  const instances: DryRunSummary['instances'] = {};
  schedule.instances.forEach((inst, j) => {
    instances[inst.name] = {
      application: inst.application,
      events: events[j]!,
      first_s: first[j] ?? null,
      last_s: last[j] ?? null,
    };
  });
  return {
    test_name: workload.testName,
    seed: schedule.seed,
    duration_s: schedule.durationS,
    total: times.length,
    instances,
  };
}
