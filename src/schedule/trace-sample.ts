import type { AzureTraceSpec, InstanceSpec, Workload } from '../config/types.js';
import { UserError } from '../errors.js';
import { instanceRandom, type Random } from './rng.js';

/** Characters of the HashFunction in a sampled function's instance and action names. */
const SHORT_HASH = 12;

/**
 * `k` of the indices 0 … n−1 (all of them when k >= n), drawn without replacement by a partial
 * Fisher–Yates shuffle, returned ascending so the sample keeps the trace file's order.
 */
export function sampleIndices(n: number, k: number, random: Random): Uint32Array {
  const take = Math.min(n, k);
  const pool = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(random() * (n - i));
    const t = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = t;
  }
  return pool.subarray(0, take).sort();
}

/** The sampled functions of one trace instance, each an instance of its own (kind `minutes`). */
function sampledInstances(inst: InstanceSpec, trace: AzureTraceSpec, seed: number): InstanceSpec[] {
  const picked = sampleIndices(trace.candidates.length, trace.functions, instanceRandom(seed, inst.name));
  return Array.from(picked, (i): InstanceSpec => {
    const fn = trace.candidates[i]!;
    if (fn.durationsMs === null) {
      throw new UserError(
        `${trace.files.invocations}: line ${fn.line}, column HashFunction: sampled function ${fn.fn} has no row in ${trace.files.durations}`,
      );
    }
    const short = fn.fn.slice(0, SHORT_HASH);
    return {
      ...inst,
      name: `${inst.name}/${short}`,
      application: `${inst.application}-${short}`,
      arrival: { kind: 'minutes', counts: fn.counts, minuteS: trace.minuteS, iat: trace.iat },
      traceFunction: fn,
    };
  });
}

/**
 * Replaces each `azure.trace` instance by one instance per sampled function (named
 * `<instance>/<first 12 hex of HashFunction>`, invoking action `<application>-<same 12 hex>`),
 * sampled with the run's seed. Pure; every other instance is kept as it is, in place.
 */
export function expandTraceInstances(workload: Workload, seed: number): Workload {
  if (!workload.instances.some((i) => i.arrival.kind === 'azure')) return workload;
  return {
    ...workload,
    instances: workload.instances.flatMap((inst) =>
      inst.arrival.kind === 'azure' ? sampledInstances(inst, inst.arrival.trace, seed) : [inst],
    ),
  };
}
