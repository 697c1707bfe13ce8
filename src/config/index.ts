export type * from './types.js';
export type { ActivationStoreRef, MonitoringOutput, RunMetadata } from '../contracts/index.js';
export { loadWorkload, workloadInstances, type WorkloadInstance } from './load.js';
export { readRunMetadata, writeRunMetadata, type LoadedRunMetadata } from './run-metadata-io.js';
export {
  lookupWhiskCredentials,
  resolveWhiskCredentials,
  parseWskProps,
  normalizeApiHost,
  type WhiskCredentials,
} from './wskprops.js';
