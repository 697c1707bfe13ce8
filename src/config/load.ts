import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UserError, UserErrors } from '../errors.js';
import { resolveFiles } from './files.js';
import { describeValue, formatPath, formatProblem, inDocumentOrder, problemsFromIssues } from './issues.js';
import { isJsonObject, parseJsonText } from './json-text.js';
import { crossFieldProblems } from './rules.js';
import { instanceSchema, workloadSchema, type InstanceJson, type WorkloadJson } from './schema.js';
import { readAzureTrace } from '../trace/index.js';
import type { ActivityWindow, ArrivalSpec, InstanceSpec, RateSegment, Workload } from './types.js';

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
  const workload = toWorkload(parsed.data, files.paths, configPath, doc);
  return { ...workload, instances: await Promise.all(workload.instances.map(withTraceRows)) };
}

/** Reads the trace files of an `azure.trace` instance (the rows are needed to sample functions). */
async function withTraceRows(inst: InstanceSpec): Promise<InstanceSpec> {
  if (inst.arrival.kind !== 'azure') return inst;
  const { trace } = inst.arrival;
  const candidates = await readAzureTrace(trace.files, trace.minutes);
  return { ...inst, arrival: { kind: 'azure', trace: { ...trace, candidates } } };
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
    warmupS: json.warmup_s ?? 0,
    blocking: json.blocking_cli,
    endpoint: json.endpoint,
    transport: json.transport,
    namespace: json.namespace,
    instances: Object.entries(json.instances).map(
      ([name, inst]): InstanceSpec => ({
        name,
        application: inst.application,
        arrival: toArrival(inst, json.test_duration_in_seconds, (key) =>
          file('instances', name, 'azure', 'trace', key),
        ),
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

/**
 * Validation has made sure an instance is exactly one of: a trace (`interarrivals_list` or
 * `azure.trace`), distribution + rate, or distribution + steps. `traceFile` gives the resolved
 * trace files.
 */
function toArrival(inst: InstanceJson, durationS: number, traceFile: (key: string) => string | null): ArrivalSpec {
  if (inst.interarrivals_list !== undefined) return { kind: 'trace', interarrivals: inst.interarrivals_list };
  if (inst.azure !== undefined) {
    const t = inst.azure.trace;
    const files = {
      invocations: traceFile('invocations')!,
      durations: traceFile('durations')!,
      memory: traceFile('memory'),
    };
    const trace = {
      files,
      minutes: t.minutes,
      functions: t.functions,
      iat: t.iat,
      minuteS: t.minute_s,
      candidates: [],
    };
    return { kind: 'azure', trace };
  }
  const w = inst.activity_window;
  // An end past the test is clipped: the test ends there anyway.
  const window: ActivityWindow | null = w == null ? null : [w[0], Math.min(w[1], durationS)];
  const process = inst.distribution!;
  if (typeof inst.rate === 'number') return { kind: process, rate: inst.rate, window };
  const [start, end] = window ?? [0, durationS];
  if (inst.rate !== undefined) {
    const [from, to] = inst.rate;
    return { kind: 'shaped', process, segments: end > start ? [{ start, end, from, to }] : [] };
  }
  return { kind: 'shaped', process, segments: stepSegments(inst.steps!, start, end) };
}

/** Steps `[t_s, rate]` as constant pieces: each rate holds until the next step, clipped to [start, end). */
function stepSegments(steps: readonly (readonly [number, number])[], start: number, end: number): RateSegment[] {
  const segments: RateSegment[] = [];
  steps.forEach(([t, rate], i) => {
    const s = Math.max(t, start);
    const e = Math.min(steps[i + 1]?.[0] ?? end, end);
    if (e > s) segments.push({ start: s, end: e, from: rate, to: rate });
  });
  return segments;
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
    const synthetic = inst.distribution !== undefined && (inst.rate !== undefined || inst.steps !== undefined);
    // Trace-replay instances are left out: their functions are sampled per run (see the records).
    if (!synthetic && inst.interarrivals_list === undefined) continue;
    out.push({ name, application: inst.application, arrival: toArrival(inst, durationS, () => null) });
  }
  return out;
}
