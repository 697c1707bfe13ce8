export type * from './types.js';
export { buildSchedule, buildTimelines, resolveSeed } from './build.js';
export { summarizeSchedule, summarizeTimelines, type DryRunSummary } from './summary.js';
export { writeScheduleCsv } from './csv.js';
export { expandTraceInstances } from './trace-sample.js';
export { parseShardSpec, shardSchedule, type ShardSpec } from './shard.js';
