/**
 * One zod schema per file that crosses a program boundary; every writer and reader uses these.
 * A leaf module: it imports nothing of the project but `errors.ts`.
 */
export * from './action-registry.js';
export * from './activation.js';
export * from './activation-doc.js';
export * from './archive.js';
export * from './invocation-record.js';
export * from './monitor-series.js';
export * from './numbers.js';
export * from './problems.js';
export * from './run-metadata.js';
export * from './schedule-row.js';
export * from './read-invocation-records.js';
export * from './json-depth.js';
