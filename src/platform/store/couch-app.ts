/**
 * The CouchDB-compatible HTTP app: basic auth, CouchDB's error bodies, `_find`/`_index` (fast
 * path on the activations db, pouchdb-find elsewhere), then express-pouchdb in its minimal mode
 * for everything else (`_all_docs`, `_bulk_docs`, documents, `_all_dbs`, db info, views...).
 */
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import expressPouchDB from 'express-pouchdb';
import { getOrCreateDB } from 'express-pouchdb/lib/create-or-delete-dbs.js';
import type { Database } from 'pouchdb-core';
import { basicAuth } from './auth.js';
import { bodyLimit, STORE_MAX_BODY_BYTES } from './body-limit.js';
import { runFastFind } from './find-fast-path.js';
import {
  DEFAULT_FIND_LIMIT,
  FindRequestError,
  checkCommon,
  decodeOffsetBookmark,
  encodeOffsetBookmark,
  planFastFind,
} from './find-query.js';
import type { StorePouchDB } from './pouch.js';
import type { StartIndex } from './start-index.js';

export interface CouchAppOptions {
  readonly user: string;
  readonly password: string;
  readonly dbName: string;
  /** The store's PouchDB class, already handed to express-pouchdb via `setPouchDB`. */
  readonly PouchDB: StorePouchDB;
  readonly index: StartIndex;
}

const NO_DB = { error: 'not_found', reason: 'Database does not exist.' };
/** `_find` keys pouchdb-find does not know; they are handled (or safely ignored) here. */
const COUCH_ONLY_FIND_KEYS = [
  'bookmark',
  'execution_stats',
  'r',
  'update',
  'stable',
  'stale',
  'allow_fallback',
  'conflicts',
];

function sendJson(res: Response, status: number, body: unknown): void {
  res
    .status(status)
    .type('application/json')
    .send(typeof body === 'string' ? body : JSON.stringify(body));
}

/** PouchDB and find errors in CouchDB's `{error, reason}` shape. */
function sendError(res: Response, err: unknown, fallbackStatus = 500): void {
  if (err instanceof FindRequestError) {
    sendJson(res, err.status, { error: err.error, reason: err.message });
    return;
  }
  const e = (err ?? {}) as { status?: number; error?: unknown; name?: string; reason?: string; message?: string };
  const status = typeof e.status === 'number' ? e.status : fallbackStatus;
  const error = typeof e.error === 'string' ? e.error : e.name && e.name !== 'Error' ? e.name : 'bad_request';
  sendJson(res, status, { error, reason: e.reason ?? e.message ?? 'unknown error' });
}

/** Wraps an async handler so a rejection becomes a CouchDB-style error response. */
function handle(fn: (req: Request, res: Response) => Promise<void>, errorStatus = 500): RequestHandler {
  return (req, res) => {
    fn(req, res).catch((err: unknown) => sendError(res, err, errorStatus));
  };
}

export async function createCouchApp(opts: CouchAppOptions): Promise<express.Express> {
  const pouchApp = expressPouchDB({ mode: 'minimumForPouchDB', overrideMode: { exclude: ['compression'] } });
  await pouchApp.setPouchDB(opts.PouchDB);
  /** The open database behind a name in the URL (express-pouchdb's instance), or a 404. */
  const dbFor = async (name: string): Promise<Database> => {
    if (name !== opts.dbName && !(await opts.PouchDB.allDbs()).includes(name)) throw { status: 404, ...NO_DB };
    return getOrCreateDB(opts.PouchDB, name);
  };

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag'); // hashing multi-megabyte `_find` pages would cost more than sending them
  app.enable('case sensitive routing');
  app.use(basicAuth(opts.user, opts.password));
  app.use(bodyLimit(STORE_MAX_BODY_BYTES));

  app.get('/', (_req, res) => {
    sendJson(res, 200, {
      couchdb: 'Welcome',
      version: '2.3.1',
      vendor: { name: 'whisk-local activation store (PouchDB 9, express-pouchdb 4.2)' },
    });
  });

  // CouchDB's 404 body for a missing database (express-pouchdb says "no_db_file").
  app.use('/:db', (req, res, next) => {
    const name = req.params.db!;
    const creating = req.method === 'PUT' && (req.path === '/' || req.path === '');
    if (name.startsWith('_') || name === opts.dbName || creating) {
      next();
      return;
    }
    opts.PouchDB.allDbs().then(
      (names) => (names.includes(name) ? next() : sendJson(res, 404, NO_DB)),
      (err: unknown) => sendError(res, err),
    );
  });

  app.delete(`/:db`, (req, res, next) => {
    if (req.params.db !== opts.dbName) return next();
    // The platform writes into it while the store runs; recreating it under our feet would lose data.
    sendJson(res, 403, {
      error: 'forbidden',
      reason: `${opts.dbName} is whisk-local's activation database and cannot be deleted while the store runs.`,
    });
  });

  const json = express.json({ limit: STORE_MAX_BODY_BYTES, type: () => true });
  const badJson: ErrorRequestHandler = (err: { status?: number }, _req, res, next) => {
    if (err.status === 400) sendJson(res, 400, { error: 'bad_request', reason: 'invalid_json' });
    else if (err.status === 413) sendJson(res, 413, { error: 'too_large', reason: 'the request entity is too large' });
    else next(err);
  };

  app.post(
    '/:db/_find',
    json,
    badJson,
    handle(async (req, res) => {
      const name = req.params.db!;
      const db = await dbFor(name);
      const plan = name === opts.dbName && opts.index.exact ? planFastFind(req.body) : undefined;
      if (plan !== undefined) {
        const parts = await runFastFind(plan, opts.index, db);
        res.status(200).type('application/json');
        for (const part of parts) res.write(part);
        res.end();
        return;
      }
      sendJson(res, 200, await fallbackFind(db, checkCommon(req.body)));
    }, 400),
  );

  app.post(
    '/:db/_explain',
    json,
    badJson,
    handle(async (req, res) => {
      sendJson(res, 200, await (await dbFor(req.params.db!)).explain(req.body as object));
    }, 400),
  );

  app.get(
    '/:db/_index',
    handle(async (req, res) => {
      sendJson(res, 200, await (await dbFor(req.params.db!)).getIndexes());
    }),
  );

  app.post(
    '/:db/_index',
    json,
    badJson,
    handle(async (req, res) => {
      sendJson(res, 200, await (await dbFor(req.params.db!)).createIndex(req.body as object));
    }, 400),
  );

  const deleteIndex = handle(async (req, res) => {
    const { db, ddoc, type, name } = req.params as Record<string, string>;
    const ddocId = ddoc!.startsWith('_design/') ? ddoc! : `_design/${ddoc!}`;
    sendJson(res, 200, await (await dbFor(db!)).deleteIndex({ ddoc: ddocId, type, name }));
  });
  app.delete('/:db/_index/_design/:ddoc/:type/:name', deleteIndex);
  app.delete('/:db/_index/:ddoc/:type/:name', deleteIndex);

  app.use(pouchApp);
  return app;
}

/**
 * Queries the fast path cannot answer go to pouchdb-find, with CouchDB's default limit and a
 * bookmark that counts the matches already returned.
 */
async function fallbackFind(db: Database, req: Record<string, unknown>): Promise<Record<string, unknown>> {
  const offset = decodeOffsetBookmark(req.bookmark);
  const limit = (req.limit as number | undefined) ?? DEFAULT_FIND_LIMIT;
  const skip = (req.skip as number | undefined) ?? 0;
  const query: Record<string, unknown> = { ...req, limit, skip: offset + skip };
  for (const key of COUCH_ONLY_FIND_KEYS) delete query[key];
  const result = await db.find(query);
  const bookmark =
    result.docs.length > 0
      ? encodeOffsetBookmark(offset + skip + result.docs.length)
      : typeof req.bookmark === 'string' && req.bookmark !== ''
        ? req.bookmark
        : 'nil';
  return { docs: result.docs, bookmark, ...(result.warning === undefined ? {} : { warning: result.warning }) };
}
