import type { ActivationStoreRef } from '../contracts/index.js';
import type { StoreSettings } from '../platform/store/index.js';
import type { ActivationStore } from '../platform/store/types.js';
import { CouchActivationSource, isUnreachable, storeError, type CouchConnection } from './couchdb.js';
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
  // Loaded only for embedded runs: the store pulls in express and PouchDB.
  const embedded = dataDir === null ? null : await import('../platform/store/index.js');
  let settings: StoreSettings | null = null;
  if (conn.password === null && dataDir !== null && embedded !== null) {
    try {
      settings = await embedded.readStoreSettings(dataDir);
      conn = { ...conn, user: conn.user ?? settings.user, password: settings.password };
    } catch (err) {
      warn(`cannot read the embedded store's settings: ${(err as Error).message}`);
    }
  }
  let source = new CouchActivationSource(conn, pageSize);
  try {
    await source.probe();
    return { source, reopenedFrom: null, close: async () => undefined };
  } catch (err) {
    if (!isUnreachable(err) || dataDir === null || embedded === null) throw storeError(conn, err);
  }
  // Read above already unless a password was given (the reopened store wants its own).
  settings ??= await embedded.readStoreSettings(dataDir);
  const reopened: ActivationStore = await embedded.startActivationStore({ port: 0, dataDir });
  const reopenedConn: CouchConnection = {
    url: reopened.url,
    dbName: reopened.dbName,
    user: reopened.user,
    password: settings.password,
  };
  source = new CouchActivationSource(reopenedConn, pageSize);
  try {
    await source.probe();
  } catch (err) {
    await reopened.close();
    throw storeError(reopenedConn, err);
  }
  return { source, reopenedFrom: dataDir, close: () => reopened.close() };
}
