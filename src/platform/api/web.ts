/**
 * Web actions: `/api/v1/web/{ns}/{package}/{action}[.ext][/path]`, no auth, for actions
 * annotated `web-export`. The request becomes parameters (`__ow_method`, `__ow_headers`,
 * `__ow_path`, `__ow_body`: base64 for binary content types, text otherwise; JSON and form bodies
 * are merged into the parameters instead), and the result becomes the HTTP response.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { isJsonObject } from '../../config/json-text.js';
import { ApiError, mergeParams } from '../action.js';
import { nowMs } from '../ids.js';
import type { StoredActivation } from '../store/types.js';
import { activateAndWait, MAX_BLOCKING_WAIT_MS, tooManyRequests } from './actions.js';
import type { ApiContext } from './context.js';
import { ACTIVATION_ID_HEADER, ERRORS, readBody, sendError, sendJson } from './http.js';

const EXTENSIONS = ['.json', '.html', '.http', '.svg', '.text'] as const;
type Extension = (typeof EXTENSIONS)[number];

export interface WebTarget {
  readonly namespace: string;
  readonly packageName: string | null;
  readonly name: string;
  readonly extension: Extension;
  /** The rest of the path after the action, e.g. `/a/b` or ``. */
  readonly path: string;
}

/** Parses the segments after `/api/v1/web/`; null when they cannot name a web action. */
export function parseWebPath(segments: readonly string[]): WebTarget | null {
  if (segments.length < 3) return null;
  const [namespace, pkg, last, ...rest] = segments as [string, string, string, ...string[]];
  const ext = EXTENSIONS.find((e) => last.endsWith(e) && last.length > e.length);
  return {
    namespace,
    packageName: pkg === 'default' ? null : pkg,
    name: ext ? last.slice(0, -ext.length) : last,
    extension: ext ?? '.http',
    path: rest.length > 0 ? `/${rest.join('/')}` : '',
  };
}

/** Text-like content types are passed as strings; everything else as base64. */
export function isTextContentType(contentType: string): boolean {
  const t = contentType.split(';')[0]!.trim().toLowerCase();
  return (
    t.startsWith('text/') ||
    t === 'application/json' ||
    t.endsWith('+json') ||
    t === 'application/xml' ||
    t.endsWith('+xml') ||
    t === 'application/javascript' ||
    t === 'application/x-www-form-urlencoded'
  );
}

/** The parameters a web action receives for a request. */
export function webParams(
  method: string,
  headers: IncomingMessage['headers'],
  path: string,
  query: Map<string, string>,
  body: Buffer,
): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [k, v] of query) params[k] = v;
  const contentType = String(headers['content-type'] ?? '');
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (body.length > 0) {
    if (type === 'application/json') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch (err) {
        throw new ApiError(400, `The request content was malformed:\n${(err as Error).message}`);
      }
      if (isJsonObject(parsed)) Object.assign(params, parsed);
      else params['__ow_body'] = body.toString('utf8');
    } else if (type === 'application/x-www-form-urlencoded') {
      for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params[k] = v;
    } else {
      params['__ow_body'] = isTextContentType(contentType) ? body.toString('utf8') : body.toString('base64');
    }
  }
  params['__ow_method'] = method.toLowerCase();
  params['__ow_headers'] = headers;
  params['__ow_path'] = path;
  return params;
}

/** Sends an `{statusCode, headers, body}` result as the HTTP response (base64 bodies of binary types decoded). */
function sendHttpResult(res: ServerResponse, r: Record<string, unknown>, extra: OutgoingHttpHeaders): void {
  const headers: OutgoingHttpHeaders = { ...extra };
  if (isJsonObject(r['headers']))
    for (const [k, v] of Object.entries(r['headers'])) headers[k.toLowerCase()] = String(v);
  const status = typeof r['statusCode'] === 'number' ? r['statusCode'] : 200;
  const body = r['body'];
  let payload: Buffer;
  if (body === undefined || body === null) {
    payload = Buffer.alloc(0);
  } else if (typeof body === 'string') {
    const type = typeof headers['content-type'] === 'string' ? headers['content-type'] : '';
    const binary = type !== '' && !isTextContentType(type);
    payload = binary ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
    if (type === '') headers['content-type'] = 'text/html; charset=utf-8';
  } else {
    payload = Buffer.from(JSON.stringify(body));
    if (headers['content-type'] === undefined) headers['content-type'] = 'application/json';
  }
  headers['content-length'] = payload.length;
  // OpenWhisk answers 204 when the action sets neither a status nor a body
  res.writeHead(typeof r['statusCode'] !== 'number' && payload.length === 0 ? 204 : status, headers);
  res.end(payload);
}

function respond(res: ServerResponse, target: WebTarget, doc: StoredActivation): void {
  const extra = { [ACTIVATION_ID_HEADER]: doc.activationId };
  const result = doc.response.result;
  if (doc.response.statusCode !== 0) {
    const err = isJsonObject(result) ? result['error'] : undefined;
    if (doc.response.statusCode === 1 && isJsonObject(err) && ('statusCode' in err || 'body' in err))
      return sendHttpResult(res, err, extra);
    return sendError(
      res,
      doc.response.statusCode === 3 ? 500 : 502,
      typeof err === 'string' ? err : 'The action did not produce a valid response.',
      extra,
    );
  }
  if (!isJsonObject(result)) return sendJson(res, 200, result, extra);
  switch (target.extension) {
    case '.json':
      return sendJson(res, 200, result, extra);
    case '.text':
    case '.html':
    case '.svg': {
      const field = target.extension.slice(1);
      const value = result[field];
      if (typeof value !== 'string')
        return sendError(res, 400, `The action did not return a '${field}' property.`, extra);
      const type = field === 'text' ? 'text/plain' : field === 'html' ? 'text/html' : 'image/svg+xml';
      return sendHttpResult(res, { headers: { 'content-type': type }, body: value }, extra);
    }
    case '.http':
      if ('statusCode' in result || 'headers' in result || 'body' in result) return sendHttpResult(res, result, extra);
      return sendJson(res, 200, result, extra);
  }
}

export async function invokeWebAction(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  target: WebTarget,
  q: Map<string, string>,
): Promise<void> {
  const arrival = nowMs();
  const action = target.namespace === ctx.namespace ? ctx.actions.get(target) : undefined;
  if (!action?.webExport) {
    req.resume();
    throw new ApiError(404, ERRORS.notFound);
  }
  const body = await readBody(req, ctx.maxPayloadBytes);
  const params = mergeParams(action, webParams(req.method ?? 'GET', req.headers, target.path, q, body));
  const accepted = activateAndWait(ctx, action, params, arrival, MAX_BLOCKING_WAIT_MS, {
    done: (doc) => respond(res, target, doc),
    late: (id) => {
      res.writeHead(202, { 'content-type': 'text/plain', [ACTIVATION_ID_HEADER]: id });
      res.end('Response not yet ready.');
    },
  });
  if (!accepted) tooManyRequests(ctx, res);
}
