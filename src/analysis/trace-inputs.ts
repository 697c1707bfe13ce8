/**
 * What the analysis needs for warm-up and trace replay, read from the run's files (I/O edge):
 * the trace's durations; and the records' warm-up activation ids and trace functions.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { isJsonObject } from '../config/json-text.js';
import { type PercentileTable, readDurations } from '../trace/index.js';
import type { InvocationRecord } from '../contracts/index.js';
import { functionNameOf } from './run-membership.js';

/** What the invocation records tell about warm-up and trace replay, gathered one record at a time. */
export class RecordTags {
  /** Activation ids of invocations scheduled in the warm-up. */
  readonly warmupIds = new Set<string>();
  /** Action name → the trace's HashFunction it replays. */
  readonly traceOf = new Map<string, string>();

  add(r: InvocationRecord): void {
    if (r.warmup === true && r.activation_id) this.warmupIds.add(r.activation_id);
    if (typeof r.trace_function === 'string') this.traceOf.set(functionNameOf(r.application), r.trace_function);
  }
}

/** `warmup_s` of a workload JSON read leniently (0 when absent or not a number). */
export function configWarmupS(config: unknown): number {
  const v = isJsonObject(config) ? config['warmup_s'] : undefined;
  return typeof v === 'number' && v > 0 ? v : 0;
}

/** The `azure.trace` objects of a workload JSON, read leniently. */
function traceSpecs(config: unknown): Record<string, unknown>[] {
  if (!isJsonObject(config) || !isJsonObject(config['instances'])) return [];
  return Object.values(config['instances']).flatMap((inst) =>
    isJsonObject(inst) && isJsonObject(inst['azure']) && isJsonObject(inst['azure']['trace'])
      ? [inst['azure']['trace']]
      : [],
  );
}

/** Trace minutes the run replays (the longest `minutes` range of its trace instances), or null. */
export function replayedMinutes(config: unknown): number | null {
  let most: number | null = null;
  for (const t of traceSpecs(config)) {
    const m = t['minutes'];
    if (Array.isArray(m) && typeof m[0] === 'number' && typeof m[1] === 'number')
      most = Math.max(most ?? 0, m[1] - m[0]);
  }
  return most;
}

/**
 * The trace's duration percentiles by HashFunction, from every durations file the config names
 * (relative to the config's folder). A file that cannot be read is a warning: the column stays empty.
 */
export async function readTraceDurations(
  config: unknown,
  configPath: string | null,
  warn: (msg: string) => void,
): Promise<Map<string, PercentileTable>> {
  const out = new Map<string, PercentileTable>();
  for (const t of traceSpecs(config)) {
    const file = t['durations'];
    if (typeof file !== 'string' || configPath === null) continue;
    const path = isAbsolute(file) ? file : resolve(dirname(configPath), file);
    try {
      for (const [key, table] of await readDurations(path)) out.set(key.slice(key.lastIndexOf('/') + 1), table);
    } catch (err) {
      warn(`trace durations not read: ${(err as Error).message}`);
    }
  }
  return out;
}
