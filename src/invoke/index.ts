export type { InvocationOutcome, InvocationRecord } from '../contracts/index.js';
export { runWorkload, type RunOptions, type RunResult } from './run.js';
export { RECORDS_FILE } from './records-writer.js';
export { checkBeforeRun } from './preflight.js';
export { parseStartAt, MAX_START_AHEAD_MS } from './start-at.js';
