export type * from './types.js';
export { testCategory } from './category.js';
export { compareArchives } from './compare.js';
export { labelRuns, applicationInfo, mergePerf, mergeStats, mergeMonitoring, STAT_METRIC_COLUMNS } from './merge.js';
export { summarizeRun, sortedLatencies } from './summary.js';
export { csvField, csvRecord } from '../csv.js';
export { writeCsv } from './csv.js';
export { formatTable, tableLines, type Column } from './tables.js';
export {
  loadUserPlotting,
  runUserPlotting,
  type ComparativePlotting,
  type ComparativePlottingInput,
} from './user-plot.js';
export { parseSince } from './since.js';
export { runComparison, type ComparisonOptions } from './run.js';
