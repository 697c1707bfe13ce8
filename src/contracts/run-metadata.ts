/**
 * `logs/test_metadata.json`: what one invoker run leaves for the analyzer, beside FaaSProfiler's
 * three-line `logs/test_metadata.out`. Never holds a credential.
 */
import { z } from 'zod';
import { count, epochMs } from './numbers.js';
import { ContractError } from './problems.js';

export const RUN_METADATA_FORMAT = 'faas-profiler-run';
export const RUN_METADATA_VERSION = 1;

export const monitoringOutputSchema = z
  .object({
    /** `perf`, `pqos`, `blktrace`, `cgtop`, or `script` for an opaque script log. */
    kind: z.string(),
    /** Host it was collected on (`local` for the invoker host). */
    host: z.string(),
    /** Path relative to the metadata file's folder. */
    path: z.string(),
  })
  .readonly();
export type MonitoringOutput = z.infer<typeof monitoringOutputSchema>;

export const activationStoreRefSchema = z
  .object({
    /** CouchDB-compatible base URL, without credentials. */
    url: z.string(),
    db_name: z.string(),
    user: z.string().nullable(),
    /** For embedded runs: the whisk-local data dir, so the analyzer can reopen a stopped store. */
    embedded_data_dir: z.string().nullable(),
  })
  .readonly();
export type ActivationStoreRef = z.infer<typeof activationStoreRefSchema>;

/** One shard of a run made with `--shard K/N` (absent or null: the run was not sharded). */
export const runShardSchema = z
  .object({
    /** K of `--shard K/N`, 0-based. */
    index: count,
    /** N of `--shard K/N`. */
    count: count.min(1),
    /** Host name of the machine that ran this shard. */
    host: z.string(),
    /** Epoch ms of the shared start (`--start-at`), null when the shard started on its own. */
    start_ms: epochMs.nullable(),
    /** Kernel clock source of that host (e.g. `tsc`, `kvm-clock`), `unknown` off Linux. */
    clock_source: z.string(),
  })
  .readonly();
export type RunShard = z.infer<typeof runShardSchema>;
const msOrNull = z.number().nullable();

/** Whether the run kept its schedule (workload-invoker's verdict; docs/invoker.md). */
export const scheduleVerdictSchema = z
  .object({
    /** Invocations the schedule holds, and those actually sent. */
    requested: count,
    issued: count,
    /** requested ÷ test duration, and issued ÷ test duration, per second. */
    requested_rate: z.number().min(0),
    issued_rate: z.number().min(0),
    /** Send lag (sent − scheduled) percentiles, ms; null when nothing was sent. */
    lag_p50_ms: msOrNull,
    lag_p99_ms: msOrNull,
    lag_max_ms: msOrNull,
    /** The whole second of the test with the lowest issued ÷ requested (seconds with ≥ 10 requested). */
    worst_second: z
      .object({ second: count, requested: count, issued: count, ratio: z.number().min(0) })
      .readonly()
      .nullable(),
    /** The lateness threshold (--max-lag-ms) and how many sends exceeded it. */
    max_lag_ms: z.number().min(0),
    late: count,
    /** Scheduled but never sent (dropped, cancelled, failed before sending). */
    unsent: count,
    kept: z.boolean(),
    /** Why not, in one line, when not kept. */
    reason: z.string().nullable(),
    /** True when --abort-if-behind stopped the run. */
    aborted: z.boolean(),
  })
  .readonly();
export type ScheduleVerdict = z.infer<typeof scheduleVerdictSchema>;
export type WorstSecond = NonNullable<ScheduleVerdict['worst_second']>;

/**
 * Fields a later version adds are accepted (and dropped) by a reader of this one; every field
 * listed here must be present with its type.
 */
export const runMetadataSchema = z
  .object({
    format: z.literal(RUN_METADATA_FORMAT),
    version: z.literal(RUN_METADATA_VERSION),
    tool_version: z.string(),
    test_name: z.string(),
    /** Absolute path of the workload config. */
    config_path: z.string(),
    /** Epoch ms of the test's time zero (schedule offsets are added to this). */
    start_ms: epochMs,
    /** Epoch ms when the last response arrived or the run stopped (0: not known). */
    end_ms: epochMs,
    duration_s: z.number().min(0),
    seed: z.number().int().min(0),
    endpoint: z.string(),
    transport: z.string(),
    /** Without credentials; null for generic endpoints. */
    api_host: z.string().nullable(),
    namespace: z.string(),
    blocking: z.boolean(),
    /** Number of scheduled invocations (also line 3 of test_metadata.out). */
    invocations: count,
    /** Path of the invocation records (NDJSON), relative to the metadata file's folder. */
    records_path: z.string(),
    interrupted: z.boolean(),
    activation_store: activationStoreRefSchema.nullable(),
    monitoring: z.array(monitoringOutputSchema).readonly(),
    shard: runShardSchema.nullable().optional(),
    /** Absent in runs made by 0.1.0. */
    verdict: scheduleVerdictSchema.optional(),
    /** The per-request time limit the run used, s (absent in 0.1.0 runs: 70). */
    timeout_s: z.number().min(0).optional(),
    /**
     * Embedded runs: ids of accepted activations the platform had not stored when the settle
     * timeout ran out (the analyzer reports them as `unsettled`).
     */
    unsettled_ids: z.array(z.string()).readonly().optional(),
    /**
     * False in the copy written when dispatch starts; true once the run ended and every record is
     * written. Absent (0.1.0) means finished; false when analysed means the invoker was killed.
     */
    finished: z.boolean().optional(),
  })
  .readonly();

export type RunMetadata = z.infer<typeof runMetadataSchema>;

/** FaaSProfiler's `test_metadata.out`: exactly these three lines. */
export interface MetadataOut {
  /** Line 1: the test start, epoch ms. */
  readonly startMs: number;
  /** Line 2: the workload config's path (FaaSProfiler writes a bare file name). */
  readonly configPath: string;
  /** Line 3: the number of scheduled invocations. */
  readonly invocations: number;
}

/**
 * The test start as written (`start_ms`, line 1 of test_metadata.out): whole ms, rounded down, as
 * FaaSProfiler's `date +%s%N | cut -b1-13`. Rounding up could put it after the start of an
 * activation sent in the schedule's first millisecond (OpenWhisk truncates its stamps to the ms),
 * and FaaSProfiler's analyzer reads only activations with `start >= line 1`.
 */
export function testStartMs(startEpochMs: number): number {
  return Math.floor(startEpochMs);
}

/**
 * How `test_metadata.json` maps onto `test_metadata.out`. Line 2 is the config path as the user
 * gave it when known (FaaSProfiler's analyzer joins a relative one to its own folder), else the
 * absolute `config_path`.
 */
export function metadataOutOf(meta: RunMetadata, configPathAsGiven?: string): MetadataOut {
  return { startMs: meta.start_ms, configPath: configPathAsGiven ?? meta.config_path, invocations: meta.invocations };
}

export function formatMetadataOut(out: MetadataOut): string {
  return `${out.startMs}\n${out.configPath}\n${out.invocations}\n`;
}

/** Reads the three lines, or throws a ContractError naming the file and the line that is wrong. */
export function parseMetadataOut(text: string, file: string): MetadataOut {
  const [startLine, configLine, countLine] = text.split(/\r?\n/);
  const startMs = Number(startLine?.trim());
  const invocations = Number(countLine?.trim());
  if (startLine?.trim() === '' || !epochMs.safeParse(startMs).success || startMs === 0) {
    throw new ContractError(file, `the test start in epoch ms must be here, got "${startLine ?? ''}"`, 1);
  }
  if (countLine?.trim() === '' || !count.safeParse(invocations).success) {
    throw new ContractError(file, `the invocation count must be here, got "${countLine ?? ''}"`, 3);
  }
  return { startMs, configPath: (configLine ?? '').trim(), invocations };
}
