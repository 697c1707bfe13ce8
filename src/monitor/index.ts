export type * from './types.js';
export { startRuntimeMonitoring, runPostScript, type MonitoringSession, type MonitoringStartOptions } from './scripts.js';
export { readRunMonitoring } from './read.js';
export { classifyOutput, type MonitorKind } from './classify.js';
export { bundledMonitoringDir, targetName } from './remote.js';
