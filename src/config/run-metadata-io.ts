import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  formatMetadataOut,
  type MetadataOut,
  metadataOutOf,
  parseContract,
  parseJsonText,
  parseMetadataOut,
  RUN_METADATA_FORMAT,
  RUN_METADATA_VERSION,
  type RunMetadata,
  runMetadataSchema,
} from '../contracts/index.js';
import { UserError } from '../errors.js';

export const METADATA_OUT = 'test_metadata.out';
export const METADATA_JSON = 'test_metadata.json';

/**
 * Writes FaaSProfiler's three-line `test_metadata.out` (start epoch ms, config path, invocation
 * count) and our `test_metadata.json` into `logsDir`.
 */
export async function writeRunMetadata(logsDir: string, meta: RunMetadata, configPathAsGiven?: string): Promise<void> {
  await mkdir(logsDir, { recursive: true });
  // The JSON first, each file whole or not at all (rename): a kill never leaves a torn file.
  await writeWhole(join(logsDir, METADATA_JSON), `${JSON.stringify(meta, null, 2)}\n`);
  await writeWhole(join(logsDir, METADATA_OUT), formatMetadataOut(metadataOutOf(meta, configPathAsGiven)));
}

async function writeWhole(path: string, text: string): Promise<void> {
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}

export interface LoadedRunMetadata extends MetadataOut {
  /** Folder holding the metadata files; relative paths inside the JSON resolve against it. */
  readonly dir: string;
  /** Present when the run was made by this tool's invoker. */
  readonly json: RunMetadata | null;
}

/** Reads `test_metadata.json`: null when absent, else the metadata or a ContractError naming the field. */
async function readMetadataJson(path: string): Promise<RunMetadata | null> {
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) return null;
  const value = parseJsonText(text, { file: path });
  const { format, version } = (value ?? {}) as { format?: unknown; version?: unknown };
  if (format !== RUN_METADATA_FORMAT || version !== RUN_METADATA_VERSION) {
    throw new UserError(
      `${path}: unknown run metadata format/version ${String(format)}/${String(version)} (this tool reads ${RUN_METADATA_FORMAT}/${RUN_METADATA_VERSION})`,
    );
  }
  return parseContract(runMetadataSchema, value, { file: path, what: 'run metadata' });
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
  const out = parseMetadataOut(text, outPath);
  let json = await readMetadataJson(join(dir, METADATA_JSON));
  // A .json left over from an earlier run must not be paired with a newer .out.
  if (json !== null && json.start_ms !== out.startMs) json = null;
  return { ...out, dir, json };
}
