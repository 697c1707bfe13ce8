/**
 * HTTP basic auth in front of every route, answering as CouchDB does when credentials are
 * missing or wrong.
 */
import type { RequestHandler } from 'express';
import { sameSecret } from '../secrets.js';

export const UNAUTHORIZED_WRONG = { error: 'unauthorized', reason: 'Name or password is incorrect.' };
export const UNAUTHORIZED_MISSING = { error: 'unauthorized', reason: 'You are not authorized to access this db.' };

/** Parses `Authorization: Basic base64(user:password)`; undefined when absent or malformed. */
export function parseBasicAuth(header: string | undefined): { user: string; password: string } | undefined {
  if (header === undefined) return undefined;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (m === null) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function basicAuth(user: string, password: string): RequestHandler {
  return (req, res, next) => {
    const given = parseBasicAuth(req.headers.authorization);
    if (given !== undefined && sameSecret(given.user, user) && sameSecret(given.password, password)) {
      next();
      return;
    }
    res
      .status(401)
      .type('application/json')
      .send(JSON.stringify(given === undefined ? UNAUTHORIZED_MISSING : UNAUTHORIZED_WRONG));
  };
}
