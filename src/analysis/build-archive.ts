import { ARCHIVE_FORMAT, ARCHIVE_VERSION, type ArchiveV1 } from '../archive/types.js';
import type { AnalysisResult } from './analyze-run.js';
import type { RunInputs } from './run-inputs.js';

/** The archive of one analysed run (format `faas-profiler-archive`, version 1). */
export function buildArchive(r: AnalysisResult, inputs: RunInputs, nowMs: number): ArchiveV1 {
  return {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    created_ms: nowMs,
    test_name: r.testName,
    since_ms: r.sinceMs,
    config: inputs.config,
    metadata: inputs.metadata.json,
    functions: r.functions,
    overall: r.overall,
    activations: Array.from({ length: r.table.size }, (_, i) => r.table.row(i)),
    invocations: r.invocations,
    monitoring: r.monitoring,
    shards: r.shards,
  };
}
