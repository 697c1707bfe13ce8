import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../errors.js';
import type { Comparison } from './types.js';

/** What a user plotting module's `comparativePlotting` receives: the comparison's tables, and where to write. */
export type ComparativePlottingInput = Comparison & {
  /** Folder for the module's outputs (exists). */
  readonly outDir: string;
};

export type ComparativePlotting = (input: ComparativePlottingInput) => unknown;

function oneLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0]!.trim();
}

/**
 * Loads the user's module (JS, or TS when this program runs under tsx) and returns its
 * `comparativePlotting` export; every failure is one UserError line naming the file.
 */
export async function loadUserPlotting(file: string): Promise<ComparativePlotting> {
  const path = resolve(file);
  try {
    await access(path);
  } catch {
    throw new UserError(`plotting module ${file}: no such file`);
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (err) {
    const hint =
      (err as NodeJS.ErrnoException).code === 'ERR_UNKNOWN_FILE_EXTENSION'
        ? ' (a .ts module needs the program run through tsx)'
        : '';
    throw new UserError(`plotting module ${file}: cannot be loaded: ${oneLine(err)}${hint}`);
  }
  const fn =
    mod['comparativePlotting'] ?? (mod['default'] as Record<string, unknown> | undefined)?.['comparativePlotting'];
  if (typeof fn !== 'function') {
    throw new UserError(
      `plotting module ${file}: has no exported function comparativePlotting({ tests, perf, stats, outDir })`,
    );
  }
  return fn as ComparativePlotting;
}

/** Calls (and awaits) the user's function; a throw or rejection becomes one UserError line. */
export async function runUserPlotting(
  file: string,
  fn: ComparativePlotting,
  input: ComparativePlottingInput,
): Promise<void> {
  try {
    await fn(input);
  } catch (err) {
    throw new UserError(`plotting module ${file}: comparativePlotting failed: ${oneLine(err)}`);
  }
}
