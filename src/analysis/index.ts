export type * from './types.js';
export { ActivationTable, metricValues, type Metric } from './activation-table.js';
export { mean, sampleStd, metricStats, metricStatsInPlace } from './stats.js';
export { quantileSorted, sortedCopy, REPORTED_PERCENTILES } from '../percentile.js';
export { capacityFactor } from './capacity-factor.js';
export { configuredInstances, isInstanceOf } from './workload-instances.js';
export {
  summariseFunctions,
  configuredRate,
  configuredStartMs,
  throughput,
  relStress,
  type StatSummaryOptions,
} from './stat-summary.js';
export { performanceSummary, invocationPeriodMs, splitWarmCold } from './performance-summary.js';
export { Reconciler } from './reconcile.js';
export { Float64Buffer } from './float-buffer.js';
export * from './format-tables.js';
export { analyzeRun, type AnalyzeOptions, type AnalysisResult } from './analyze-run.js';
export { readRunInputs, readShardedRunInputs, type RunInputs, type RunInputOptions } from './run-inputs.js';
export { jsonSummary } from './json-summary.js';
export { buildArchive } from './build-archive.js';
export { textReport, type TextReportOptions } from './text-report.js';
export { activeTimeS, requestedInvocations } from './rates.js';
