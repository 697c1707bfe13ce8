/**
 * The analysis' file inputs (the I/O edge of this folder; everything else here is pure):
 * the run's metadata, its workload config, and its invocation records.
 */
import { access, readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { METADATA_OUT, readRunMetadata, type LoadedRunMetadata } from '../config/run-metadata-io.js';
import type { RunShard } from '../contracts/index.js';
import { checkShardsOfOneRun } from './shards.js';

export interface RunInputs {
  readonly metadata: LoadedRunMetadata;
  /** The workload JSON as read, or null when it could not be found or parsed. */
  readonly config: unknown;
  readonly configPath: string | null;
  readonly testName: string;
  /** Epoch ms: the test start; activations are fetched from here. */
  readonly sinceMs: number;
  /**
   * Epoch ms: the test end plus the request timeout (the last invocation's activation starts by
   * then); null when the end is unknown.
   */
  readonly uptoMs: number | null;
  /** Absolute paths of the invocation records (one per shard; none when the run has none). */
  readonly recordsPaths: readonly string[];
  /** The shards, in index order, when several shard directories are analysed as one run; else null. */
  readonly shards: readonly ShardInput[] | null;
}

/** One shard of a merged run: its metadata entry and its records. */
export interface ShardInput {
  readonly shard: RunShard;
  readonly recordsPath: string | null;
}

export interface RunInputOptions {
  /** `--metadata FILE`, else `<logsDir>/test_metadata.out`. */
  readonly metadataPath: string;
  /** Overrides the request timeout added to the test end (runs without metadata JSON: 60 s). */
  readonly graceS?: number | undefined;
  readonly testNameOverride?: string | undefined;
  readonly cwd: string;
  readonly warn: (msg: string) => void;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Line 2 of test_metadata.out, resolved against the metadata folder, then the working folder, then
 * the metadata folder's parent: FaaSProfiler keeps the file in `<FAAS_ROOT>/synthetic_workload_invoker/`
 * and writes the config path relative to FAAS_ROOT.
 */
async function locateConfig(meta: LoadedRunMetadata, cwd: string): Promise<string | null> {
  const written = meta.json?.config_path ?? meta.configPath;
  if (written === '') return null;
  // An absolute path from another machine (a Kubernetes shard's /workload/workload.json) is also
  // looked for by its file name, next to the metadata and in the working folder.
  const candidates = isAbsolute(written)
    ? [written, resolve(meta.dir, basename(written)), resolve(cwd, basename(written))]
    : [resolve(meta.dir, written), resolve(cwd, written), resolve(dirname(meta.dir), written)];
  for (const c of candidates) if (await exists(c)) return c;
  return null;
}

function configNumber(config: unknown, key: string): number | null {
  const v = (config as Record<string, unknown> | null)?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export async function readRunInputs(opts: RunInputOptions): Promise<RunInputs> {
  const metadata = await readRunMetadata(opts.metadataPath);
  const configPath = await locateConfig(metadata, opts.cwd);
  let config: unknown = null;
  if (configPath === null) {
    opts.warn(
      `workload config "${metadata.json?.config_path ?? metadata.configPath}" not found next to the metadata or in the working folder: rates and rel_stress are null`,
    );
  } else {
    try {
      config = JSON.parse(await readFile(configPath, 'utf8'));
    } catch (err) {
      opts.warn(
        `workload config ${configPath} is not readable JSON (${(err as Error).message}): rates and rel_stress are null`,
      );
    }
  }
  const configName = (config as { test_name?: unknown } | null)?.test_name;
  const testName =
    opts.testNameOverride ??
    metadata.json?.test_name ??
    (typeof configName === 'string' ? configName : basename(metadata.configPath || 'test', '.json'));
  const json = metadata.json;
  if (json?.finished === false)
    opts.warn(
      'the run did not finish (the invoker was killed): analysing the records written so far; the end of the test is taken from its duration',
    );
  const durationS = json?.duration_s ?? configNumber(config, 'test_duration_in_seconds');
  const endMs = json && json.end_ms > 0 ? json.end_ms : durationS !== null ? metadata.startMs + 1000 * durationS : null;
  let recordsPath = json?.records_path ? resolve(metadata.dir, json.records_path) : null;
  if (recordsPath !== null && !(await exists(recordsPath))) {
    opts.warn(`invocation records ${recordsPath} (records_path in the run metadata) are missing: no client view`);
    recordsPath = null;
  }
  return {
    metadata,
    config,
    configPath,
    testName,
    sinceMs: metadata.startMs,
    uptoMs: endMs === null ? null : endMs + 1000 * (opts.graceS ?? json?.timeout_s ?? (json ? 70 : 60)),
    recordsPaths: recordsPath === null ? [] : [recordsPath],
    shards: null,
  };
}

/**
 * Several run directories that are the shards of one run, read as one run: the records of every
 * shard, the invocation count summed, the end the latest shard's. Directories of different runs
 * are refused (src/analysis/shards.ts); a shard index with no directory is a warning.
 */
export async function readShardedRunInputs(
  dirs: readonly string[],
  opts: Omit<RunInputOptions, 'metadataPath'>,
): Promise<RunInputs> {
  const parts = await Promise.all(dirs.map((dir) => readRunInputs({ ...opts, metadataPath: join(dir, METADATA_OUT) })));
  const byDir = new Map(parts.map((p, i) => [dirs[i]!, p]));
  const { ordered, missing } = checkShardsOfOneRun(
    parts.map((p, i) => ({ dir: dirs[i]!, meta: p.metadata.json, config: p.config })),
  );
  const shards = ordered.map((run) => byDir.get(run.dir)!);
  const first = shards[0]!;
  if (missing.length > 0) {
    opts.warn(
      `shard(s) ${missing.join(', ')} of ${first.metadata.json!.shard!.count} not given: the analysis covers the others only`,
    );
  }
  const invocations = shards.reduce((sum, p) => sum + p.metadata.invocations, 0);
  const ends = shards.map((p) => p.uptoMs);
  // Shard 0's metadata stands for the run, without what belongs to one shard only (its shard
  // entry and its schedule verdict; the per-shard table replaces both).
  const { verdict: _ownVerdict, ...json } = first.metadata.json!;
  return {
    ...first,
    metadata: {
      ...first.metadata,
      invocations,
      json: { ...json, invocations, shard: null, end_ms: Math.max(...shards.map((p) => p.metadata.json!.end_ms)) },
    },
    uptoMs: ends.includes(null) ? null : Math.max(...(ends as number[])),
    recordsPaths: shards.flatMap((p) => p.recordsPaths),
    shards: shards.map((p) => ({
      shard: p.metadata.json!.shard!,
      recordsPath: p.recordsPaths[0] ?? null,
    })),
  };
}
