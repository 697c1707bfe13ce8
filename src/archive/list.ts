import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { InvalidArchiveError, readArchiveMadeSince, type ArchiveFile } from './read.js';

export interface ListArchivesOptions {
  /** Keep archives whose `created_ms` is at or after this epoch ms. */
  readonly sinceMs?: number;
  /** Told about every file skipped, as `skipping <file>: <reason>`. */
  readonly warn: (msg: string) => void;
}

/**
 * Reads every `*.json` archive in `dir` made at or after `sinceMs` (when given), sorted by
 * `created_ms` (then file name). Corrupt or unknown-version files are skipped with a warning
 * naming the file; a missing folder is a UserError.
 */
export async function listArchives(dir: string, opts: ListArchivesOptions): Promise<ArchiveFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`archive folder ${dir} does not exist`);
    if (code === 'ENOTDIR') throw new UserError(`archive folder ${dir} is not a folder`);
    throw new UserError(`cannot read archive folder ${dir} (${code ?? (err as Error).message})`);
  }
  const files: ArchiveFile[] = [];
  // One at a time: parsing is CPU-bound anyway, and peak memory stays one file's text.
  for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort()) {
    const path = join(dir, name);
    try {
      const archive = await readArchiveMadeSince(path, opts.sinceMs ?? Number.NEGATIVE_INFINITY);
      if (archive !== null) files.push({ path, archive });
    } catch (err) {
      if (!(err instanceof InvalidArchiveError)) throw err;
      opts.warn(`skipping ${path}: ${err.reason}`);
    }
  }
  return files.sort(
    (a, b) => a.archive.created_ms - b.archive.created_ms || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
}
