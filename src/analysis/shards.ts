/**
 * The shards of one run (`--shard K/N`, one run directory each) analysed as one run: the check
 * that they belong together and the per-shard table. Pure.
 */
import type { RunMetadata, RunShard, ShardRow } from '../contracts/index.js';
import { UserError } from '../errors.js';
import type { RunSummary } from '../invoke/index.js';

/** One shard's run directory as read. */
export interface ShardRun {
  readonly dir: string;
  readonly meta: RunMetadata | null;
  /** The workload JSON as read (null when not found). */
  readonly config: unknown;
}

function shardOf(run: ShardRun): { meta: RunMetadata; shard: RunShard } {
  const shard = run.meta?.shard;
  if (run.meta === null || shard === null || shard === undefined) {
    throw new UserError(
      `${run.dir}: not a shard of a run (its test_metadata.json has no shard; made without --shard?)`,
    );
  }
  return { meta: run.meta, shard };
}

/**
 * Refuses, with one line, run directories that are not the shards of one run: each must be a
 * shard of the same count, test, seed, duration, start instant and workload, each index once.
 * Returns the shards in index order. Missing indices are allowed (a shard that never ran) and
 * returned for the caller to warn about.
 */
export function checkShardsOfOneRun(runs: readonly ShardRun[]): { ordered: ShardRun[]; missing: number[] } {
  const [first, ...rest] = runs.map((r) => ({ run: r, ...shardOf(r) }));
  if (first === undefined) throw new UserError('no run directories given');
  const same: [string, (m: RunMetadata, s: RunShard) => unknown][] = [
    ['shard count', (_, s) => s.count],
    ['test name', (m) => m.test_name],
    ['seed', (m) => m.seed],
    ['duration', (m) => m.duration_s],
    ['start instant', (m) => m.start_ms],
  ];
  const byIndex = new Map<number, ShardRun>([[first.shard.index, first.run]]);
  for (const other of rest) {
    for (const [what, get] of same) {
      const a = get(first.meta, first.shard);
      const b = get(other.meta, other.shard);
      if (a !== b) {
        throw new UserError(
          `${other.run.dir} is not a shard of the same run as ${first.run.dir}: ${what} ${String(b)} vs ${String(a)}`,
        );
      }
    }
    if (
      first.run.config !== null &&
      other.run.config !== null &&
      JSON.stringify(first.run.config) !== JSON.stringify(other.run.config)
    ) {
      throw new UserError(`${other.run.dir} is not a shard of the same run as ${first.run.dir}: the workloads differ`);
    }
    const twin = byIndex.get(other.shard.index);
    if (twin !== undefined) {
      throw new UserError(`${other.run.dir} and ${twin.dir} are both shard ${other.shard.index}/${other.shard.count}`);
    }
    byIndex.set(other.shard.index, other.run);
  }
  const indices = Array.from({ length: first.shard.count }, (_, i) => i);
  return {
    ordered: indices.flatMap((i) => byIndex.get(i) ?? []),
    missing: indices.filter((i) => !byIndex.has(i)),
  };
}

/** A per-shard table row from the shard's metadata and the invoker's tally of its records. */
export function shardRow(shard: RunShard, tally: RunSummary): ShardRow {
  const finite = (v: number): number | null => (Number.isNaN(v) ? null : v);
  return {
    index: shard.index,
    host: shard.host,
    scheduled: tally.scheduled,
    sent: tally.sent,
    issued_rate: tally.achievedRate,
    lag_p50_ms: finite(tally.lagMs.p50),
    lag_p99_ms: finite(tally.lagMs.p99),
    lag_max_ms: finite(tally.lagMs.max),
    errors: tally.scheduled - tally.outcomes.ok,
  };
}
