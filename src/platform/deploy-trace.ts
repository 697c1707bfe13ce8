import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { InstanceSpec } from '../config/types.js';
import type { PercentileTable } from '../trace/index.js';
import { DEFAULT_LIMITS } from './action.js';
import {
  type ActionPut,
  actionPutBody,
  type DeployTarget,
  defaultManifestPath,
  deployFunctions,
  putActions,
  readActionCode,
  readFunctionManifest,
} from './deploy.js';

/** The manifest entry whose code every sampled trace function runs (`functions/nodejs/azure-trace.js`). */
export const TRACE_ACTION = 'azure-trace';

/** Memory the runtime needs inside the action's limit; memory draws are capped at the rest. */
const RUNTIME_HEADROOM_MB = 64;

/** A sampled trace function's action: its name and the percentiles it draws from. */
export interface TraceActionSpec {
  readonly name: string;
  readonly durationsMs: PercentileTable;
  readonly memoryMb: PercentileTable | null;
}

const table = (t: PercentileTable) => ({ levels: t.levels, values: t.values });

/**
 * The PUT of one trace function's action: the `azure-trace` code with its percentiles bound as
 * parameters, so an invocation needs no body and the action stays self-describing on the platform.
 */
export function traceActionPut(
  codeBody: Record<string, unknown>,
  memoryLimitMb: number,
  fn: TraceActionSpec,
): ActionPut {
  const parameters = [
    { key: 'durations_ms', value: table(fn.durationsMs) },
    { key: 'memory_cap_mb', value: Math.max(0, memoryLimitMb - RUNTIME_HEADROOM_MB) },
    ...(fn.memoryMb === null ? [] : [{ key: 'memory_mb', value: table(fn.memoryMb) }]),
  ];
  return { name: fn.name, body: { ...codeBody, name: fn.name, parameters } };
}

/**
 * Deploys every action a (trace-expanded) workload invokes: the sample functions it names from
 * the manifest, and one `azure-trace` action per sampled trace function. Returns how many.
 */
export async function deployWorkloadActions(
  target: DeployTarget,
  instances: readonly InstanceSpec[],
  manifestPath?: string,
): Promise<number> {
  const plain = [...new Set(instances.filter((i) => i.traceFunction === undefined).map((i) => i.application))];
  if (plain.length > 0) await deployFunctions(target, plain, manifestPath);
  const traced = new Map<string, TraceActionSpec>();
  for (const inst of instances) {
    const fn = inst.traceFunction;
    if (fn?.durationsMs)
      traced.set(inst.application, { name: inst.application, durationsMs: fn.durationsMs, memoryMb: fn.memoryMb });
  }
  if (traced.size === 0) return plain.length;
  const file = resolve(manifestPath ?? defaultManifestPath());
  const spec = (await readFunctionManifest(file)).actions[TRACE_ACTION];
  if (spec === undefined) throw new UserError(`${file} has no "${TRACE_ACTION}" action`);
  const codeBody = actionPutBody(TRACE_ACTION, spec, await readActionCode(file, TRACE_ACTION, spec));
  const memoryLimitMb = spec.memory ?? DEFAULT_LIMITS.memory;
  await putActions(
    target,
    [...traced.values()].map((fn) => traceActionPut(codeBody, memoryLimitMb, fn)),
  );
  return plain.length + traced.size;
}
