/**
 * What one invoker run leaves for the analyzer, beside FaaSProfiler's three-line
 * `test_metadata.out` (start epoch ms, config path, invocation count).
 * Never holds a credential: store passwords come from flags, environment, or (embedded runs)
 * the whisk-local data dir's own settings file.
 */
export interface MonitoringOutput {
  /** `perf`, `pqos`, `blktrace`, `cgtop`, or `script` for an opaque script log. */
  readonly kind: string;
  /** Host it was collected on (`local` for the invoker host). */
  readonly host: string;
  /** Path relative to the metadata file's folder. */
  readonly path: string;
}

export interface ActivationStoreRef {
  /** CouchDB-compatible base URL, without credentials. */
  readonly url: string;
  readonly db_name: string;
  readonly user: string | null;
  /** For embedded runs: the whisk-local data dir, so the analyzer can reopen a stopped store. */
  readonly embedded_data_dir: string | null;
}

export interface RunMetadata {
  readonly format: 'faas-profiler-run';
  readonly version: 1;
  readonly tool_version: string;
  readonly test_name: string;
  /** Absolute path of the workload config. */
  readonly config_path: string;
  /** Epoch ms of the test's time zero (schedule offsets are added to this). */
  readonly start_ms: number;
  /** Epoch ms when the last response arrived or the run stopped. */
  readonly end_ms: number;
  readonly duration_s: number;
  readonly seed: number;
  readonly endpoint: string;
  readonly transport: string;
  /** Without credentials; null for generic endpoints. */
  readonly api_host: string | null;
  readonly namespace: string;
  readonly blocking: boolean;
  /** Number of scheduled invocations (also line 3 of test_metadata.out). */
  readonly invocations: number;
  /** Path of the invocation records (NDJSON), relative to the metadata file's folder. */
  readonly records_path: string;
  readonly interrupted: boolean;
  /**
   * False in the copy written when dispatch starts; true once the run ended and every record is
   * written. Absent (files from 0.1.0) means finished. False when analysed: the run was killed.
   */
  readonly finished?: boolean;
  readonly activation_store: ActivationStoreRef | null;
  readonly monitoring: readonly MonitoringOutput[];
}
