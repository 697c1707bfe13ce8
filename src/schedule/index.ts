export type * from './types.js';
export { buildSchedule, resolveSeed } from './build.js';
export { summarizeSchedule, type DryRunSummary } from './summary.js';
export { writeScheduleCsv } from './csv.js';
export { parseShardSpec, shardSchedule, type ShardSpec } from './shard.js';
