import { readFile } from 'node:fs/promises';
import { ContractError, parseJsonText } from '../contracts/index.js';
import { UserError } from '../errors.js';
import type { ArchiveV1 } from './types.js';
import { checkArchiveBody, checkArchiveHeader, validateArchive } from './validate.js';

export interface ArchiveFile {
  readonly path: string;
  readonly archive: ArchiveV1;
}

/** An archive this tool cannot use; `reason` is the problem without the file name. */
export class InvalidArchiveError extends UserError {
  readonly file: string;
  readonly reason: string;

  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'InvalidArchiveError';
    this.file = file;
    this.reason = reason;
  }
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new InvalidArchiveError(path, 'no such file');
    if (e.code === 'ERR_STRING_TOO_LONG' || e.code === 'ERR_FS_FILE_TOO_LARGE')
      throw new InvalidArchiveError(path, 'too large to read as one JSON document (over ~512 MB)');
    throw new InvalidArchiveError(path, `cannot read (${e.code ?? e.message})`);
  }
  if (text.trim() === '') throw new InvalidArchiveError(path, 'empty file');
  try {
    return parseJsonText(text, { file: path });
  } catch (err) {
    // Too deeply nested, or not JSON at all: corruption either way.
    throw new InvalidArchiveError(path, `corrupt JSON (${err instanceof ContractError ? err.reason : String(err)})`);
  }
}

/**
 * Reads one archive, or returns null without checking more than its header when it was made
 * before `sinceMs`. Throws InvalidArchiveError for anything unreadable.
 */
export async function readArchiveMadeSince(path: string, sinceMs: number): Promise<ArchiveV1 | null> {
  const value = await readJson(path);
  const header = checkArchiveHeader(value);
  if (!header.ok) throw new InvalidArchiveError(path, header.reason);
  if (header.header.created_ms < sinceMs) return null;
  const body = checkArchiveBody(value);
  if (!body.ok) throw new InvalidArchiveError(path, body.reason);
  return body.archive;
}

/** Reads and validates one archive; throws UserError naming the file when corrupt or of an unknown version. */
export async function readArchive(path: string): Promise<ArchiveV1> {
  const result = validateArchive(await readJson(path));
  if (!result.ok) throw new InvalidArchiveError(path, result.reason);
  return result.archive;
}
