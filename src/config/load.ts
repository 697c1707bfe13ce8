import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UserError, UserErrors } from '../errors.js';
import { resolveFiles } from './files.js';
import { describeValue, formatPath, formatProblem, inDocumentOrder, problemsFromIssues } from './issues.js';
import { isJsonObject, parseJsonText } from './json-text.js';
import { crossFieldProblems } from './rules.js';
import { instanceSchema, workloadSchema, type InstanceJson, type WorkloadJson } from './schema.js';
import type { ActivityWindow, ArrivalSpec, InstanceSpec, Workload } from './types.js';

/**
 * Reads and validates a FaaSProfiler-format workload JSON file. Throws `UserErrors` with one line
 * per problem (JSON path + what was expected). Relative file paths resolve against the config
 * file's folder, then `cwd`.
 */
export async function loadWorkload(path: string, opts: { cwd?: string } = {}): Promise<Workload> {
  const cwd = opts.cwd ?? process.cwd();
  const configPath = resolve(cwd, path);
  const doc = await readConfigJson(path, configPath);

  if (!isJsonObject(doc))
    throw new UserError(`${path}: expected a JSON object at the top level, got ${describeValue(doc)}`);
  const parsed = workloadSchema.safeParse(doc, { reportInput: true });
  const files = await resolveFiles(doc, dirname(configPath), cwd);
  const problems = [
    ...(parsed.success ? [] : problemsFromIssues(parsed.error.issues)),
    ...crossFieldProblems(doc),
    ...files.problems,
  ];
  if (problems.length > 0 || !parsed.success) {
    throw new UserErrors(inDocumentOrder(problems, doc).map((p) => `${path}: ${formatProblem(p)}`));
  }
  return { ...toWorkload(parsed.data, files.paths, configPath, doc), configPathGiven: path };
}

async function readConfigJson(path: string, configPath: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(configPath, 'utf8');
  } catch (err) {
    const { code, message } = err as NodeJS.ErrnoException;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES'
            ? 'permission denied'
            : message;
    throw new UserError(`${path}: cannot read the workload config: ${why}`);
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) throw new UserError(`${path}: invalid JSON at ${parsed.error}`);
  return parsed.value;
}

function toWorkload(
  json: WorkloadJson,
  files: ReadonlyMap<string, string>,
  configPath: string,
  raw: unknown,
): Workload {
  const file = (...path: (string | number)[]): string | null => files.get(formatPath(path)) ?? null;
  const perf = json.perf_monitoring;
  return {
    testName: json.test_name,
    durationS: json.test_duration_in_seconds,
    randomSeed: json.random_seed ?? null,
    blocking: json.blocking_cli,
    endpoint: json.endpoint,
    transport: json.transport,
    namespace: json.namespace,
    instances: Object.entries(json.instances).map(
      ([name, inst]): InstanceSpec => ({
        name,
        application: inst.application,
        arrival: toArrival(inst, json.test_duration_in_seconds),
        paramFile: file('instances', name, 'param_file'),
        dataFile: file('instances', name, 'data_file'),
        url: inst.url ?? null,
        data: inst.data,
      }),
    ),
    perfMonitoring: {
      runtimeScript: file('perf_monitoring', 'runtime_script'),
      postScript: file('perf_monitoring', 'post_script'),
      targets: (perf?.targets ?? []).map((t, i) =>
        'ssh' in t && t.identity !== undefined
          ? { ...t, identity: file('perf_monitoring', 'targets', i, 'identity')! }
          : t,
      ),
    },
    configPath,
    raw,
  };
}

/** Validation has made sure an instance is either a trace or has distribution + rate. */
function toArrival(inst: InstanceJson, durationS: number): ArrivalSpec {
  if (inst.interarrivals_list !== undefined) return { kind: 'trace', interarrivals: inst.interarrivals_list };
  const w = inst.activity_window;
  // An end past the test is clipped: the test ends there anyway.
  const window: ActivityWindow | null = w == null ? null : [w[0], Math.min(w[1], durationS)];
  return { kind: inst.distribution!, rate: inst.rate!, window };
}

/** An instance of a workload as read back from a finished run's config (see `workloadInstances`). */
export interface WorkloadInstance {
  readonly name: string;
  readonly application: string;
  readonly arrival: ArrivalSpec;
}

/**
 * The instances of a workload JSON read back after the run (analysis, archives): the same schema
 * and interpretation as `loadWorkload`, but without its file checks (param files may be gone), and
 * leaving out an instance that breaks its schema or names no arrival process instead of failing.
 */
export function workloadInstances(doc: unknown): WorkloadInstance[] {
  if (!isJsonObject(doc) || !isJsonObject(doc['instances'])) return [];
  const duration = doc['test_duration_in_seconds'];
  const durationS = typeof duration === 'number' ? duration : Number.POSITIVE_INFINITY;
  const out: WorkloadInstance[] = [];
  for (const [name, spec] of Object.entries(doc['instances'])) {
    const parsed = instanceSchema.safeParse(spec);
    if (!parsed.success) continue;
    const inst = parsed.data;
    const synthetic = inst.distribution !== undefined && inst.rate !== undefined;
    if (!synthetic && inst.interarrivals_list === undefined) continue;
    out.push({ name, application: inst.application, arrival: toArrival(inst, durationS) });
  }
  return out;
}
