import type { ArchiveFile } from '../archive/index.js';
import { labelRuns, mergeMonitoring, mergePerf, mergeStats } from './merge.js';
import { summarizeRun } from './summary.js';
import type { Comparison, PerfRow } from './types.js';

/**
 * Merges archived runs (already read and validated) into the comparison's tables. The combined
 * activation table is built on first use: printing a summary of a million activations should not
 * pay for a million merged rows.
 */
export function compareArchives(files: readonly ArchiveFile[]): Comparison {
  const runs = labelRuns(files);
  let perf: PerfRow[] | null = null;
  return {
    runs,
    tests: runs.map(summarizeRun),
    get perf() {
      perf ??= mergePerf(runs);
      return perf;
    },
    stats: mergeStats(runs),
    monitoring: mergeMonitoring(runs),
  };
}
