import type { ActivationStoreRef } from '../contracts/index.js';
import type { CouchConnection } from './couchdb.js';
import { UserError } from '../errors.js';
import { redactUserInfo } from '../log.js';

/** OpenWhisk's ansible deployments name the database so; the Helm chart uses `test_activations`. */
export const DEFAULT_COUCH_URL = 'http://127.0.0.1:5984';
export const DEFAULT_ACTIVATIONS_DB = 'whisk_local_activations';
/** OpenWhisk's default CouchDB admin (ansible `db_username`, Helm `db.auth.username`). */
export const DEFAULT_COUCH_USER = 'whisk_admin';

export interface CouchFlags {
  readonly dbUrl?: string | undefined;
  readonly dbName?: string | undefined;
  readonly dbUser?: string | undefined;
}

export interface ResolvedCouch {
  readonly conn: CouchConnection;
  /** Where the URL came from (for messages): `--db-url`, `COUCHDB_URL`, `run metadata` or `default`. */
  readonly urlFrom: string;
  /** Set when the URL came from an embedded run's metadata: the store can be reopened from here. */
  readonly embeddedDataDir: string | null;
}

/** The store URL (a bare `host:port` gets `http://`), or a UserError naming where it came from. */
function parseStoreUrl(raw: string, from: string): URL {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // reported below
  }
  throw new UserError(`the activation store URL from ${from} is not an http(s) URL: "${redactUserInfo(raw)}"`);
}

function nonEmpty(v: string | undefined | null): string | undefined {
  return v !== undefined && v !== null && v.trim() !== '' ? v.trim() : undefined;
}

/**
 * Resolves where the activations are: flags, then environment (`COUCHDB_URL`, `COUCHDB_USER`,
 * `COUCHDB_PASSWORD`, `ACTIVATIONS_DB`), then the run's metadata (`activation_store`), then
 * OpenWhisk's local defaults (user `whisk_admin` when only a password is given). The password comes only from the URL's user info or
 * `COUCHDB_PASSWORD` here; embedded runs may add the data dir's stored one later.
 */
export function resolveCouch(
  flags: CouchFlags,
  env: NodeJS.ProcessEnv,
  store: ActivationStoreRef | null,
): ResolvedCouch {
  const candidates: [string | undefined, string][] = [
    [nonEmpty(flags.dbUrl), '--db-url'],
    [nonEmpty(env['COUCHDB_URL']), 'COUCHDB_URL'],
    [nonEmpty(store?.url), 'run metadata'],
  ];
  const [raw, urlFrom] = candidates.find(([v]) => v !== undefined) ?? [DEFAULT_COUCH_URL, 'default'];
  const parsed = parseStoreUrl(raw!, urlFrom);
  const urlUser = parsed.username ? decodeURIComponent(parsed.username) : undefined;
  const urlPassword = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  parsed.username = '';
  parsed.password = '';
  const fromMetadata = urlFrom === 'run metadata';
  const password = urlPassword ?? nonEmpty(env['COUCHDB_PASSWORD']) ?? null;
  const user =
    nonEmpty(flags.dbUser) ??
    urlUser ??
    nonEmpty(env['COUCHDB_USER']) ??
    (fromMetadata ? nonEmpty(store?.user) : undefined) ??
    (password !== null ? DEFAULT_COUCH_USER : null);
  const dbName =
    nonEmpty(flags.dbName) ??
    nonEmpty(env['ACTIVATIONS_DB']) ??
    (fromMetadata ? nonEmpty(store?.db_name) : undefined) ??
    DEFAULT_ACTIVATIONS_DB;
  return {
    conn: { url: parsed.toString().replace(/\/$/, ''), dbName, user, password },
    urlFrom,
    embeddedDataDir: fromMetadata ? (store?.embedded_data_dir ?? null) : null,
  };
}
