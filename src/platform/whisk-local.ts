/**
 * whisk-local: an OpenWhisk-compatible platform in one process. REST API on one port, the
 * CouchDB-compatible activation store on another, actions run in child processes.
 */
import { createServer } from 'node:http';
import { access, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { savedWhiskLocalSecrets, writeWhiskLocalCredentials } from '../config/whisk-local-credentials.js';
import { UserError } from '../errors.js';
import { silentLogger } from '../log.js';
import { ActionRegistry } from './action-registry.js';
import { ActivationJournal } from './activation-journal.js';
import { LIMIT_RANGES } from './action.js';
import { DEFAULT_PAYLOAD_MAX_BYTES } from './activation-record.js';
import { Activator } from './activator.js';
import type { ApiContext } from './api/context.js';
import { createRequestHandler } from './api/router.js';
import { basicAuthChecker, GUEST_AUTH, GUEST_NAMESPACE } from './auth.js';
import { ContainerHub } from './containers/hub.js';
import { ContainerPool, type PoolStats } from './containers/pool.js';
import { Spawner } from './containers/spawner.js';
import { boundPort, httpUrl, listen } from './net.js';
import { newApiKey, newPassword } from './secrets.js';
import { startActivationStore } from './store/index.js';
import { SETTINGS_FILE } from './store/settings.js';
import type { ActivationStore, StoredActivation } from './store/types.js';
import { writeWskprops } from './wskprops.js';

export interface WhiskLocalOptions {
  /** 0 picks a free port. */
  readonly apiPort: number;
  readonly dbPort: number;
  readonly host?: string;
  /** Holds the on-disk store, `credentials.json` and `.wskprops`; null keeps the store in memory. */
  readonly dataDir: string | null;
  /**
   * Where `credentials.json` and `.wskprops` go (default: the data dir). Lets an in-memory store
   * still hand its generated secrets to clients; null with no data dir writes nothing.
   */
  readonly credentialsDir?: string | null;
  /** Listening beyond loopback (`--host` other than 127.x/::1/localhost) must be asked for. */
  readonly expose?: boolean;
  /** Container memory pool, MB (default 2048). */
  readonly memoryMb?: number;
  /** Idle containers are evicted after this many seconds (default 600). */
  readonly keepWarmS?: number;
  readonly logger?: Logger;
  /**
   * Activation store credentials. The password defaults to the one saved in the data dir, else a
   * random one generated on first start.
   */
  readonly dbUser?: string;
  readonly dbPassword?: string;
  readonly dbName?: string;
  /**
   * The API key `uuid:key`. Default: the one saved in the data dir, else a random one generated on
   * first start. OpenWhisk's public guest key (`GUEST_AUTH`) only when passed here explicitly.
   */
  readonly auth?: string;
  /** Activations that may wait for a container before invokes get 429 (default 10000). */
  readonly maxQueue?: number;
  /** Largest request body, MB (default 32). */
  readonly maxBodyMb?: number;
  /** Largest invocation payload and result, bytes (default 1 MiB, OpenWhisk's). */
  readonly maxPayloadBytes?: number;
}

export interface WhiskLocal {
  /** e.g. `http://127.0.0.1:3233` */
  readonly apihost: string;
  /** The API key `uuid:key` (in-process use only: never printed). */
  readonly auth: string;
  /** `guest` */
  readonly namespace: string;
  /** CouchDB-compatible URL of the activation store, without credentials. */
  readonly dbUrl: string;
  readonly dbName: string;
  readonly dbUser: string;
  readonly dataDir: string | null;
  /** `<dataDir>/.wskprops`, or null without a data dir. */
  readonly wskpropsPath: string | null;
  /** `<dataDir>/credentials.json` (0600), or null without a data dir. */
  readonly credentialsPath: string | null;
  /** The activation store (in-process reads and writes). */
  readonly store: ActivationStore;
  /**
   * Resolves with an activation's record once it has been built and handed to the store (at
   * once if the store already has it). For tests and the embedded invoker.
   */
  recorded(activationId: string): Promise<StoredActivation>;
  /** Containers, memory in use, running and queued activations. */
  stats(): PoolStats;
  /** Kills containers, flushes the store, closes servers. */
  stop(): Promise<void>;
}

export const DEFAULTS = {
  memoryMb: 2048,
  keepWarmS: 600,
  maxQueue: 10_000,
  maxBodyMb: 32,
  host: '127.0.0.1',
  maxStartsPerAction: 2,
} as const;

function check(cond: boolean, message: string): void {
  if (!cond) throw new UserError(`whisk-local: ${message}`);
}

/** 127.0.0.0/8, ::1 and `localhost`: addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

/** API key and store password: given, else saved in the credentials dir (or the store's settings), else new. */
async function chooseSecrets(
  opts: WhiskLocalOptions,
  dataDir: string | null,
  credentialsDir: string | null,
): Promise<{ auth: string; dbPassword: string | undefined }> {
  const saved = credentialsDir === null ? null : await savedWhiskLocalSecrets(credentialsDir);
  const auth = opts.auth ?? saved?.auth ?? newApiKey();
  // A data dir from before credentials.json keeps the password its store.json holds.
  const storeHasSettings =
    dataDir !== null &&
    (await access(join(dataDir, SETTINGS_FILE)).then(
      () => true,
      () => false,
    ));
  const dbPassword = opts.dbPassword ?? (storeHasSettings ? undefined : (saved?.dbPassword ?? newPassword()));
  return { auth, dbPassword };
}

export async function startWhiskLocal(opts: WhiskLocalOptions): Promise<WhiskLocal> {
  const host = opts.host ?? DEFAULTS.host;
  const memoryMb = opts.memoryMb ?? DEFAULTS.memoryMb;
  const keepWarmS = opts.keepWarmS ?? DEFAULTS.keepWarmS;
  const maxQueue = opts.maxQueue ?? DEFAULTS.maxQueue;
  const maxBodyMb = opts.maxBodyMb ?? DEFAULTS.maxBodyMb;
  const maxPayloadBytes = opts.maxPayloadBytes ?? DEFAULT_PAYLOAD_MAX_BYTES;
  const logger = opts.logger ?? silentLogger();
  check(
    Number.isInteger(opts.apiPort) && opts.apiPort >= 0 && opts.apiPort < 65536,
    `--api-port must be a port number, got ${opts.apiPort}`,
  );
  check(
    Number.isInteger(opts.dbPort) && opts.dbPort >= 0 && opts.dbPort < 65536,
    `--db-port must be a port number, got ${opts.dbPort}`,
  );
  check(
    Number.isFinite(memoryMb) && memoryMb >= LIMIT_RANGES.memory[0],
    `--memory-mb must be at least ${LIMIT_RANGES.memory[0]}, got ${memoryMb}`,
  );
  check(Number.isFinite(keepWarmS) && keepWarmS >= 0, `--keep-warm-s must be >= 0, got ${keepWarmS}`);
  check(Number.isInteger(maxQueue) && maxQueue >= 0, `--max-queue must be a whole number >= 0, got ${maxQueue}`);
  check(
    opts.expose === true || isLoopbackHost(host),
    `--host ${host} would let other machines run code as you; pass --expose to allow it`,
  );

  const dataDir = opts.dataDir === null ? null : resolve(opts.dataDir);
  const credentialsDir =
    opts.credentialsDir === undefined ? dataDir : opts.credentialsDir === null ? null : resolve(opts.credentialsDir);
  if (credentialsDir !== null) await mkdir(credentialsDir, { recursive: true, mode: 0o700 });
  const { auth, dbPassword } = await chooseSecrets(opts, dataDir, credentialsDir);
  check(/^[^:\s]+:[^\s]+$/.test(auth), 'the auth key must look like uuid:key');
  if (auth === GUEST_AUTH) logger.warn("accepting OpenWhisk's public guest key");
  // The spawner first: it forks container processes for us, and forking is cheapest while small.
  const spawner = Spawner.start();
  const cleanups: (() => Promise<void>)[] = [() => spawner.stop()];
  const unwind = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  try {
    if (dataDir !== null) await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const store = await startActivationStore({
      port: opts.dbPort,
      host,
      dataDir,
      ...(opts.dbName !== undefined ? { dbName: opts.dbName } : {}),
      ...(opts.dbUser !== undefined ? { user: opts.dbUser } : {}),
      ...(dbPassword !== undefined ? { password: dbPassword } : {}),
    });
    // Ids handed out but never stored by a process that was killed get their records below.
    const opened = dataDir === null ? null : ActivationJournal.open(dataDir, { storeFlushed: () => store.flush() });
    const journal = opened?.journal ?? null;
    cleanups.unshift(async () => {
      await store.close(); // closed last
      journal?.close(); // every record is written: the list of ids can go
    });
    const workDir = await mkdtemp(join(tmpdir(), 'whisk-local-'));
    cleanups.unshift(() => rm(workDir, { recursive: true, force: true }));
    const hub = await ContainerHub.start(workDir);
    cleanups.push(() => hub.close());
    const actions = await ActionRegistry.open(dataDir === null ? null : join(dataDir, 'actions.json'));
    cleanups.push(() => actions.flushed());

    const server = createServer({ keepAliveTimeout: 60_000 });
    await listen(server, { port: opts.apiPort, host }).catch((err: Error) => {
      throw new UserError(`whisk-local: cannot listen on ${host}:${opts.apiPort} (${err.message})`);
    });
    cleanups.push(
      () =>
        new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
    );
    const apihost = httpUrl(host, boundPort(server));
    const pool = new ContainerPool({
      memoryMb,
      keepWarmMs: keepWarmS * 1000,
      maxQueue,
      maxStartsPerAction: DEFAULTS.maxStartsPerAction,
      workDir,
      apiHost: apihost,
      host: { spawner, hub },
      logger,
      maxResultBytes: maxPayloadBytes,
    });
    cleanups.push(() => pool.stop());
    const activator = new Activator(pool, store, GUEST_NAMESPACE, journal);
    if (opened !== null) {
      const recovered = await activator.recordUnfinished(opened.left);
      await store.flush();
      opened.journal.settled();
      if (recovered > 0)
        logger.warn({ recovered }, 'activations accepted before an abrupt stop were recorded as internal errors');
    }
    const ctx: ApiContext = {
      namespace: GUEST_NAMESPACE,
      isAuthorized: basicAuthChecker(auth),
      actions,
      activator,
      pool,
      store,
      maxBodyBytes: Math.round(maxBodyMb * 1024 * 1024),
      maxPayloadBytes,
      maxActionMemoryMb: memoryMb,
      logger,
    };
    server.on('request', createRequestHandler(ctx));
    const wskpropsPath =
      credentialsDir === null
        ? null
        : await writeWskprops(credentialsDir, { apihost, auth, namespace: GUEST_NAMESPACE });
    const credentialsPath =
      credentialsDir === null
        ? null
        : await writeWhiskLocalCredentials(credentialsDir, {
            api_url: apihost,
            auth,
            namespace: GUEST_NAMESPACE,
            db_url: urlWithCredentials(store.url, store.user, store.password),
            db_name: store.dbName,
          });
    logger.info({ apihost, dbUrl: store.url, dataDir, credentials: credentialsPath }, 'whisk-local ready');

    let stopping: Promise<void> | null = null;
    return {
      apihost,
      auth,
      namespace: GUEST_NAMESPACE,
      dbUrl: store.url,
      dbName: store.dbName,
      dbUser: store.user,
      dataDir,
      wskpropsPath,
      credentialsPath,
      store,
      recorded: (activationId) => activator.recorded(activationId, GUEST_NAMESPACE),
      stats: () => pool.stats(),
      stop: () => {
        // containers first (their activations are recorded and answered), then the API server,
        // the socket and the spawner, then the store
        stopping ??= unwind();
        return stopping;
      },
    };
  } catch (err) {
    await unwind();
    throw err;
  }
}

/** `http://host:port` with user and password inserted (percent-encoded). */
function urlWithCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString().replace(/\/$/, '');
}
