import { Command, Option } from 'commander';
import { resolve } from 'node:path';
import { loadWorkload, resolveWhiskCredentials } from '../config/index.js';
import { readWhiskLocalCredentials } from '../config/whisk-local-credentials.js';
import {
  buildSchedule,
  buildTimelines,
  expandTraceInstances,
  parseShardSpec,
  resolveSeed,
  shardSchedule,
  type ShardSpec,
  summarizeSchedule,
  summarizeTimelines,
  writeScheduleCsv,
} from '../schedule/index.js';
import { checkBeforeRun, MAX_START_AHEAD_MS, parseStartAt, runWorkload } from '../invoke/index.js';
import { ensureWritableDir } from '../output-dir.js';
import { manifestYaml } from '../kubernetes/index.js';
import { UserError } from '../errors.js';
import { numberFlag } from './flags.js';
import { runMain } from './main.js';
import { toolVersion } from '../version.js';
import { redactUrl } from '../log.js';

/**
 * Every shard must build the same schedule, so with `random_seed: null` the seed comes from the
 * shared `--start-at` instant; a sharded run with neither is refused.
 */
function sharedClock(
  randomSeed: number | null,
  shard: ShardSpec | null,
  startAtMs: number | null,
  configPath: string,
): () => number {
  if (shard === null || randomSeed !== null) return Date.now;
  if (startAtMs === null) {
    throw new UserError(
      `${configPath}: random_seed is null, so --shard needs --start-at (its instant seeds every shard alike) or a fixed random_seed`,
    );
  }
  return () => startAtMs;
}

async function main(argv: string[]): Promise<number> {
  const program = new Command('workload-invoker')
    .version(toolVersion(), '-V, --version', 'print the version and exit')
    .description('Fire a FaaSProfiler workload at its exact, seeded, open-loop times and record every invocation.')
    .option('-c, --config <file>', 'workload configuration JSON (FaaSProfiler format; required)')
    .option('--dry-run', 'validate and build the schedule, contact nothing, print a JSON summary')
    .option(
      '--schedule-out <file>',
      "also write the schedule as CSV (time_s,instance,application,trace_function); with --shard, the shard's part",
    )
    .option(
      '--deploy',
      'create or update the actions the workload invokes (sample functions, one per sampled trace function) on the OpenWhisk API host, then exit',
    )
    .option(
      '--shard <K/N>',
      'send only shard K (0..N-1) of the seeded schedule; the N shards together send it exactly once',
    )
    .option(
      '--start-at <time>',
      "wait until this wall-clock instant (ISO 8601 with a zone, or epoch ms) and make it the schedule's zero",
    )
    .option('--out-dir <dir>', 'folder for logs/ outputs instead of ./logs')
    .option('--apihost <host>', 'OpenWhisk API host (else WHISK_APIHOST, WSK_CONFIG_FILE, ~/.wskprops)')
    .option('--auth <key>', 'OpenWhisk auth key user:password (else WHISK_AUTH, WSK_CONFIG_FILE, ~/.wskprops)')
    .option(
      '--whisk-local <dir>',
      "take the API host and key from this whisk-local data dir's credentials.json (as written by whisk-local --data-dir)",
    )
    .option('-i, --insecure', 'do not verify TLS certificates (as wsk -i)', false)
    .addOption(
      new Option('--transport <name>', 'how to reach OpenWhisk (overrides the config)').choices(['http', 'cli']),
    )
    .option('--wsk <path>', 'wsk binary for --transport cli', 'wsk')
    .option(
      '--max-in-flight <n>',
      'bound on requests in flight; over it an invocation is recorded as dropped',
      numberFlag('--max-in-flight', { whole: true, min: 0 }),
    )
    .option(
      '--timeout-s <s>',
      'seconds from sending a request to the end of its answer (blocking calls may take 60 s)',
      numberFlag('--timeout-s', { min: 0, above: true }),
      70,
    )
    .option(
      '--drain-timeout-s <s>',
      'after Ctrl-C/SIGTERM, how long to wait for answers in flight',
      numberFlag('--drain-timeout-s', { min: 0, above: true }),
      5,
    )
    .option(
      '--workers <n>',
      'dispatch threads (default: 2 above 8,000 invocations/s on 4+ cores, else 1)',
      numberFlag('--workers', { whole: true, min: 1 }),
    )
    .option(
      '--connections <n>',
      'keep-alive connections per origin and dispatch thread (default: unbounded); requests beyond wait, and the wait shows in their lag',
      numberFlag('--connections', { whole: true, min: 1 }),
    )
    .option(
      '--settle-timeout-s <s>',
      'embedded endpoint: how long to wait for every activation to be stored',
      numberFlag('--settle-timeout-s', { min: 0, above: true }),
      60,
    )
    .option(
      '--kubernetes <n>',
      'print a manifest for N shards (ConfigMap, results volume, Indexed Job) for kubectl apply, and exit',
      numberFlag('--kubernetes', { whole: true, min: 1 }),
    )
    .option('--image <image>', '--kubernetes: the invoker image (see Dockerfile)', 'faas-profiler:latest')
    .option(
      '--lead-s <s>',
      '--kubernetes: seconds from now to the shared start (apply, pull, start every pod before it)',
      numberFlag('--lead-s', { min: 0, above: true, max: MAX_START_AHEAD_MS / 1000 }),
      300,
    )
    .option('--secret <name>', '--kubernetes: Secret with keys apihost and auth', 'openwhisk')
    .option('--k8s-namespace <ns>', '--kubernetes: namespace of the objects (default: kubectl context)')
    .option('--storage <size>', '--kubernetes: size of the results volume', '1Gi')
    .option(
      '--max-lag-ms <ms>',
      'schedule verdict: a send later than this after its scheduled time is late',
      numberFlag('--max-lag-ms', { min: 0 }),
      10,
    )
    .option('--allow-late', 'exit 0 even when the schedule was not kept (the warning is still printed)', false)
    .option(
      '--abort-if-behind',
      'stop the run as soon as fewer than 80% of the invocations due were sent (records and metadata are still written)',
      false,
    )
    .option('--no-progress', 'no progress bar')
    .option('--debug', 'print stack traces of unexpected errors')
    .exitOverride();
  program.parse(argv);
  const opts = program.opts<{
    config?: string;
    dryRun?: boolean;
    deploy?: boolean;
    scheduleOut?: string;
    outDir?: string;
    apihost?: string;
    auth?: string;
    whiskLocal?: string;
    insecure: boolean;
    transport?: 'http' | 'cli';
    wsk: string;
    maxInFlight?: number;
    progress: boolean;
    timeoutS: number;
    drainTimeoutS: number;
    workers?: number;
    settleTimeoutS: number;
    connections?: number;
    shard?: string;
    startAt?: string;
    kubernetes?: number;
    image: string;
    leadS: number;
    secret: string;
    k8sNamespace?: string;
    storage: string;
    maxLagMs: number;
    allowLate: boolean;
    abortIfBehind: boolean;
  }>();
  // Checked after parsing (not as a commander required option), so that an unknown flag is named
  // as unknown rather than reported as a missing -c.
  const config: string = opts.config ?? program.error("error: required option '-c, --config <file>' not specified");
  const shard = opts.shard === undefined ? null : parseShardSpec(opts.shard);
  const startAtMs = opts.startAt === undefined ? null : parseStartAt(opts.startAt, Date.now());

  const local = opts.whiskLocal === undefined ? null : await readWhiskLocalCredentials(opts.whiskLocal);
  const loaded = await loadWorkload(config);
  if (opts.kubernetes !== undefined) {
    const { yaml, notes } = await manifestYaml(
      loaded,
      {
        shards: opts.kubernetes,
        image: opts.image,
        leadS: opts.leadS,
        secretName: opts.secret,
        namespace: opts.k8sNamespace ?? null,
        storage: opts.storage,
      },
      Date.now(),
    );
    for (const note of notes) process.stderr.write(`note: ${note}\n`);
    process.stdout.write(yaml);
    return 0;
  }
  const seed = resolveSeed(loaded.randomSeed, sharedClock(loaded.randomSeed, shard, startAtMs, config));
  const workload = expandTraceInstances(loaded, seed);
  if (opts.deploy) {
    const { apihost, auth } = await resolveWhiskCredentials({
      apihost: opts.apihost ?? local?.api_url,
      auth: opts.auth ?? local?.auth,
    });
    const { deployWorkloadActions } = await import('../platform/index.js');
    const count = await deployWorkloadActions({ apihost, auth, insecure: opts.insecure }, workload.instances);
    process.stdout.write(`deployed ${count} action${count === 1 ? '' : 's'} to ${redactUrl(apihost)}\n`);
    return 0;
  }
  if (opts.dryRun && !opts.scheduleOut && shard === null) {
    await checkBeforeRun(workload, { transport: opts.transport ?? workload.transport, wskPath: opts.wsk });
    // Nothing needs the merged timeline: summarise each instance's own (half the memory).
    process.stdout.write(`${JSON.stringify(summarizeTimelines(workload, seed, buildTimelines(workload, seed)))}\n`);
    return 0;
  }
  const full = buildSchedule(workload, seed);
  const schedule = shard === null ? full : shardSchedule(full, shard);
  if (opts.scheduleOut) await writeScheduleCsv(schedule, opts.scheduleOut);
  if (opts.dryRun) {
    await checkBeforeRun(workload, { transport: opts.transport ?? workload.transport, wskPath: opts.wsk });
    process.stdout.write(`${JSON.stringify(summarizeSchedule(workload, schedule))}\n`);
    return 0;
  }
  const logsDir = resolve(opts.outDir ?? 'logs');
  ensureWritableDir(logsDir, opts.outDir === undefined ? 'the logs folder' : '--out-dir');
  const result = await runWorkload({
    workload,
    schedule,
    configPathAsGiven: config,
    logsDir,
    apihost: opts.apihost ?? local?.api_url,
    auth: opts.auth ?? local?.auth,
    insecure: opts.insecure,
    transport: opts.transport,
    wskPath: opts.wsk,
    maxInFlight: opts.maxInFlight ?? null,
    progress: opts.progress,
    timeoutS: opts.timeoutS,
    drainTimeoutS: opts.drainTimeoutS,
    workers: opts.workers ?? null,
    settleTimeoutS: opts.settleTimeoutS,
    connections: opts.connections ?? null,
    shard,
    startAtMs,
    maxLagMs: opts.maxLagMs,
    allowLate: opts.allowLate,
    abortIfBehind: opts.abortIfBehind,
  });
  return result.exitCode;
}

await runMain(main);
