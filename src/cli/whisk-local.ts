import { Command } from 'commander';
import pino from 'pino';
import { UserError } from '../errors.js';
import { GUEST_AUTH, isLoopbackHost, startWhiskLocal } from '../platform/index.js';
import { numberFlag } from './flags.js';
import { runMain } from './main.js';
import { toolVersion } from '../version.js';

async function main(argv: string[]): Promise<number> {
  const program = new Command('whisk-local')
    .version(toolVersion(), '-V, --version', 'print the version and exit')
    .description(
      'Run an OpenWhisk-compatible platform on this machine (REST API, activation store, containers as processes) until SIGTERM/SIGINT.',
    )
    .option(
      '--api-port <n>',
      'REST API port (0 picks a free one)',
      numberFlag('--api-port', { whole: true, min: 0, max: 65535 }),
      3233,
    )
    .option(
      '--db-port <n>',
      'CouchDB-compatible activation store port (0 picks a free one)',
      numberFlag('--db-port', { whole: true, min: 0, max: 65535 }),
      5984,
    )
    .option('--host <addr>', 'address to listen on (beyond loopback only with --expose)', '127.0.0.1')
    .option('--expose', 'allow a --host other machines can reach (anyone reaching it with the key runs code as you)')
    .option(
      '--data-dir <dir>',
      'folder for the activation store, deployed actions, credentials.json (0600) and .wskprops',
      '.whisk-local',
    )
    .option(
      '--in-memory',
      'keep the activation store and actions in memory (only credentials.json and .wskprops are written)',
    )
    .option('--guest-key', "accept OpenWhisk's public guest key instead of this data dir's generated key")
    .option('--memory-mb <n>', 'container memory pool, MB', numberFlag('--memory-mb', { whole: true, min: 128 }), 2048)
    .option(
      '--keep-warm-s <s>',
      'idle containers are evicted after this many seconds',
      numberFlag('--keep-warm-s', { min: 0 }),
      600,
    )
    .option(
      '--max-queue <n>',
      'activations that may wait for a container before invokes get 429',
      numberFlag('--max-queue', { whole: true, min: 0 }),
      10_000,
    )
    .option('--db-user <user>', 'activation store user (else WHISK_LOCAL_DB_USER, else whisk_admin)')
    .option(
      '--db-password <password>',
      "activation store password (else WHISK_LOCAL_DB_PASSWORD, else the data dir's generated one)",
    )
    .option('--log-level <level>', 'platform log level on stderr (JSON lines): error, warn, info, debug', 'warn')
    .option('--debug', 'print stack traces of unexpected errors')
    .exitOverride();
  program.parse(argv);
  const o = program.opts<{
    apiPort: number;
    dbPort: number;
    host: string;
    expose?: boolean;
    dataDir: string;
    inMemory?: boolean;
    guestKey?: boolean;
    memoryMb: number;
    keepWarmS: number;
    maxQueue: number;
    dbUser?: string;
    dbPassword?: string;
    logLevel: string;
  }>();
  if (!['error', 'warn', 'info', 'debug'].includes(o.logLevel))
    throw new UserError(`--log-level must be error, warn, info or debug, got "${o.logLevel}"`);
  const logger = pino(
    { level: o.logLevel, base: { program: 'whisk-local' } },
    pino.destination({ dest: 2, sync: false }),
  );
  const dbUser = o.dbUser ?? process.env['WHISK_LOCAL_DB_USER'];
  const dbPassword = o.dbPassword ?? process.env['WHISK_LOCAL_DB_PASSWORD'];
  if (!isLoopbackHost(o.host) && o.expose === true)
    process.stderr.write(
      `warning: listening on ${o.host}: every machine that can reach it and has the key can run code as ${process.env['USER'] ?? 'you'}\n`,
    );
  if (o.guestKey === true)
    process.stderr.write(
      "warning: accepting OpenWhisk's public guest key: anyone who can reach the API can run code\n",
    );
  const wl = await startWhiskLocal({
    apiPort: o.apiPort,
    dbPort: o.dbPort,
    host: o.host,
    expose: o.expose === true,
    dataDir: o.inMemory === true ? null : o.dataDir,
    credentialsDir: o.dataDir,
    ...(o.guestKey === true ? { auth: GUEST_AUTH } : {}),
    memoryMb: o.memoryMb,
    keepWarmS: o.keepWarmS,
    maxQueue: o.maxQueue,
    logger,
    ...(dbUser !== undefined ? { dbUser } : {}),
    ...(dbPassword !== undefined ? { dbPassword } : {}),
  });
  // No secret here: clients read them from the credentials file (0600) the line names.
  process.stdout.write(
    `${JSON.stringify({ ready: true, apihost: wl.apihost, db_url: wl.dbUrl, db_name: wl.dbName, data_dir: wl.dataDir, credentials: wl.credentialsPath, wskprops: wl.wskpropsPath })}\n`,
  );
  await new Promise<void>((resolveSignal) => {
    process.once('SIGTERM', () => resolveSignal());
    process.once('SIGINT', () => resolveSignal());
  });
  await wl.stop();
  logger.flush();
  return 0;
}

await runMain(main);
