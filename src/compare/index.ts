import type { ArchiveFile } from '../archive/read.js';
import { labelRuns, mergeMonitoring, mergePerf, mergeStats } from './merge.js';
import { summarizeRun } from './summary.js';
import type { Comparison } from './types.js';

export type * from './types.js';
export { testCategory } from './category.js';
export { labelRuns, applicationInfo, mergePerf, mergeStats, mergeMonitoring, STAT_METRIC_COLUMNS } from './merge.js';
export { summarizeRun, sortedLatencies } from './summary.js';

/** Merges archived runs (already read and validated) into the comparison's tables. */
export function compareArchives(files: readonly ArchiveFile[]): Comparison {
  const runs = labelRuns(files);
  return {
    runs,
    tests: runs.map(summarizeRun),
    perf: mergePerf(runs),
    stats: mergeStats(runs),
    monitoring: mergeMonitoring(runs),
  };
}
