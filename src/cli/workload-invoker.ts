import { Command, Option } from 'commander';
import { resolve } from 'node:path';
import { loadWorkload } from '../config/index.js';
import { readWhiskLocalCredentials } from '../config/whisk-local-credentials.js';
import { buildSchedule, resolveSeed, summarizeSchedule, writeScheduleCsv } from '../schedule/index.js';
import { checkBeforeRun, runWorkload } from '../invoke/index.js';
import { ensureWritableDir } from '../output-dir.js';
import { numberFlag } from './flags.js';
import { runMain } from './main.js';

async function main(argv: string[]): Promise<number> {
  const program = new Command('workload-invoker')
    .description('Fire a FaaSProfiler workload at its exact, seeded, open-loop times and record every invocation.')
    .requiredOption('-c, --config <file>', 'workload configuration JSON (FaaSProfiler format)')
    .option('--dry-run', 'validate and build the schedule, contact nothing, print a JSON summary')
    .option('--schedule-out <file>', 'also write the full schedule as CSV (time_s,instance,application)')
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
    config: string;
    dryRun?: boolean;
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
    maxLagMs: number;
    allowLate: boolean;
    abortIfBehind: boolean;
  }>();

  const local = opts.whiskLocal === undefined ? null : await readWhiskLocalCredentials(opts.whiskLocal);
  const workload = await loadWorkload(opts.config);
  const seed = resolveSeed(workload.randomSeed);
  const schedule = buildSchedule(workload, seed);
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
    configPathAsGiven: opts.config,
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
    maxLagMs: opts.maxLagMs,
    allowLate: opts.allowLate,
    abortIfBehind: opts.abortIfBehind,
  });
  return result.exitCode;
}

await runMain(main);
