import { createServer, type Server } from 'node:http';
import { access, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Database } from 'pouchdb-core';
import { getOrCreateDB } from 'express-pouchdb/lib/create-or-delete-dbs.js';
import { UserError } from '../../errors.js';
import { boundPort, httpUrl, listen } from '../net.js';
import { WriteBatcher } from './batcher.js';
import { createCouchApp } from './couch-app.js';
import { loadDocs } from './doc-reader.js';
import { keepIndexInSync, loadIndex } from './index-sync.js';
import { listActivations } from './list.js';
import { SNAPSHOT_FILE, loadSnapshot, writeSnapshot } from './snapshot.js';
import { createStorePouch } from './pouch.js';
import {
  DEFAULT_DB_NAME,
  DEFAULT_PASSWORD,
  DEFAULT_USER,
  DB_FOLDER,
  SETTINGS_FILE,
  readStoreSettings,
  writeStoreSettings,
  type StoreSettings,
} from './settings.js';
import { StartIndex } from './start-index.js';
import type { ActivationQuery, ActivationStore, StoreOptions, StoredActivation } from './types.js';

export { readStoreSettings, type StoreSettings };

/** Data dirs (absolute) of the stores open in this process. */
const openDataDirs = new Set<string>();

/** CouchDB's rule for database names. */
const DB_NAME_RE = /^[a-z][a-z0-9_$()+/-]*$/;

/** Starts the CouchDB-compatible server on loopback and opens (or creates) the activations db. */
export async function startActivationStore(opts: StoreOptions): Promise<ActivationStore> {
  // Reopening a data dir keeps its settings unless the caller overrides them.
  const saved = opts.dataDir === null ? undefined : await readSavedSettings(opts.dataDir);
  const dbName = opts.dbName ?? saved?.dbName ?? DEFAULT_DB_NAME;
  const user = opts.user ?? saved?.user ?? DEFAULT_USER;
  const password = opts.password ?? saved?.password ?? DEFAULT_PASSWORD;
  const host = opts.host ?? '127.0.0.1';
  const holdDocs = opts.holdDocsInMemory ?? true;
  if (!DB_NAME_RE.test(dbName))
    throw new UserError(
      `activation store: invalid database name "${dbName}" (CouchDB names match ${DB_NAME_RE.source})`,
    );
  if (user.includes(':')) throw new UserError('activation store: the user name must not contain ":"');

  // LevelDB's lock stops a second process; within one process PouchDB would share the open files
  // between two stores, each with its own index, so a second open is refused here.
  const dirKey = opts.dataDir === null ? undefined : resolve(opts.dataDir);
  if (dirKey !== undefined && openDataDirs.has(dirKey)) {
    throw new UserError(`activation store: ${opts.dataDir} is already open in this process`);
  }
  if (opts.dataDir !== null) await refuseHeadlessDatabase(opts.dataDir, dbName);
  if (dirKey !== undefined) openDataDirs.add(dirKey);
  const release = () => {
    if (dirKey !== undefined) openDataDirs.delete(dirKey);
  };
  const pouch = await createStorePouch(opts.dataDir).catch((err: unknown) => {
    release();
    throw openError(opts.dataDir, err);
  });
  const snapshotFile = opts.dataDir === null ? undefined : join(opts.dataDir, SNAPSHOT_FILE);
  const index = new StartIndex();
  let db: Database;
  let server: Server;
  try {
    // express-pouchdb's cache hands the routes this very instance, so every write passes our wrapper.
    db = await getOrCreateDB(pouch.PouchDB, dbName);
    await db.info();
    const fromSnapshot = holdDocs && snapshotFile !== undefined && (await loadSnapshot(snapshotFile, db, index));
    if (!fromSnapshot) await loadIndex(db, index, holdDocs);
    keepIndexInSync(db, index, holdDocs);
    const app = await createCouchApp({ user, password, dbName, PouchDB: pouch.PouchDB, index });
    if (opts.dataDir !== null) await writeStoreSettings(opts.dataDir, { dbName, user, password });
    server = createServer(app);
    server.keepAliveTimeout = 60_000;
    await listen(server, { port: opts.port, host }).catch((err: unknown) => {
      throw new UserError(`activation store: cannot listen on ${host}:${opts.port} (${(err as Error).message})`);
    });
  } catch (err) {
    await pouch.closeAll();
    release();
    throw openError(opts.dataDir, err);
  }

  const batcher = new WriteBatcher<StoredActivation>((docs) => db.bulkDocs(docs), {
    ...(opts.batchSize === undefined ? {} : { batchSize: opts.batchSize }),
    onRejected: opts.onWriteRejected,
  });
  const readEntries = async (entries: Parameters<typeof loadDocs>[0]) =>
    (await loadDocs(entries, db)) as unknown as Array<StoredActivation | undefined>;

  let closing: Promise<void> | undefined;
  return {
    url: httpUrl(host, boundPort(server)),
    dbName,
    user,
    password,
    put(doc) {
      if (closing !== undefined) throw new Error('activation store: put after close');
      batcher.put(doc);
    },
    async get(namespace, activationId) {
      const id = `${namespace}/${activationId}`;
      const queued = batcher.get(id);
      if (queued !== undefined) return queued;
      const entry = index.get(id);
      if (entry !== undefined) return (await readEntries([entry]))[0] ?? null;
      try {
        return (await db.get(id)) as unknown as StoredActivation;
      } catch (err) {
        if ((err as { status?: number }).status === 404) return null;
        throw err;
      }
    },
    list(query: ActivationQuery) {
      return listActivations(query, index, batcher.unwrittenDocs(), readEntries);
    },
    flush: () => batcher.flush(),
    close() {
      closing ??= (async () => {
        try {
          await batcher.flush();
        } finally {
          await stopServer(server);
          // Best effort: an old or missing checkpoint only makes the next open slower, never wrong.
          if (snapshotFile !== undefined && holdDocs) await writeSnapshot(snapshotFile, db, index).catch(() => false);
          await pouch.closeAll();
          release();
        }
      })();
      return closing;
    },
  };
}

/** The data dir's `store.json`, or undefined for a new data dir. */
async function readSavedSettings(dataDir: string): Promise<StoreSettings | undefined> {
  try {
    await access(join(dataDir, SETTINGS_FILE));
  } catch {
    return undefined;
  }
  return readStoreSettings(dataDir);
}

function stopServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

/** What to tell the user about a store that cannot be opened; its files are never touched. */
const LEAVE_IT = 'whisk-local leaves it as it is: move the folder away (or repair it) to start with an empty store';

function openError(dataDir: string | null, err: unknown): Error {
  if (err instanceof UserError) return err;
  const message = (err as Error).message ?? String(err);
  if (dataDir !== null && /lock/i.test(message)) {
    return new UserError(`activation store: ${dataDir} is in use by another process (${message})`);
  }
  if (dataDir !== null && /corrupt|IO error|Invalid argument|not an sstable|bad magic/i.test(message)) {
    return new UserError(`activation store in ${join(dataDir, DB_FOLDER)} is damaged (${message}); ${LEAVE_IT}`);
  }
  return err instanceof Error ? err : new Error(message);
}

/**
 * LevelDB starts a new, empty database in a folder without a CURRENT file, and then deletes the
 * table files it does not know: a database folder holding files but no CURRENT is refused.
 */
async function refuseHeadlessDatabase(dataDir: string, dbName: string): Promise<void> {
  const folder = join(dataDir, DB_FOLDER, dbName);
  const entries = await readdir(folder).catch(() => [] as string[]);
  const data = entries.filter((e) => e !== 'LOCK' && e !== 'LOG' && e !== 'LOG.old');
  if (data.length > 0 && !entries.includes('CURRENT'))
    throw new UserError(`activation store in ${folder} is damaged (it has no CURRENT file); ${LEAVE_IT}`);
}
