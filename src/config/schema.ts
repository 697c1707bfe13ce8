import { z } from 'zod';

/**
 * The workload JSON: FaaSProfiler's keys exactly, plus the optional extensions `transport`,
 * `namespace`, `warmup_s`, `perf_monitoring.targets` and, per instance, ramps (`rate: [from, to]`),
 * `steps` and `azure.trace`. Objects are strict (an unknown key is an error).
 * Each field carries one "expected …" message; `issues.ts` turns zod's issues into lines.
 * Rules that involve several fields live in `rules.ts`.
 */

const expected = (what: string) => ({ error: `expected ${what}` });

const NON_EMPTY = 'a non-empty string';
const nonEmpty = (what = NON_EMPTY) => z.string(expected(what)).min(1, expected(what));

const SECONDS = 'a number of seconds >= 0';
const seconds = z.number(expected(SECONDS)).min(0, expected(SECONDS));

const FILE = 'a file path (string) or null';
const filePath = z.string(expected(FILE)).min(1, expected(FILE)).nullable().optional();

const RATE = 'a number >= 0 (invocations per second)';
const rate = z.number(expected(RATE)).min(0, expected(RATE));
const RAMP = `${RATE}, or [from, to] (a linear ramp over the activity window)`;

const IAT = '"exponential", "uniform" or "equidistant"';
const MINUTE = 'an integer minute of the trace, 0 to 1440';
const minute = z.int(expected(MINUTE)).min(0, expected(MINUTE)).max(1440, expected(MINUTE));

/** Extension: replay the Azure Functions 2019 trace (docs/trace-replay.md). */
const azureSchema = z.strictObject(
  {
    trace: z.strictObject(
      {
        invocations: nonEmpty('a file path (the invocations_per_function_md CSV)'),
        durations: nonEmpty('a file path (the function_durations_percentiles CSV)'),
        memory: nonEmpty('a file path (the app_memory_percentiles CSV) or null').nullable().optional(),
        minutes: z.tuple([minute, minute], expected('[from, to): trace minutes, 0 to 1440')),
        functions: z.int(expected('an integer >= 1')).min(1, expected('an integer >= 1')),
        iat: z.enum(['exponential', 'uniform', 'equidistant'], expected(IAT)).default('exponential'),
        minute_s: z
          .number(expected('a number of seconds >= 0.001'))
          .min(0.001, expected('a number of seconds >= 0.001'))
          .default(60),
      },
      expected('an object {"invocations", "durations", "memory", "minutes", "functions", "iat", "minute_s"}'),
    ),
  },
  expected('an object {"trace": {...}}'),
);

export const instanceSchema = z.strictObject(
  {
    application: nonEmpty('a non-empty string (the action name)'),
    distribution: z.enum(['Uniform', 'Poisson'], expected('"Uniform" or "Poisson"')).optional(),
    rate: z.union([rate, z.tuple([rate, rate])], expected(RAMP)).optional(),
    steps: z
      .array(z.tuple([seconds, rate]), expected('an array of [t_s, rate] pairs (piecewise constant rate)'))
      .min(1, expected('at least one [t_s, rate] pair'))
      .optional(),
    azure: azureSchema.optional(),
    interarrivals_list: z.array(seconds, expected('an array of numbers of seconds >= 0')).optional(),
    activity_window: z.tuple([seconds, seconds], expected('[start, end] in seconds, or null')).nullable().optional(),
    param_file: filePath,
    data_file: filePath,
    url: nonEmpty('a URL (string)').nullable().optional(),
    data: z.json().optional(),
  },
  expected('an object describing the instance'),
);

const TARGET = '{"ssh": "user@host"[, "port", "identity", "options"]} or {"kubectl": "<arguments before the command>"}';
const PORT = 'a TCP port (1 to 65535)';
const sshTarget = z.strictObject({
  ssh: nonEmpty('"user@host"'),
  port: z.int(expected(PORT)).min(1, expected(PORT)).max(65535, expected(PORT)).optional(),
  /** Private key file (`ssh -i`); resolved like the other file paths. */
  identity: nonEmpty('a private key file path').optional(),
  options: z.array(z.string(expected('a string')), expected('an array of extra ssh arguments')).optional(),
});
const monitorTarget = z.union(
  [sshTarget, z.strictObject({ kubectl: nonEmpty('kubectl arguments') })],
  expected(TARGET),
);

const SEED = 'an unsigned 32-bit integer (0 to 4294967295) or null';

export const workloadSchema = z.strictObject(
  {
    test_name: nonEmpty(),
    test_duration_in_seconds: z.number(expected('a number > 0')).gt(0, expected('a number > 0')),
    random_seed: z.int(expected(SEED)).min(0, expected(SEED)).max(0xffff_ffff, expected(SEED)).nullable().optional(),
    blocking_cli: z.boolean(expected('true or false')).default(false),
    endpoint: z
      .enum(
        ['local_openwhisk', 'openwhisk', 'generic', 'embedded'],
        expected('"local_openwhisk", "openwhisk", "generic" or "embedded"'),
      )
      .default('local_openwhisk'),
    transport: z.enum(['http', 'cli'], expected('"http" or "cli"')).default('http'),
    namespace: nonEmpty('a non-empty string (an OpenWhisk namespace)').default('_'),
    warmup_s: seconds.optional(),
    instances: z.record(z.string(), instanceSchema, expected('an object of named instances')),
    perf_monitoring: z
      .strictObject(
        {
          runtime_script: filePath,
          post_script: filePath,
          targets: z.array(monitorTarget, expected(`an array of ${TARGET}`)).optional(),
        },
        expected('an object {"runtime_script": …, "post_script": …}'),
      )
      .optional(),
  },
  expected('a JSON object at the top level'),
);

export type WorkloadJson = z.output<typeof workloadSchema>;
export type InstanceJson = z.output<typeof instanceSchema>;
export type AzureTraceJson = z.output<typeof azureSchema>['trace'];
