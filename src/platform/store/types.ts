/**
 * The activation store of whisk-local: a CouchDB-compatible HTTP server (PouchDB behind
 * express-pouchdb) holding one database of activations in OpenWhisk's stored shape, plus the
 * in-process API the platform uses to write and read them.
 */

import type { StoredActivation } from '../../contracts/index.js';

export type { KeyValue, StoredActivation } from '../../contracts/index.js';

export interface ActivationQuery {
  readonly namespace: string;
  /** `action` or `package/action`. */
  readonly name?: string;
  /** Epoch ms, inclusive. */
  readonly since?: number;
  /** Epoch ms, inclusive. */
  readonly upto?: number;
  readonly skip: number;
  readonly limit: number;
}

export interface StoreOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly host?: string;
  /** Folder for the on-disk database; null keeps everything in memory (tests, benchmarks). */
  readonly dataDir: string | null;
  /** Default: the data dir's `store.json` if it has one, else `whisk_local_activations`. */
  readonly dbName?: string;
  /** Default: the data dir's `store.json` if it has one, else `whisk_admin`. */
  readonly user?: string;
  /** Default: the data dir's `store.json` if it has one, else `some_passw0rd`. */
  readonly password?: string;
  /**
   * Keep every document's JSON in memory next to the start index (default true): `_find` pages
   * are then served without reading the database (about 1 GB of RSS per million activations).
   */
  readonly holdDocsInMemory?: boolean;
  /** Largest `bulkDocs` batch written by `put` (default 500, as OpenWhisk's batcher). */
  readonly batchSize?: number;
  /** Called for a queued document the database refused (e.g. a conflicting `_id`). */
  readonly onWriteRejected?: (
    id: string,
    reason: { readonly error?: string | boolean; readonly reason?: string },
  ) => void;
}

export interface ActivationStore {
  /** Base URL of the CouchDB-compatible server, without credentials, e.g. `http://127.0.0.1:5984`. */
  readonly url: string;
  readonly dbName: string;
  readonly user: string;
  /** In-process only (whisk-local writes it to its 0600 credentials file); never logged. */
  readonly password: string;
  /** Queue a document; it is written in batches off the request path. */
  put(doc: StoredActivation): void;
  /** Reads include documents still queued. */
  get(namespace: string, activationId: string): Promise<StoredActivation | null>;
  /**
   * Newest first, as OpenWhisk lists activations. `limit` is the exact page size: the REST layer
   * applies OpenWhisk's defaults (30, at most 200, 0 = the maximum) before calling.
   */
  list(query: ActivationQuery): Promise<StoredActivation[]>;
  /** Resolves once every document queued so far is written. */
  flush(): Promise<void>;
  /** Flushes, then stops the HTTP server and closes the database. */
  close(): Promise<void>;
}
