import type { Activation } from '../activations/types.js';
import type { FunctionSummary, InvocationSummary, OverallStats } from '../analysis/types.js';
import type { RunMetadata } from '../config/run-metadata.js';
import type { MonitorSeries } from '../monitor/types.js';

export const ARCHIVE_FORMAT = 'faas-profiler-archive';
export const ARCHIVE_VERSION = 1;

/**
 * `data_archive/YYYY_MM_DD_HH_MM_<test_name>.json`: everything needed to compare this run with
 * others later, without the platform. Readers reject other formats and unknown versions.
 */
export interface ArchiveV1 {
  readonly format: typeof ARCHIVE_FORMAT;
  readonly version: typeof ARCHIVE_VERSION;
  /** Epoch ms when the archive was written. */
  readonly created_ms: number;
  readonly test_name: string;
  /** Epoch ms the test started (activations were fetched from here). */
  readonly since_ms: number;
  /** The workload JSON as the run used it. */
  readonly config: unknown;
  /** The run's metadata, or null for runs made by FaaSProfiler (only test_metadata.out). */
  readonly metadata: RunMetadata | null;
  readonly functions: readonly FunctionSummary[];
  readonly overall: OverallStats;
  readonly activations: readonly Activation[];
  readonly invocations: InvocationSummary | null;
  readonly monitoring: readonly MonitorSeries[];
}
