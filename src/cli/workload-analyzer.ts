import { Command, Option } from 'commander';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ApiActivationSource, openCouchSource, type ActivationPageSource } from '../activations/index.js';
import {
  analyzeRun,
  buildArchive,
  jsonSummary,
  readRunInputs,
  readShardedRunInputs,
  textReport,
} from '../analysis/index.js';
import { writeArchive } from '../archive/index.js';
import {
  CREDENTIALS_FILE,
  DEFAULT_WHISK_LOCAL_DIR,
  readWhiskLocalCredentials,
} from '../config/whisk-local-credentials.js';
import { resolveWhiskCredentials } from '../config/wskprops.js';
import { METADATA_OUT } from '../config/run-metadata-io.js';
import { UserError } from '../errors.js';
import { createFileLogger, flushLogger, redactUrl } from '../log.js';
import { ensureWritableDir } from '../output-dir.js';
import { numberFlag } from './flags.js';
import { runMain } from './main.js';
import { toolVersion } from '../version.js';

interface Opts {
  /** `--html` alone: true (default file); `--html FILE`: that file. */
  html?: string | boolean;
  verbose?: boolean;
  plot?: boolean;
  savePlot?: boolean;
  archive?: boolean;
  readResults?: boolean;
  capacityFactor?: boolean;
  overrideTestname?: string;
  json?: boolean;
  includeWarmup?: boolean;
  logsDir: string;
  metadata?: string;
  source: 'couchdb' | 'api';
  dbUrl?: string;
  dbName?: string;
  dbUser?: string;
  graceS?: number;
  includeForeign: boolean;
  apihost?: string;
  auth?: string;
  insecure: boolean;
  plotsDir?: string;
  archiveDir: string;
  counter?: string;
  pageSize?: number;
  reportUsage?: boolean;
  whiskLocal?: string;
  runDir?: string[];
}

function program(): Command {
  return new Command('workload-analyzer')
    .version(toolVersion(), '-V, --version', 'print the version and exit')
    .description(
      "Join the last run with the platform's activation records: FaaSProfiler's tables, percentiles, client view, plots and archives.",
    )
    .option('-v, --verbose', "detailed tables: every activation, the config's instances, monitoring series")
    .option('-p, --plot', 'render plots to PNG (no display needed) into --plots-dir')
    .option('-s, --save-plot', 'also save the main figure as results.png in the working folder (as FaaSProfiler)')
    .option('-a, --archive', 'archive the run as JSON into --archive-dir')
    .option('-r, --read-results', "also read each activation's result")
    .option(
      '-c, --capacity-factor',
      'capacity factor (p90 − p10 of latency) per function, also written to <logs>/capacity_factors.json',
    )
    .option('-o, --override-testname <name>', 'override the test name')
    .option(
      '--include-warmup',
      'count the warm-up invocations (warmup_s) in every statistic instead of reporting them apart',
    )
    .option('--json', 'print one JSON summary on stdout (and nothing else there)')
    .option('--logs-dir <dir>', "the run's logs folder (test_metadata.out, WA.log)", 'logs')
    .option(
      '--run-dir <dir...>',
      'analyse several run directories (the shards of one --shard run, each holding its test_metadata.out) as one run',
    )
    .argument('[run-dirs...]', 'more run directories, as --run-dir')
    .option('--metadata <file>', "the run's test_metadata.out (default <logs-dir>/test_metadata.out)")
    .addOption(
      new Option('--source <name>', 'where activations come from').choices(['couchdb', 'api']).default('couchdb'),
    )
    .option(
      '--db-url <url>',
      "CouchDB URL (else COUCHDB_URL, the run's metadata, http://127.0.0.1:5984); the password comes from the URL or COUCHDB_PASSWORD",
    )
    .option(
      '--db-name <name>',
      "activations database (else ACTIVATIONS_DB, the run's metadata, whisk_local_activations; the Kubernetes Helm chart names it test_activations)",
    )
    .option('--db-user <user>', "CouchDB user (else the URL's, COUCHDB_USER, the run's metadata)")
    .option(
      '--grace-s <seconds>',
      "accept activations starting up to this long after the test end (default: the run's request timeout, 70 s; 60 s for FaaSProfiler runs)",
      numberFlag('--grace-s', { min: 0 }),
    )
    .option(
      '--include-foreign',
      "keep activations in the run's time window that are not the run's own (by activation id)",
      false,
    )
    .option(
      '--whisk-local <dir>',
      "take the store URL, user, password, database and API key from this whisk-local data dir's credentials.json (default: ./.whisk-local when nothing else names a store)",
    )
    .option('--apihost <host>', '--source api: OpenWhisk API host (else WHISK_APIHOST, WSK_CONFIG_FILE, ~/.wskprops)')
    .option('--auth <key>', '--source api: OpenWhisk auth key (else WHISK_AUTH, WSK_CONFIG_FILE, ~/.wskprops)')
    .option('-i, --insecure', '--source api: do not verify TLS certificates', false)
    .option('--plots-dir <dir>', 'where -p writes PNGs (default <logs-dir>/plots)')
    .option('--archive-dir <dir>', 'where -a writes the archive', 'data_archive')
    .option(
      '--html [file]',
      'write a self-contained HTML report (tables, verdict, interactive charts; default <logs-dir>/<test>_report.html)',
    )
    .option(
      '--counter <name>',
      'with -p: plot this monitored counter (metric name, e.g. context-switches) beside latency',
    )
    .option(
      '--page-size <n>',
      'CouchDB: documents per _find page (default 5000)',
      numberFlag('--page-size', { whole: true, min: 0, above: true }),
    )
    .addOption(
      new Option('--report-usage', "print the analyzer's CPU time and peak memory on stderr as JSON").hideHelp(),
    )
    .option('--debug', 'print stack traces of unexpected errors')
    .exitOverride();
}

/**
 * Fills the store and API settings the user left out from a whisk-local's credentials file:
 * `--whisk-local DIR`, else (CouchDB source, nothing else naming a store) a standalone
 * whisk-local's default data dir in the working folder.
 */
async function withWhiskLocalCredentials(opts: Opts, runHasStore: boolean, note: (m: string) => void): Promise<Opts> {
  let dir = opts.whiskLocal;
  if (dir === undefined) {
    // Only for the store: the REST API keeps its own order (flags, WHISK_*, the props file).
    const nothingElse =
      opts.source === 'couchdb' &&
      opts.dbUrl === undefined &&
      (process.env['COUCHDB_URL'] ?? '') === '' &&
      !runHasStore;
    if (!nothingElse) return opts;
    const found = await readWhiskLocalCredentials(DEFAULT_WHISK_LOCAL_DIR).catch(() => null);
    if (found === null) return opts;
    dir = DEFAULT_WHISK_LOCAL_DIR;
    note(`using the whisk-local credentials in ${join(resolve(dir), CREDENTIALS_FILE)}`);
  }
  const creds = await readWhiskLocalCredentials(dir);
  return {
    ...opts,
    dbUrl: opts.dbUrl ?? creds.db_url,
    dbName: opts.dbName ?? creds.db_name,
    apihost: opts.apihost ?? creds.api_url,
    auth: opts.auth ?? creds.auth,
  };
}

async function openSource(
  opts: Opts,
  store: Parameters<typeof openCouchSource>[2],
  warn: (m: string) => void,
): Promise<{ source: ActivationPageSource; reopenedFrom: string | null; close: () => Promise<void> }> {
  if (opts.source === 'api') {
    const creds = await resolveWhiskCredentials({ apihost: opts.apihost, auth: opts.auth });
    return {
      source: new ApiActivationSource({ ...creds, insecure: opts.insecure }),
      reopenedFrom: null,
      close: async () => undefined,
    };
  }
  return openCouchSource(
    { dbUrl: opts.dbUrl, dbName: opts.dbName, dbUser: opts.dbUser },
    process.env,
    store,
    warn,
    opts.pageSize,
  );
}

/** The command line without credentials: `--auth` values and URL user info are removed. */
function loggableArgs(args: readonly string[]): string[] {
  return args.map((a, i) => {
    if (args[i - 1] === '--auth' || a.startsWith('--auth='))
      return a.startsWith('--auth=') ? '--auth=[redacted]' : '[redacted]';
    return a.includes('@') ? redactUrl(a) : a;
  });
}

async function main(argv: string[]): Promise<number> {
  const cmd = program();
  cmd.parse(argv);
  const opts = cmd.opts<Opts>();
  const cwd = process.cwd();
  const logsDir = resolve(opts.logsDir);
  ensureWritableDir(logsDir, '--logs-dir');
  if (opts.archive) ensureWritableDir(resolve(opts.archiveDir), '--archive-dir');
  if (opts.plot) ensureWritableDir(resolve(opts.plotsDir ?? join(logsDir, 'plots')), '--plots-dir');
  const log = createFileLogger('WA', logsDir);
  const stdout = (s: string) => process.stdout.write(`${s}\n`);
  // With --json, stdout carries only the summary; notes go to stderr.
  const note = opts.json ? (s: string) => process.stderr.write(`${s}\n`) : stdout;
  const warn = (msg: string) => {
    process.stderr.write(`warning: ${msg}\n`);
    log.warn(msg);
  };
  log.info({ argv: loggableArgs(argv.slice(2)) }, 'workload analyzer started');
  let close: () => Promise<void> = async () => undefined;
  try {
    const runDirs = [...(opts.runDir ?? []), ...cmd.args].map((d) => resolve(d));
    const inputOpts = { graceS: opts.graceS, testNameOverride: opts.overrideTestname, cwd, warn };
    if (runDirs.length > 0 && opts.metadata !== undefined) {
      throw new UserError('--metadata and run directories exclude each other: give one or the other');
    }
    const inputs =
      runDirs.length > 0
        ? await readShardedRunInputs(runDirs, inputOpts)
        : await readRunInputs({ ...inputOpts, metadataPath: opts.metadata ?? join(logsDir, METADATA_OUT) });
    const runStore = inputs.metadata.json?.activation_store ?? null;
    const sourceOpts = await withWhiskLocalCredentials(opts, runStore !== null, (m) => process.stderr.write(`${m}\n`));
    const opened = await openSource(sourceOpts, runStore, warn);
    close = opened.close;
    if (opened.reopenedFrom !== null) {
      // The normal path after an embedded run: whisk-local stopped with the invoker.
      process.stderr.write(`reading activations from the embedded store in ${opened.reopenedFrom}\n`);
      log.info({ dataDir: opened.reopenedFrom }, 'reopened the embedded activation store');
    }
    log.info({ source: opened.source.describe, since: inputs.sinceMs, upto: inputs.uptoMs }, 'reading activations');
    const result = await analyzeRun({
      inputs,
      source: opened.source,
      keepResults: opts.readResults === true,
      capacityFactor: opts.capacityFactor === true,
      includeForeign: opts.includeForeign,
      includeWarmup: opts.includeWarmup === true,
      warn,
    });
    await close();
    close = async () => undefined;
    log.info({ records: result.table.size, functions: result.functions.length }, 'activations analysed');

    if (opts.json) {
      stdout(JSON.stringify(jsonSummary(result)));
    } else {
      const report = textReport(result, {
        verbose: opts.verbose === true,
        capacityFactor: opts.capacityFactor === true,
        config: inputs.config,
        invoked: inputs.metadata.invocations,
      });
      for (const line of report) stdout(line);
    }

    if (opts.capacityFactor) {
      const file = join(logsDir, 'capacity_factors.json');
      await writeFile(
        file,
        `${JSON.stringify(Object.fromEntries(result.functions.map((f) => [f.func_name, f.capacity_factor])))}\n`,
      );
      note(`Capacity factors written to ${file}`);
    }
    if (opts.plot || opts.savePlot) {
      const counter =
        opts.counter === undefined ? null : (result.monitoring.find((m) => m.metric === opts.counter) ?? null);
      if (opts.counter !== undefined && counter === null) {
        warn(
          `no monitored counter named "${opts.counter}"${result.monitoring.length > 0 ? `; available: ${[...new Set(result.monitoring.map((m) => m.metric))].join(', ')}` : ' (this run has no monitoring outputs)'}`,
        );
      }
      // chart.js and Skia load only when plotting.
      const { writeAnalyzerPlots } = await import('../plot/index.js');
      const files = await writeAnalyzerPlots({
        table: result.table,
        testName: result.testName,
        t0: result.sinceMs,
        plotsDir: resolve(opts.plotsDir ?? join(logsDir, 'plots')),
        resultsPng: opts.savePlot ? join(cwd, 'results.png') : null,
        counter,
        traceFunctions: result.traceFunctions,
      });
      note(`Plots written: ${files.join(', ')}`);
    }
    if (opts.html !== undefined && opts.html !== false) {
      const { runReportModel, writeHtmlReport } = await import('../report/index.js');
      const { slug } = await import('../plot/analyzer-plots.js');
      const file =
        typeof opts.html === 'string' ? resolve(opts.html) : join(logsDir, `${slug(result.testName)}_report.html`);
      await writeHtmlReport(runReportModel(result, inputs.metadata.json, inputs.configPath), file);
      note(`HTML report written to ${file}`);
      log.info({ file }, 'HTML report written');
    }
    if (opts.archive) {
      const path = await writeArchive(buildArchive(result, inputs, Date.now()), resolve(opts.archiveDir));
      note(`Archive written to ${path}`);
      log.info({ path }, 'archive written');
    }
    return 0;
  } catch (err) {
    log.error({ err: err instanceof UserError ? err.message : err }, 'workload analyzer failed');
    throw err;
  } finally {
    await close();
    if (opts.reportUsage) {
      const u = process.resourceUsage();
      process.stderr.write(
        `${JSON.stringify({ usage: { user_ms: u.userCPUTime / 1000, system_ms: u.systemCPUTime / 1000, max_rss_mib: u.maxRSS / 1024 } })}\n`,
      );
    }
    await flushLogger(log);
  }
}

await runMain(main);
