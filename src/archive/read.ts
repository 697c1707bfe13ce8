import type { ArchiveV1 } from './types.js';

export interface ArchiveFile {
  readonly path: string;
  readonly archive: ArchiveV1;
}

/** Reads and validates one archive; throws UserError naming the file when corrupt or of an unknown version. */
export async function readArchive(path: string): Promise<ArchiveV1> {
  void path;
  throw new Error('readArchive: not implemented yet');
}

/**
 * Reads every `*.json` archive in `dir` made at or after `sinceMs` (when given); corrupt or
 * unknown-version files are skipped with a warning naming the file.
 */
export async function listArchives(dir: string, opts: { sinceMs?: number; warn: (msg: string) => void }): Promise<ArchiveFile[]> {
  void dir;
  void opts;
  throw new Error('listArchives: not implemented yet');
}
