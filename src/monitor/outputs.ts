import { type Dirent, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { MonitoringOutput } from '../contracts/index.js';
import { classifyOutput } from './classify.js';

/** A file found in the monitoring folder, with what is needed to tell whether it changed. */
export interface FoundFile {
  readonly abs: string;
  readonly mtimeMs: number;
  readonly size: number;
}

/** Every regular file under `dir` (recursively), sorted by path; [] when `dir` is missing. */
export function findFiles(dir: string): FoundFile[] {
  const found: FoundFile[] = [];
  const walk = (d: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const abs = join(d, e.name);
      if (e.isDirectory()) walk(abs);
      else if (e.isFile()) {
        try {
          const st = statSync(abs);
          found.push({ abs, mtimeMs: st.mtimeMs, size: st.size });
        } catch {
          // vanished meanwhile
        }
      }
    }
  };
  walk(dir);
  return found.sort((a, b) => (a.abs < b.abs ? -1 : a.abs > b.abs ? 1 : 0));
}

/**
 * Files that are new or changed since `before` (a `findFiles` snapshot): the monitoring folder may
 * hold a previous run's outputs, which must not be attributed to this run.
 */
export function changedSince(before: readonly FoundFile[], now: readonly FoundFile[]): FoundFile[] {
  const old = new Map(before.map((f) => [f.abs, f]));
  return now.filter((f) => {
    const o = old.get(f.abs);
    return o === undefined || o.mtimeMs !== f.mtimeMs || o.size !== f.size;
  });
}

/**
 * Files → outputs: kind from the file name, host from the first folder level under
 * `monitoringDir` when it is a remote target's tag (else `local`), path relative to `metadataDir`
 * with `/` separators.
 */
export function toOutputs(
  files: readonly FoundFile[],
  monitoringDir: string,
  metadataDir: string,
  hostsByTag: ReadonlyMap<string, string>,
): MonitoringOutput[] {
  return files.map((f) => {
    const parts = relative(monitoringDir, f.abs).split(sep);
    const host = parts.length > 1 ? (hostsByTag.get(parts[0] as string) ?? 'local') : 'local';
    return {
      kind: classifyOutput(parts.at(-1) as string),
      host,
      path: relative(metadataDir, f.abs).split(sep).join('/'),
    };
  });
}
