/**
 * `data_archive/YYYY_MM_DD_HH_MM_<test_name>.json`: everything needed to compare a run with others
 * later, without the platform. Fields added by later versions (or by hand) are accepted, while
 * every field listed must be present with its type, so a truncated or edited file
 * is rejected instead of producing wrong comparisons. Readers reject other formats and versions.
 */
import { z } from 'zod';
import { activationSchema } from './activation.js';
import { monitorSeriesSchema } from './monitor-series.js';
import { count, epochMs, ms } from './numbers.js';
import { runMetadataSchema } from './run-metadata.js';

export const ARCHIVE_FORMAT = 'faas-profiler-archive';
export const ARCHIVE_VERSION = 1;

const stat = z.number().nullable();

/** Summary statistics of one metric (ms). Sample standard deviation (n − 1). */
export const metricStatsSchema = z
  .object({
    count,
    mean: stat,
    std: stat,
    p50: stat,
    p90: stat,
    p95: stat,
    p99: stat,
    p999: stat,
    max: stat,
  })
  .readonly();

/** Per-function statistics (FaaSProfiler's stat summary plus ours). */
export const functionSummarySchema = z
  .object({
    func_name: z.string(),
    count,
    /** Configured invocation rate (sum over instances of this application), invocations/s. */
    rate: stat,
    /** 1000 × count / (max end − min(min start, test start + 1000 × window start)). */
    throughput: stat,
    /** rate / throughput. */
    rel_stress: stat,
    cold: count,
    warm: count,
    /** p90 − p10 of latency; null unless asked for. */
    capacity_factor: stat,
    latency: metricStatsSchema,
    execution: metricStatsSchema,
    initTime: metricStatsSchema,
    waitTime: metricStatsSchema,
  })
  .readonly();

/** The run's overall statistics as archived and printed by `--json`. */
export const overallStatsSchema = z
  .object({
    latency: metricStatsSchema,
    execution: metricStatsSchema,
    initTime: metricStatsSchema,
    /** Latency of warm activations. */
    warm: metricStatsSchema,
    /** Latency of cold activations. */
    cold: metricStatsSchema,
  })
  .readonly();

/** Reconciliation of the invoker's records with the activations found. */
export const invocationSummarySchema = z
  .object({
    scheduled: count,
    sent: count,
    accepted: count,
    failed: z.record(z.string(), count).readonly(),
    /** Activations found for this run. */
    recorded: count,
    /** Accepted invocations whose activation was not found (unsettled ones aside). */
    missing: count,
    /**
     * Accepted invocations whose activation had not finished when the run stopped waiting for
     * it (--settle-timeout-s): left out of every latency statistic. Absent in 0.1.0 archives.
     */
    unsettled: count.optional(),
    /** done − sent, ms. */
    client_latency: metricStatsSchema,
    /** done − scheduled, ms (corrects for send lag: no coordinated omission). */
    corrected_latency: metricStatsSchema,
  })
  .readonly();

/** One shard of a run analysed from several shard directories (`--shard K/N`). */
export const shardRowSchema = z
  .object({
    /** K of `--shard K/N`. */
    index: count,
    host: z.string(),
    scheduled: count,
    sent: count,
    /** Invocations this shard sent ÷ test duration, per second (as the schedule verdict's `issued_rate`). */
    issued_rate: z.number().nullable(),
    /** Send lag (sent − scheduled) percentiles, ms (src/percentile.ts). */
    lag_p50_ms: ms.nullable(),
    lag_p99_ms: ms.nullable(),
    lag_max_ms: ms.nullable(),
    /** Records whose outcome is anything but `ok`. */
    errors: count,
  })
  .readonly();

/** Just enough to identify and date an archive before paying for the full check. */
export const archiveHeaderSchema = z.object({
  format: z.literal(ARCHIVE_FORMAT),
  version: z.literal(ARCHIVE_VERSION),
  /** Epoch ms when the archive was written. */
  created_ms: epochMs,
  test_name: z.string(),
});

export const archiveSchema = z
  .object({
    ...archiveHeaderSchema.shape,
    /** Epoch ms the test started (activations were fetched from here). */
    since_ms: epochMs,
    /** The workload JSON as the run used it. */
    config: z.unknown(),
    /** The run's metadata, or null for runs made by FaaSProfiler (only test_metadata.out). */
    metadata: runMetadataSchema.nullable(),
    functions: z.array(functionSummarySchema).readonly(),
    overall: overallStatsSchema,
    activations: z.array(activationSchema).readonly(),
    invocations: invocationSummarySchema.nullable(),
    monitoring: z.array(monitorSeriesSchema).readonly(),
    /** Per-shard table when the run was analysed from its shards' directories; absent or null otherwise. */
    shards: z.array(shardRowSchema).readonly().nullable().optional(),
  })
  .readonly();

export type ShardRow = z.infer<typeof shardRowSchema>;
export type MetricStats = z.infer<typeof metricStatsSchema>;
export type FunctionSummary = z.infer<typeof functionSummarySchema>;
export type OverallStats = z.infer<typeof overallStatsSchema>;
export type InvocationSummary = z.infer<typeof invocationSummarySchema>;
export type ArchiveHeader = z.infer<typeof archiveHeaderSchema>;
export type ArchiveV1 = z.infer<typeof archiveSchema>;
