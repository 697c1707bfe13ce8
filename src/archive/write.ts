import { randomBytes } from 'node:crypto';
import { link, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArchiveV1 } from './types.js';

/** Longest test-name part of a file name: keeps names under common 255-byte limits. */
const MAX_NAME_CHARS = 180;

/** A test name made safe for every file system: anything outside [A-Za-z0-9._-] becomes `_`. */
export function sanitizeTestName(testName: string): string {
  const safe = testName.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, MAX_NAME_CHARS);
  return safe === '' ? 'test' : safe;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** `YYYY_MM_DD_HH_MM_<test_name>.json` for the archive's `created_ms` (UTC). */
export function archiveFileName(archive: Pick<ArchiveV1, 'created_ms' | 'test_name'>): string {
  const d = new Date(archive.created_ms);
  if (Number.isNaN(d.getTime()))
    throw new RangeError(`archiveFileName: created_ms is not a valid time (${archive.created_ms})`);
  const stamp = `${d.getUTCFullYear()}_${pad2(d.getUTCMonth() + 1)}_${pad2(d.getUTCDate())}_${pad2(d.getUTCHours())}_${pad2(d.getUTCMinutes())}`;
  return `${stamp}_${sanitizeTestName(archive.test_name)}.json`;
}

/** `name.json`, then `name_2.json`, `name_3.json`, … */
export function collisionName(fileName: string, attempt: number): string {
  if (attempt <= 1) return fileName;
  return fileName.replace(/\.json$/, `_${attempt}.json`);
}

/** Chunk of activations serialised per write: bounds memory and stays far below V8's string limit. */
const ACTIVATIONS_PER_CHUNK = 2000;

/**
 * Serialises the archive to an open file: compact JSON, one top-level field per line, and the
 * activation table streamed in chunks so a very large run never needs one giant string.
 */
async function writeJson(path: string, archive: ArchiveV1): Promise<void> {
  const fh = await open(path, 'wx');
  // FileHandle.writeFile appends at the current position and loops over partial writes.
  const write = (text: string) => fh.writeFile(text);
  try {
    // As JSON.stringify does, fields whose value is undefined are left out.
    const keys = (Object.keys(archive) as (keyof ArchiveV1)[]).filter((k) => archive[k] !== undefined);
    await write('{\n');
    for (const [i, key] of keys.entries()) {
      const sep = i === keys.length - 1 ? '\n' : ',\n';
      const value = archive[key];
      if (key === 'activations' && Array.isArray(value)) {
        await write(`${JSON.stringify(key)}:[`);
        for (let start = 0; start < value.length; start += ACTIVATIONS_PER_CHUNK) {
          const chunk = value
            .slice(start, start + ACTIVATIONS_PER_CHUNK)
            .map((a) => JSON.stringify(a))
            .join(',\n');
          await write(`${start === 0 ? '\n' : ',\n'}${chunk}`);
        }
        await write(`]${sep}`);
      } else {
        await write(`${JSON.stringify(key)}:${JSON.stringify(value)}${sep}`);
      }
    }
    await write('}\n');
    await fh.sync();
  } finally {
    await fh.close();
  }
}

function errorCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

/**
 * Publishes `tmp` as `target` without ever replacing an existing file: a hard link fails with
 * EEXIST when the name is taken (atomic, even against another process). File systems without
 * hard links fall back to check-then-rename.
 */
async function publishNoClobber(tmp: string, target: string): Promise<boolean> {
  try {
    await link(tmp, target);
    await unlink(tmp);
    return true;
  } catch (err) {
    const code = errorCode(err);
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
  }
  try {
    await stat(target);
    return false;
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') throw err;
  }
  await rename(tmp, target);
  return true;
}

/**
 * Writes the archive into `dir` (created if needed) and returns its path. The file appears
 * complete or not at all (temporary file, then link/rename); a name already taken (two runs in
 * the same minute) gets `_2`, `_3`, … instead of being overwritten.
 */
export async function writeArchive(archive: ArchiveV1, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const base = archiveFileName(archive);
  // Not `*.json`, so readers listing the folder never see a half-written archive.
  const tmp = join(dir, `.${base}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeJson(tmp, archive);
    for (let attempt = 1; ; attempt++) {
      const target = join(dir, collisionName(base, attempt));
      if (await publishNoClobber(tmp, target)) return target;
    }
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}
