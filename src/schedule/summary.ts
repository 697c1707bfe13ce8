import type { Workload } from '../config/types.js';
import type { Schedule } from './types.js';

/** What `workload-invoker --dry-run` prints (one JSON object). */
export interface DryRunSummary {
  readonly test_name: string;
  readonly seed: number;
  readonly duration_s: number;
  readonly total: number;
  readonly instances: Record<string, { application: string; events: number; first_s: number | null; last_s: number | null }>;
}

export function summarizeSchedule(workload: Workload, schedule: Schedule): DryRunSummary {
  void workload;
  void schedule;
  throw new Error('summarizeSchedule: not implemented yet');
}
