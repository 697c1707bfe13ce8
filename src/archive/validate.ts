import type { z } from 'zod';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  type ArchiveHeader,
  type ArchiveV1,
  archiveHeaderSchema,
  archiveSchema,
  describeProblems,
} from '../contracts/index.js';

/** A short rendering of a wrong value for a message (long ones cut). */
function describe(value: unknown): string {
  const text = typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

const invalid = (error: z.ZodError) => ({ ok: false as const, reason: `invalid archive: ${describeProblems(error)}` });

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
  return parsed.success ? { ok: true, header: parsed.data } : invalid(parsed.error);
}

/**
 * Validates a whole archive whose header already passed `checkArchiveHeader`. Returns the value
 * itself (not zod's copy), so a large activation table is not duplicated.
 */
export function checkArchiveBody(value: unknown): { ok: true; archive: ArchiveV1 } | { ok: false; reason: string } {
  const parsed = archiveSchema.safeParse(value);
  return parsed.success ? { ok: true, archive: value as ArchiveV1 } : invalid(parsed.error);
}

/** Header and body in one step: the archive, or the reason it is not one this tool can read. */
export function validateArchive(value: unknown): { ok: true; archive: ArchiveV1 } | { ok: false; reason: string } {
  const header = checkArchiveHeader(value);
  if (!header.ok) return header;
  return checkArchiveBody(value);
}
