/**
 * Cross-check with FaaSProfiler's own analyzer (docs/analyzer.md): one fresh run of our invoker
 * against a standalone whisk-local, read by Princeton's unchanged WorkloadAnalyzer and by ours.
 *
 *   node --import tsx scripts/crosscheck-faasprofiler.ts <faas-profiler checkout> [--config FILE] [--python PY] [--keep]
 *
 * The checkout is copied into a scratch folder and configured there as its configure.sh would
 * (GenConfigs.py, logs/, data_archive/) plus the `ansible/db_local.ini` its ContactDB reads next to
 * WSK_PATH. Exit: 0 all figures agree (or differ only as a recognised FaaSProfiler defect), 1 some
 * figure differs, 2 bad input, 3 a program failed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { readWhiskLocalCredentials } from '../src/config/whisk-local-credentials.js';
import {
  configFunctions,
  type FpFunctionFigures,
  type FunctionFigures,
  formatRows,
  functionRows,
  parseFaasProfilerStdout,
  parseOurText,
  type Row,
  runRows,
} from './crosscheck/figures.js';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const BIN = (name: string) => join(REPO, 'bin', `${name}.js`);

class Stop extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

interface Args {
  checkout: string;
  config: string;
  python: string;
  keep: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    checkout: '',
    config: join(REPO, 'configs', 'demo.json'),
    python: process.env.PYTHON || 'python3',
    keep: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--keep') args.keep = true;
    else if (a === '--config' || a === '--python') {
      const v = argv[++i];
      if (v === undefined) throw new Stop(`${a} needs a value`, 2);
      if (a === '--config') args.config = resolve(v);
      else args.python = v;
    } else if (!a.startsWith('-') && args.checkout === '') args.checkout = resolve(a);
    else throw new Stop(`unknown argument ${a}`, 2);
  }
  if (args.checkout === '')
    throw new Stop(
      'usage: crosscheck-faasprofiler.ts <faas-profiler checkout> [--config FILE] [--python PY] [--keep]',
      2,
    );
  if (!existsSync(join(args.checkout, 'workload_analyzer', 'WorkloadAnalyzer.py')))
    throw new Stop(`${args.checkout}: not a FaaSProfiler checkout (no workload_analyzer/WorkloadAnalyzer.py)`, 2);
  if (!existsSync(args.config)) throw new Stop(`${args.config}: no such workload config`, 2);
  if (!existsSync(join(REPO, 'dist', 'cli', 'workload-analyzer.js')))
    throw new Stop('dist/ is missing: run npm run build first', 2);
  return args;
}

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Result> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

async function mustRun(
  what: string,
  cmd: string,
  args: string[],
  cwd: string,
  env?: NodeJS.ProcessEnv,
): Promise<string> {
  const r = await run(cmd, args, cwd, env);
  if (r.code !== 0)
    throw new Stop(`${what} failed (exit ${r.code}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`, 3);
  return r.stdout;
}

/** Starts whisk-local on free loopback ports; resolves once it prints its ready line. */
function startWhiskLocal(dataDir: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [BIN('whisk-local'), '--data-dir', dataDir, '--api-port', '0', '--db-port', '0'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('exit', (code) => fail(new Stop(`whisk-local exited (${code}) before it was ready`, 3)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      let ready = false;
      try {
        ready = (JSON.parse(line) as { ready?: boolean }).ready === true;
      } catch {}
      if (ready) done(child);
      else fail(new Stop(`whisk-local printed no ready line: ${line}`, 3));
    });
  });
}

/** FaaSProfiler's ContactDB reads the store from `<dir of WSK_PATH>/../ansible/db_local.ini`, section [db_creds]. */
async function writeDbIni(iniPath: string, whiskLocalDir: string): Promise<void> {
  const { db_url } = await readWhiskLocalCredentials(whiskLocalDir);
  const u = new URL(db_url);
  const lines = [
    '[db_creds]',
    'db_provider=CouchDB',
    `db_username=${decodeURIComponent(u.username)}`,
    `db_password=${decodeURIComponent(u.password)}`,
    `db_protocol=${u.protocol.replace(':', '')}`,
    `db_host=${u.hostname}`,
    `db_port=${u.port}`,
    '',
  ];
  mkdirSync(dirname(iniPath), { recursive: true });
  writeFileSync(iniPath, lines.join('\n'), { mode: 0o600 });
}

/**
 * Copies the workload config (and the param/data files it names by relative path) into
 * `<root>/workload_configs/`; an `embedded` endpoint becomes `local_openwhisk`, the OpenWhisk the
 * scratch set-up runs. Returns the config's path relative to root, as FaaSProfiler's users give it.
 */
function placeConfig(configPath: string, root: string): { relative: string; config: unknown } {
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as {
    endpoint?: string;
    instances?: Record<string, Record<string, unknown>>;
  };
  if (config.endpoint === 'generic')
    throw new Stop(`${configPath}: a generic endpoint has no activations to compare`, 2);
  if (config.endpoint === 'embedded') config.endpoint = 'local_openwhisk';
  const folder = join(root, 'workload_configs');
  for (const inst of Object.values(config.instances ?? {})) {
    for (const key of ['param_file', 'data_file']) {
      const p = inst[key];
      if (typeof p !== 'string' || isAbsolute(p)) continue;
      mkdirSync(dirname(join(folder, p)), { recursive: true });
      cpSync(resolve(dirname(configPath), p), join(folder, p));
    }
  }
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, basename(configPath)), JSON.stringify(config, null, 2));
  return { relative: `workload_configs/${basename(configPath)}`, config };
}

/** Reads FaaSProfiler's pickled dataframes (its `-a` archive) into per-function figures. */
const READ_PICKLE = `
import glob, json, pickle, sys
name, config_df, stat_df, test_df, perf = pickle.load(open(sorted(glob.glob(sys.argv[1]))[-1], "rb"))
def val(v):
    try:
        v = float(v)
    except (TypeError, ValueError):
        return None
    return None if v != v else v
out = {}
for _, row in stat_df.iterrows():
    part = test_df[test_df["func_name"] == row["func_name"]]
    out[row["func_name"]] = {
        "rate": val(row["rate"]), "throughput": val(row["throughput"]), "rel_stress": val(row["rel_stress"]),
        "count": int(len(part)), "cold": int((part["initTime"] != 0).sum()), "warm": int((part["initTime"] == 0).sum()),
        "first_start": float(part["start"].min()), "last_end": float(part["end"].max()),
    }
print(json.dumps(out))
`;

interface OurJson {
  functions: Record<string, FunctionFigures>;
  invocations: { accepted: number; missing: number } | null;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const probe = await run(args.python, ['-c', 'import pandas, matplotlib, seaborn'], REPO).catch(() => null);
  if (probe?.code !== 0)
    throw new Stop(
      `${args.python} cannot import pandas, matplotlib and seaborn (Debian: apt-get install python3-pandas python3-matplotlib python3-seaborn; or --python PY)`,
      2,
    );

  const scratch = mkdtempSync(join(tmpdir(), 'fp-crosscheck-'));
  try {
    return await crosscheck(args, scratch);
  } finally {
    if (args.keep) process.stderr.write(`scratch set-up kept in ${scratch}\n`);
    else rmSync(scratch, { recursive: true, force: true });
  }
}

async function crosscheck(args: Args, scratch: string): Promise<number> {
  const root = join(scratch, 'faas-profiler');
  const skip = new Set(['.git', 'node_modules', 'venv_faasprofiler']);
  cpSync(args.checkout, root, { recursive: true, filter: (src) => !skip.has(basename(src)) });
  // As configure.sh: append FAAS_ROOT and WSK_PATH (later assignments win), make logs/ and data_archive/.
  const wsk = join(scratch, 'openwhisk', 'bin', 'wsk');
  appendFileSync(join(root, 'GenConfigs.py'), `\nFAAS_ROOT="${root}"\nWSK_PATH = "${wsk}"\n`);
  for (const d of ['logs', 'data_archive', 'synthetic_workload_invoker', dirname(wsk)])
    mkdirSync(resolve(root, d), { recursive: true });
  const { relative, config } = placeConfig(args.config, root);

  const dataDir = join(scratch, 'whisk-local');
  const platform = await startWhiskLocal(dataDir);
  try {
    await writeDbIni(join(scratch, 'openwhisk', 'ansible', 'db_local.ini'), dataDir);
    const node = process.execPath;
    const wl = ['--whisk-local', '../whisk-local'];
    await mustRun('deploying the actions', node, [BIN('workload-invoker'), '-c', relative, ...wl, '--deploy'], root);
    const invoke = [BIN('workload-invoker'), '-c', relative, ...wl, '--out-dir', 'synthetic_workload_invoker'];
    process.stderr.write(
      `running: workload-invoker -c ${relative} --out-dir synthetic_workload_invoker (in ${root})\n`,
    );
    await mustRun('the invoker', node, [...invoke, '--allow-late', '--no-progress'], root);

    const ours = [BIN('workload-analyzer'), '--logs-dir', 'synthetic_workload_invoker', ...wl, '-c'];
    let json: OurJson | null = null;
    // Non-blocking invocations may still be running: wait (at most 60 s) until every accepted one is stored.
    for (let i = 0; i < 60; i++) {
      json = JSON.parse(await mustRun('our analyzer (--json)', node, [...ours, '--json'], root)) as OurJson;
      if (json.invocations !== null && json.invocations.missing === 0) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const oursText = await mustRun('our analyzer', node, ours, root);
    const env = { ...process.env, MPLBACKEND: 'Agg' };
    // It exits 0 even when it fails (main returns False), so its output is what tells.
    const fp = await run(args.python, ['WorkloadAnalyzer', '-r', '-p', '-s', '-a', '-c'], root, env);
    let fpRun: ReturnType<typeof parseFaasProfilerStdout>;
    try {
      fpRun = parseFaasProfilerStdout(fp.stdout);
    } catch (err) {
      const tail = fp.stderr.trim().split('\n').slice(-3).join(' | ');
      throw new Stop(`FaaSProfiler's WorkloadAnalyzer (exit ${fp.code}): ${(err as Error).message}: ${tail}`, 3);
    }
    const fpFunctions = JSON.parse(
      await mustRun('reading the pickle', args.python, ['-c', READ_PICKLE, join(root, 'data_archive', '*.pkl')], root),
    ) as Record<string, Omit<FpFunctionFigures, 'capacity_factor'>>;
    const fpCapacity = JSON.parse(
      readFileSync(join(root, 'workload_analyzer', 'capacity_factors.json'), 'utf8'),
    ) as Record<string, number>;

    const rows: Row[] = runRows(fpRun, parseOurText(oursText));
    const known = configFunctions(config);
    const names = [...new Set([...Object.keys(fpFunctions), ...Object.keys(json?.functions ?? {})])].sort();
    for (const name of names) {
      const fp = fpFunctions[name];
      rows.push(
        ...functionRows(
          name,
          fp && { ...fp, capacity_factor: fpCapacity[name] ?? null },
          json?.functions[name],
          known.get(name),
        ),
      );
    }
    process.stdout.write(`${formatRows(rows)}\n`);
    const differ = rows.filter((r) => r.verdict === 'DIFFER').length;
    const explained = rows.filter((r) => r.verdict.startsWith('known')).length;
    process.stdout.write(
      `${rows.length} figures: ${rows.length - differ - explained} agree, ${explained} differ as a known FaaSProfiler defect, ${differ} differ` +
        ' (tolerance: 0.0005 absolute or 1e-6 relative, whichever is larger)\n',
    );
    return differ === 0 ? 0 : 1;
  } finally {
    platform.kill('SIGTERM');
    await new Promise((r) => platform.once('exit', r));
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`error: ${(err as Error).message}\n`);
    process.exit(err instanceof Stop ? err.code : 1);
  },
);
