/**
 * The shards of one run (`--shard K/N`, one run directory each) analysed as one run: the check
 * that they belong together and the per-shard table. Pure.
 */
import type { InvocationRecord, RunMetadata, RunShard, ShardRow } from '../contracts/index.js';
import { UserError } from '../errors.js';
import { quantileSorted } from '../percentile.js';
import { Float64Buffer } from './float-buffer.js';

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

/** What the per-shard table needs from one shard's records, streamed (no record is kept). */
export class ShardTally {
  private scheduled = 0;
  private sent = 0;
  private errors = 0;
  private readonly lags = new Float64Buffer();

  add(r: InvocationRecord): void {
    this.scheduled++;
    if (r.outcome !== 'ok') this.errors++;
    if (r.sent_ms !== null) {
      this.sent++;
      if (r.lag_ms !== null) this.lags.push(r.lag_ms);
    }
  }

  /** The shard's row; the issued rate as the schedule verdict defines it: sent ÷ test duration. */
  row(shard: RunShard, durationS: number): ShardRow {
    const lags = this.lags.toArray().sort();
    return {
      index: shard.index,
      host: shard.host,
      scheduled: this.scheduled,
      sent: this.sent,
      issued_rate: durationS > 0 ? this.sent / durationS : null,
      lag_p50_ms: quantileSorted(lags, 0.5),
      lag_p99_ms: quantileSorted(lags, 0.99),
      lag_max_ms: lags.length > 0 ? lags[lags.length - 1]! : null,
      errors: this.errors,
    };
  }
}
