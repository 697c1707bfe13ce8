import { UserError } from '../errors.js';
import type { Schedule } from './types.js';

/** One shard of a run: `index` in 0..count−1 (as Kubernetes' JOB_COMPLETION_INDEX). */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/** Parses `--shard K/N`; a bad value is a UserError naming the flag. */
export function parseShardSpec(text: string): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(count) || count < 1 || index >= count) {
    throw new UserError(`--shard expects K/N with N >= 1 and K in 0..N-1, got "${text}"`, 2);
  }
  return { index, count };
}

/**
 * Which shard an event goes to: each instance's events are dealt round-robin, starting at a
 * shard offset by the instance's position, so every instance's count differs by at most one
 * between shards and single-event instances do not all land on shard 0.
 */
function stripeOwner(occurrence: number, instance: number, count: number): number {
  return (occurrence + instance) % count;
}

/**
 * The part of a full schedule one shard sends. Pure. The shards of one schedule are disjoint and
 * their union is the whole schedule: same times, instances and any other per-event column, in the
 * same order. Every per-event column of the schedule (a typed array as long as `times`) is
 * filtered, so columns added later (e.g. a trace function index) shard without changes here.
 */
export function shardSchedule(schedule: Schedule, shard: ShardSpec): Schedule {
  if (shard.count === 1) return schedule;
  const n = schedule.times.length;
  const seen = new Uint32Array(schedule.instances.length);
  const keep = new Uint32Array(n);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const inst = schedule.instanceIndex[i]!;
    if (stripeOwner(seen[inst]!++, inst, shard.count) === shard.index) keep[kept++] = i;
  }
  const picked: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(schedule)) {
    if (ArrayBuffer.isView(column) && !(column instanceof DataView) && (column as Float64Array).length === n) {
      const col = column as Float64Array;
      const out = new (col.constructor as Float64ArrayConstructor)(kept);
      for (let j = 0; j < kept; j++) out[j] = col[keep[j]!]!;
      picked[key] = out;
    }
  }
  return { ...schedule, ...picked } as Schedule;
}
