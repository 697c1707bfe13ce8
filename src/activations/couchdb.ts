import nano, { type DocumentScope, type MangoQuery, type RequestError } from 'nano';
import { UserError } from '../errors.js';
import { redactUrl } from '../log.js';
import type { ActivationPageSource } from './source.js';

/** Where the activations are and how to log in. The password is never printed or logged. */
export interface CouchConnection {
  /** Base URL without credentials, e.g. `http://127.0.0.1:5984`. */
  readonly url: string;
  readonly dbName: string;
  readonly user: string | null;
  readonly password: string | null;
}

/** One `_find` answer: the documents and, from CouchDB (not PouchDB), a bookmark for the next page. */
type FindPage = { docs: unknown[]; bookmark?: string };

const INDEX_NAME = 'faas-profiler-start';
const DEFAULT_PAGE = 5000;
const ID_BATCH = 1000;

function describe(conn: CouchConnection): string {
  return `${redactUrl(conn.url).replace(/\/$/, '')}/${conn.dbName}`;
}

/** One clear line for each way the store can fail us; nothing else escapes as a stack trace. */
export function storeError(conn: CouchConnection, err: unknown): UserError {
  const e = err as RequestError & { cause?: { code?: string } };
  const where = describe(conn);
  if (e?.scope === 'socket' || !e?.statusCode) {
    // nano wraps socket failures as "error happened in your connection. Reason: Error: connect ECONNREFUSED …".
    const code =
      e?.cause?.code ??
      (e?.message ?? String(err)).replace(/^error happened in your connection\. Reason: (\w*Error: )?/, '');
    return new UserError(
      `cannot reach the activation store at ${redactUrl(conn.url)} (${code}); check --db-url or COUCHDB_URL`,
      3,
    );
  }
  if (e.statusCode === 401 || e.statusCode === 403) {
    const who = conn.user ? `user "${conn.user}"` : 'anonymous access';
    return new UserError(
      `the activation store at ${where} refused ${who} (HTTP ${e.statusCode}: ${e.reason ?? e.error ?? 'unauthorized'}); set --db-user and COUCHDB_PASSWORD, or --whisk-local DIR for a whisk-local (its DIR/credentials.json holds them)`,
      3,
    );
  }
  if (e.statusCode === 404) {
    return new UserError(
      `database "${conn.dbName}" does not exist at ${redactUrl(conn.url)} (the Kubernetes Helm chart names it test_activations: use --db-name)`,
      3,
    );
  }
  return new UserError(
    `the activation store at ${where} answered HTTP ${e.statusCode}: ${e.reason ?? e.error ?? e.message}`,
    3,
  );
}

/** True when nothing answers at the URL (connection refused, DNS...), as opposed to an HTTP error. */
function isUnreachable(err: unknown): boolean {
  const e = err as RequestError;
  return e?.scope === 'socket' || (typeof e === 'object' && e !== null && !e.statusCode);
}

/** A `_find`-capable view of one CouchDB-compatible database. */
export class CouchActivationSource implements ActivationPageSource {
  private readonly db: DocumentScope<unknown>;
  readonly recordSource = 'db' as const;

  /** `pageSize`: documents per `_find` page (default 5,000). */
  constructor(
    readonly conn: CouchConnection,
    private readonly pageSize = DEFAULT_PAGE,
  ) {
    const u = new URL(conn.url);
    if (conn.user !== null) {
      u.username = encodeURIComponent(conn.user);
      u.password = encodeURIComponent(conn.password ?? '');
    }
    this.db = nano({ url: u.toString().replace(/\/$/, '') }).use(conn.dbName);
  }

  get describe(): string {
    return describe(this.conn);
  }

  /** Checks the database answers; throws the raw error so callers can tell "unreachable" apart. */
  async probe(): Promise<void> {
    await this.db.info();
  }

  /** Creates the index on `start` used for sorting; false (with a warning) when not allowed. */
  async ensureStartIndex(warn: (msg: string) => void): Promise<boolean> {
    try {
      await this.db.createIndex({ index: { fields: ['start'] }, name: INDEX_NAME, type: 'json' });
      return true;
    } catch (err) {
      const e = err as RequestError;
      if (isUnreachable(err)) throw storeError(this.conn, err);
      warn(
        `could not create an index on "start" in ${describe(this.conn)} (HTTP ${e.statusCode ?? '?'}: ${e.reason ?? e.message}); paging may be slow`,
      );
      return false;
    }
  }

  /**
   * Every activation document whose start is within [since, upto], page by page, however many
   * there are. Uses the server's bookmark when it returns one (CouchDB); otherwise (PouchDB
   * returns none) pages by `start` in index order, skipping the documents already seen at the last
   * page's final start time. The next page is requested before the current one is handed out.
   */
  async *pages(sinceMs: number, uptoMs: number, warn: (msg: string) => void): AsyncGenerator<unknown[]> {
    const limit = this.pageSize;
    // Whole documents, not a `fields` projection: a projecting server must parse every document
    // (whisk-local's store serves held JSON about 3× faster than projected pages).
    const base = { limit };
    const range = { $gte: sinceMs, $lte: uptoMs };
    let sorted = true;
    // Sorting needs an index on `start` in CouchDB; it is created only when the server asks for
    // one (building it costs a scan of the whole database, which the whisk-local store avoids).
    const first = async (): Promise<FindPage> => {
      const sortedQuery = { ...base, selector: { start: range }, sort: [{ start: 'asc' }] };
      try {
        return await this.find(sortedQuery);
      } catch (err) {
        if ((err as RequestError).statusCode !== 400) throw err;
      }
      if (await this.ensureStartIndex(warn)) {
        try {
          return await this.find(sortedQuery);
        } catch (err) {
          if ((err as RequestError).statusCode !== 400) throw err;
        }
      }
      warn(`${describe(this.conn)} cannot sort by start; relying on bookmarks`);
      sorted = false;
      return this.find({ ...base, selector: { start: range } });
    };
    let page = await this.wrap(first());
    const bookmarked = typeof page.bookmark === 'string' && page.bookmark !== '' && page.bookmark !== 'nil';
    if (!bookmarked && !sorted && page.docs.length >= limit) {
      throw new UserError(
        `${describe(this.conn)} returned neither a bookmark nor sorted results, so the ${limit}+ activations cannot be paged completely; allow creating an index on "start" (admin user) and retry`,
        3,
      );
    }
    let lastStart = -Infinity;
    let seenAtLast = 0;
    for (;;) {
      const done = page.docs.length < limit;
      let next: Promise<FindPage> | null = null;
      if (!done) {
        if (bookmarked) {
          next = this.wrap(
            this.find({
              ...base,
              selector: { start: range },
              ...(sorted ? { sort: [{ start: 'asc' }] } : {}),
              bookmark: page.bookmark!,
            }),
          );
        } else {
          for (const d of page.docs) {
            const s = (d as { start?: unknown }).start;
            if (typeof s !== 'number') continue;
            if (s === lastStart) seenAtLast++;
            else if (s > lastStart) {
              lastStart = s;
              seenAtLast = 1;
            }
          }
          next = this.wrap(
            this.find({
              ...base,
              selector: { start: { $gte: lastStart, $lte: uptoMs } },
              sort: [{ start: 'asc' }],
              skip: seenAtLast,
            }),
          );
        }
      }
      // Handled when awaited below; this only keeps an early exit from reporting it as unhandled.
      next?.catch(() => undefined);
      yield page.docs;
      if (!next) return;
      page = await next;
    }
  }

  /** Documents by activation id (`_all_docs` with keys `<namespace>/<id>`), in batches; missing ids are left out. */
  async *byIds(namespace: string, ids: readonly string[]): AsyncGenerator<unknown[]> {
    for (let i = 0; i < ids.length; i += ID_BATCH) {
      const keys = ids.slice(i, i + ID_BATCH).map((id) => `${namespace}/${id}`);
      const res = await this.wrap(this.db.fetch({ keys }));
      const docs: unknown[] = [];
      for (const row of res.rows) if ('doc' in row && row.doc) docs.push(row.doc);
      yield docs;
    }
  }

  private find(query: Record<string, unknown>): Promise<FindPage> {
    return this.db.find(query as unknown as MangoQuery) as Promise<FindPage>;
  }

  private async wrap<T>(p: Promise<T>): Promise<T> {
    try {
      return await p;
    } catch (err) {
      throw storeError(this.conn, err);
    }
  }
}
