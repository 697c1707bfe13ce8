/**
 * Bounds every request body of the store, declared (`content-length`) or chunked, before any
 * route reads it: over the limit the answer is CouchDB's 413 and the rest of the body is read
 * and dropped (the client, still sending, gets the answer rather than a reset connection).
 */
import type { RequestHandler, Response } from 'express';

/** The store's largest request body (CouchDB's own default, 4 GB, is no bound on one machine). */
export const STORE_MAX_BODY_BYTES = 64 * 1024 * 1024;

const TOO_LARGE = { error: 'too_large', reason: 'the request entity is too large' };

function refuse(res: Response): void {
  if (res.headersSent) return;
  res.status(413).set('connection', 'close').type('application/json').send(JSON.stringify(TOO_LARGE));
}

export function bodyLimit(maxBytes: number): RequestHandler {
  return (req, res, next) => {
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > maxBytes) {
      req.resume();
      refuse(res);
      return;
    }
    if (req.headers['transfer-encoding'] === undefined) {
      next();
      return;
    }
    // Chunked: count what the routes' body readers receive; past the limit they receive nothing
    // more (never 'end'), the 413 goes out and the connection closes under them.
    let seen = 0;
    const emit = req.emit.bind(req) as (event: string | symbol, ...args: unknown[]) => boolean;
    req.emit = ((event: string | symbol, ...args: unknown[]): boolean => {
      if (seen > maxBytes && (event === 'data' || event === 'end')) return false;
      if (event === 'data') {
        seen += (args[0] as Buffer).length;
        if (seen > maxBytes) {
          refuse(res);
          return false;
        }
      }
      return emit(event, ...args);
    }) as typeof req.emit;
    next();
  };
}
