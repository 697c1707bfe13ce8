import type { ActivationStoreRef } from '../contracts/index.js';
import type { StoreSettings } from '../platform/store/index.js';
import type { ActivationStore } from '../platform/store/types.js';
import { CouchActivationSource, storeError, type CouchConnection } from './couchdb.js';
import { resolveCouch, type CouchFlags } from './couch-settings.js';

export interface OpenedCouch {
  readonly source: CouchActivationSource;
  /** The embedded run's data dir when its store had stopped (as it does after every embedded run) and was reopened; else null. */
  readonly reopenedFrom: string | null;
  /** Closes the store if this call had to reopen it; a no-op otherwise. */
  close(): Promise<void>;
}

/**
 * Connects to the run's CouchDB-compatible activation store and checks it answers. For embedded
 * runs whose store is no longer running (whisk-local stopped), reopens it from the data dir on a
 * free loopback port for the duration of the analysis.
 */
export async function openCouchSource(
  flags: CouchFlags,
  env: NodeJS.ProcessEnv,
  store: ActivationStoreRef | null,
  warn: (msg: string) => void,
  pageSize?: number,
): Promise<OpenedCouch> {
  const resolved = resolveCouch(flags, env, store);
  let conn: CouchConnection = resolved.conn;
  const dataDir = resolved.embeddedDataDir;
  if (dataDir === null) return probed(new CouchActivationSource(conn, pageSize), conn);
  // Loaded only for embedded runs: the store pulls in express and PouchDB.
  const embedded = await import('../platform/store/index.js');
  let settings: StoreSettings | null = null;
  if (conn.password === null) {
    try {
      settings = await embedded.readStoreSettings(dataDir);
      conn = { ...conn, user: conn.user ?? settings.user, password: settings.password };
    } catch (err) {
      warn(`cannot read the embedded store's settings: ${(err as Error).message}`);
    }
  }
  // An embedded run's store stopped with the run: reopen it from its data dir instead of probing
  // the URL it had. Only if that fails (e.g. the run is still going and holds the store) is the
  // recorded URL tried.
  settings ??= await embedded.readStoreSettings(dataDir);
  try {
    return await reopen(embedded, dataDir, settings.password, pageSize);
  } catch (reopenErr) {
    try {
      return await probed(new CouchActivationSource(conn, pageSize), conn);
    } catch {
      throw reopenErr;
    }
  }
}

async function probed(source: CouchActivationSource, conn: CouchConnection): Promise<OpenedCouch> {
  try {
    await source.probe();
  } catch (err) {
    throw storeError(conn, err);
  }
  return { source, reopenedFrom: null, close: async () => undefined };
}

async function reopen(
  embedded: typeof import('../platform/store/index.js'),
  dataDir: string,
  password: string,
  pageSize: number | undefined,
): Promise<OpenedCouch> {
  const reopened: ActivationStore = await embedded.startActivationStore({ port: 0, dataDir });
  const conn: CouchConnection = { url: reopened.url, dbName: reopened.dbName, user: reopened.user, password };
  try {
    const { source } = await probed(new CouchActivationSource(conn, pageSize), conn);
    return { source, reopenedFrom: dataDir, close: () => reopened.close() };
  } catch (err) {
    await reopened.close();
    throw err;
  }
}
