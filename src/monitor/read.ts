import type { MonitoringOutput } from '../config/run-metadata.js';
import type { MonitorSeries } from './types.js';

/**
 * Parses a run's monitoring outputs (paths relative to `metadataDir`) into series; unreadable or
 * unknown outputs are skipped with a warning through `warn`.
 */
export async function readRunMonitoring(outputs: readonly MonitoringOutput[], metadataDir: string, warn: (msg: string) => void): Promise<MonitorSeries[]> {
  void outputs;
  void metadataDir;
  void warn;
  throw new Error('readRunMonitoring: not implemented yet');
}
