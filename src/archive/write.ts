import type { ArchiveV1 } from './types.js';

/** `YYYY_MM_DD_HH_MM_<test_name>.json` for the archive's `created_ms` (UTC). */
export function archiveFileName(archive: Pick<ArchiveV1, 'created_ms' | 'test_name'>): string {
  void archive;
  throw new Error('archiveFileName: not implemented yet');
}

/** Writes the archive into `dir` (created if needed) and returns its path. */
export async function writeArchive(archive: ArchiveV1, dir: string): Promise<string> {
  void archive;
  void dir;
  throw new Error('writeArchive: not implemented yet');
}
