/**
 * Output folders named on the command line are checked before a run starts, so that a folder
 * that is a file, or cannot be written, is one line naming the flag instead of a failure midway.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from './errors.js';

const WHY: Record<string, string> = {
  EEXIST: 'it is a file, not a folder',
  ENOTDIR: 'part of the path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
};

/** Creates `dir` if needed and proves it writable; synchronous, as it runs once before anything else. */
export function ensureWritableDir(dir: string, flag: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    const probe = join(dir, `.write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === undefined ? (err as Error).message : (WHY[code] ?? code);
    throw new UserError(`${flag} ${dir}: cannot write there (${why})`);
  }
}
