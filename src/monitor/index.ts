export type * from './types.js';
export {
  startRuntimeMonitoring,
  runPostScript,
  RUNTIME_LOG,
  POST_LOG,
  type MonitoringSession,
  type MonitoringStartOptions,
} from './scripts.js';
export { readRunMonitoring, type ReadMonitoringOptions } from './read.js';
export { classifyOutput, type MonitorKind } from './classify.js';
export { bundledMonitoringDir, targetName } from './remote.js';
export { parsePerf } from './parsers/perf.js';
export { parsePqos } from './parsers/pqos.js';
export { parseBlkparse } from './parsers/blkparse.js';
export { parseCgtop } from './parsers/cgtop.js';
export type { ParseOptions } from './parsers/series.js';
export {
  findSeries,
  formatSeriesSummary,
  formatSeriesTimeTable,
  formatValue,
  seriesForPlot,
  seriesStats,
  type SeriesStats,
} from './format.js';
