import { z } from 'zod';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, type ArchiveV1 } from './types.js';

/*
 * The archive schema. Objects are "loose": fields added by later tools (or by hand) pass through,
 * while every field this tool relies on must be present with the right type, so a truncated or
 * edited file is rejected instead of producing wrong comparisons.
 */

const num = z.number();
const numOrNull = z.number().nullable();

const metricStats = z.looseObject({
  count: z.number().int().nonnegative(),
  mean: numOrNull,
  std: numOrNull,
  p50: numOrNull,
  p90: numOrNull,
  p95: numOrNull,
  p99: numOrNull,
  p999: numOrNull,
  max: numOrNull,
});

const functionSummary = z.looseObject({
  func_name: z.string(),
  count: z.number().int().nonnegative(),
  rate: numOrNull,
  throughput: numOrNull,
  rel_stress: numOrNull,
  cold: z.number().int().nonnegative(),
  warm: z.number().int().nonnegative(),
  capacity_factor: numOrNull,
  latency: metricStats,
  execution: metricStats,
  initTime: metricStats,
  waitTime: metricStats,
});

const activation = z.looseObject({
  func_name: z.string(),
  activationId: z.string(),
  namespace: z.string(),
  start: num,
  end: num,
  duration: num,
  waitTime: num,
  initTime: num,
  latency: num,
  execution: num,
  kind: z.string(),
  statusCode: z.number().int().nullable(),
  cold: z.boolean(),
});

const invocationSummary = z.looseObject({
  scheduled: z.number().int().nonnegative(),
  sent: z.number().int().nonnegative(),
  accepted: z.number().int().nonnegative(),
  failed: z.record(z.string(), z.number()),
  recorded: z.number().int().nonnegative(),
  missing: z.number().int().nonnegative(),
  client_latency: metricStats,
  corrected_latency: metricStats,
});

const monitorSeries = z.looseObject({
  source: z.string(),
  host: z.string(),
  metric: z.string(),
  unit: z.string().nullable(),
  origin_ms: numOrNull,
  points: z.array(z.looseObject({ t: num, value: numOrNull })),
});

/** Run metadata is informative only here: its identity and the fields comparisons read. */
const runMetadata = z.looseObject({
  format: z.literal('faas-profiler-run'),
  version: z.literal(1),
  test_name: z.string(),
  start_ms: num,
});

/** Just enough to identify and date an archive before paying for the full check. */
export const archiveHeaderSchema = z.looseObject({
  format: z.literal(ARCHIVE_FORMAT),
  version: z.literal(ARCHIVE_VERSION),
  created_ms: num,
  test_name: z.string(),
});

export const archiveBodySchema = z.looseObject({
  since_ms: num,
  config: z.unknown(),
  metadata: runMetadata.nullable(),
  functions: z.array(functionSummary),
  overall: z.looseObject({
    latency: metricStats,
    execution: metricStats,
    initTime: metricStats,
    warm: metricStats,
    cold: metricStats,
  }),
  activations: z.array(activation),
  invocations: invocationSummary.nullable(),
  monitoring: z.array(monitorSeries),
});

export type ArchiveHeader = z.infer<typeof archiveHeaderSchema>;

/** How many schema problems one message lists; the rest are counted. */
const MAX_LISTED_ISSUES = 3;

function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(top level)' : out;
}

function describeIssues(error: z.ZodError): string {
  const listed = error.issues.slice(0, MAX_LISTED_ISSUES).map((i) => `${issuePath(i.path)}: ${i.message}`);
  const more = error.issues.length - listed.length;
  return listed.join('; ') + (more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : '');
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
}

/**
 * Checks that `value` is an archive of a format and version this tool reads, and returns its
 * header; otherwise returns the reason in one line.
 */
export function checkArchiveHeader(
  value: unknown,
): { ok: true; header: ArchiveHeader } | { ok: false; reason: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'not a faas-profiler archive (the JSON is not an object)' };
  }
  const { format, version } = value as { format?: unknown; version?: unknown };
  if (format !== ARCHIVE_FORMAT) {
    return {
      ok: false,
      reason: `not a faas-profiler archive (format is ${format === undefined ? 'missing' : describe(format)}, expected "${ARCHIVE_FORMAT}")`,
    };
  }
  if (version !== ARCHIVE_VERSION) {
    return {
      ok: false,
      reason: `unsupported archive version ${version === undefined ? '(missing)' : describe(version)} (this tool reads version ${ARCHIVE_VERSION})`,
    };
  }
  const parsed = archiveHeaderSchema.safeParse(value);
  if (!parsed.success) return { ok: false, reason: `invalid archive: ${describeIssues(parsed.error)}` };
  return { ok: true, header: parsed.data };
}

/**
 * Validates a whole archive whose header already passed `checkArchiveHeader`. Returns the value
 * itself (not zod's copy), so extra fields survive and a large activation table is not duplicated.
 */
export function checkArchiveBody(value: unknown): { ok: true; archive: ArchiveV1 } | { ok: false; reason: string } {
  const parsed = archiveBodySchema.safeParse(value);
  if (!parsed.success) return { ok: false, reason: `invalid archive: ${describeIssues(parsed.error)}` };
  return { ok: true, archive: value as ArchiveV1 };
}

/** Header and body in one step: the archive, or the reason it is not one this tool can read. */
export function validateArchive(value: unknown): { ok: true; archive: ArchiveV1 } | { ok: false; reason: string } {
  const header = checkArchiveHeader(value);
  if (!header.ok) return header;
  return checkArchiveBody(value);
}
