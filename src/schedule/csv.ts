import type { Schedule } from './types.js';

/** Writes `time_s,instance,application` rows (microsecond precision), streaming. */
export async function writeScheduleCsv(schedule: Schedule, path: string): Promise<void> {
  void schedule;
  void path;
  throw new Error('writeScheduleCsv: not implemented yet');
}
