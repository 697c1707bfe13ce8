import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { RunMetadata } from './run-metadata.js';

export const METADATA_OUT = 'test_metadata.out';
export const METADATA_JSON = 'test_metadata.json';

/**
 * Writes FaaSProfiler's three-line `test_metadata.out` (start epoch ms, config path, invocation
 * count) and our `test_metadata.json` into `logsDir`.
 */
export async function writeRunMetadata(logsDir: string, meta: RunMetadata): Promise<void> {
  await mkdir(logsDir, { recursive: true });
  // The JSON first, each file whole or not at all (rename): a kill never leaves a torn file.
  await writeWhole(join(logsDir, METADATA_JSON), `${JSON.stringify(meta, null, 2)}\n`);
  await writeWhole(join(logsDir, METADATA_OUT), `${meta.start_ms}\n${meta.config_path}\n${meta.invocations}\n`);
}

async function writeWhole(path: string, text: string): Promise<void> {
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}

export interface LoadedRunMetadata {
  /** Folder holding the metadata files; relative paths inside the JSON resolve against it. */
  readonly dir: string;
  readonly startMs: number;
  /** As written on line 2 (FaaSProfiler writes a bare file name). */
  readonly configPath: string;
  readonly invocations: number;
  /** Present when the run was made by this tool's invoker. */
  readonly json: RunMetadata | null;
}

/**
 * Reads a run's metadata from `test_metadata.out` (a path to it, or the folder holding it), plus
 * the `.json` beside it when present (runs made by FaaSProfiler have none).
 */
export async function readRunMetadata(pathOrDir: string): Promise<LoadedRunMetadata> {
  const outPath =
    pathOrDir.endsWith('.out') || pathOrDir.endsWith('.json')
      ? pathOrDir.replace(/\.json$/, '.out')
      : join(pathOrDir, METADATA_OUT);
  const dir = dirname(resolve(outPath));
  let text: string;
  try {
    text = await readFile(outPath, 'utf8');
  } catch {
    throw new UserError(`no run metadata at ${outPath}: run workload-invoker first, or pass --metadata FILE`);
  }
  const [startLine, configLine, countLine] = text.split(/\r?\n/);
  const startMs = Number(startLine?.trim());
  const invocations = Number(countLine?.trim());
  if (!Number.isFinite(startMs) || startMs <= 0) {
    throw new UserError(`${outPath}: line 1 must be the test start in epoch ms, got "${startLine ?? ''}"`);
  }
  if (!Number.isInteger(invocations) || invocations < 0) {
    throw new UserError(`${outPath}: line 3 must be the invocation count, got "${countLine ?? ''}"`);
  }
  let json: RunMetadata | null = null;
  const jsonPath = join(dir, METADATA_JSON);
  const jsonText = await readFile(jsonPath, 'utf8').catch(() => null);
  if (jsonText !== null) {
    try {
      json = JSON.parse(jsonText) as RunMetadata;
    } catch (err) {
      throw new UserError(`${jsonPath}: not valid JSON (${(err as Error).message})`);
    }
    if (json.format !== 'faas-profiler-run' || json.version !== 1) {
      throw new UserError(
        `${jsonPath}: unknown run metadata format/version ${String(json.format)}/${String(json.version)}`,
      );
    }
    // A .json left over from an earlier run must not be paired with a newer .out.
    if (json.start_ms !== startMs) json = null;
  }
  return { dir, startMs, configPath: (configLine ?? '').trim(), invocations, json };
}
