/**
 * The request handler of the REST API: splits the path, checks credentials, dispatches to the
 * handlers and turns ApiErrors into OpenWhisk error bodies. No framework: a few string splits
 * keep the per-request cost low at thousands of requests per second.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../action.js';
import { actionRef, deleteAction, getAction, invokeAction, listActions, putAction } from './actions.js';
import { getActivation, listActivations } from './activations.js';
import { resolveNamespace, type ApiContext } from './context.js';
import { ERRORS, parseQuery, sendError, sendJson } from './http.js';
import { invokeWebAction, parseWebPath } from './web.js';

function segmentsOf(pathname: string): string[] | null {
  try {
    return pathname.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return null;
  }
}

async function route(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? '/';
  const qi = url.indexOf('?');
  const pathname = qi === -1 ? url : url.slice(0, qi);
  const q = parseQuery(qi === -1 ? '' : url.slice(qi + 1));
  const seg = segmentsOf(pathname);
  if (seg === null || seg[0] !== 'api' || seg[1] !== 'v1') throw new ApiError(404, ERRORS.notFound);
  const method = req.method ?? 'GET';

  if (seg[2] === 'web') {
    const target = parseWebPath(seg.slice(3));
    if (target === null) throw new ApiError(404, ERRORS.notFound);
    return invokeWebAction(ctx, req, res, target, q);
  }
  if (!ctx.isAuthorized(req.headers.authorization)) {
    req.resume();
    throw new ApiError(401, ERRORS.unauthorized);
  }
  if (seg.length === 2 || (seg.length === 3 && seg[2] === '')) {
    return sendJson(res, 200, {
      description: 'whisk-local: an embedded OpenWhisk-compatible platform',
      api_paths: ['/api/v1'],
    });
  }
  if (seg[2] !== 'namespaces') throw new ApiError(404, ERRORS.notFound);
  if (seg.length === 3 || (seg.length === 4 && seg[3] === '')) {
    if (method !== 'GET') throw new ApiError(405, 'The requested method is not allowed.');
    return sendJson(res, 200, [ctx.namespace]);
  }
  const namespace = resolveNamespace(ctx, seg[3]!);
  if (namespace === null) {
    req.resume();
    throw new ApiError(403, ERRORS.unauthorized);
  }
  const collection = seg[4];
  const rest = seg.slice(5);
  if (rest.length > 0 && rest[rest.length - 1] === '') rest.pop();

  if (collection === 'actions') {
    if (rest.length === 0 || (rest.length === 1 && pathname.endsWith('/') && method === 'GET')) {
      if (method !== 'GET') throw new ApiError(405, 'The requested method is not allowed.');
      return listActions(ctx, res, namespace, rest[0], q);
    }
    const ref = actionRef(namespace, rest);
    switch (method) {
      case 'POST':
        return invokeAction(ctx, req, res, ref, q);
      case 'GET':
        return getAction(ctx, res, ref);
      case 'PUT':
        return putAction(ctx, req, res, ref, q);
      case 'DELETE':
        return deleteAction(ctx, res, ref);
      default:
        throw new ApiError(405, 'The requested method is not allowed.');
    }
  }
  if (collection === 'activations') {
    if (method !== 'GET') throw new ApiError(405, 'The requested method is not allowed.');
    if (rest.length === 0) return listActivations(ctx, res, namespace, q);
    const view = rest[1];
    if (rest.length === 1) return getActivation(ctx, res, namespace, rest[0]!, 'full');
    if (rest.length === 2 && (view === 'result' || view === 'logs'))
      return getActivation(ctx, res, namespace, rest[0]!, view);
  }
  throw new ApiError(404, ERRORS.notFound);
}

/** The `http.Server` request listener for the API. */
export function createRequestHandler(ctx: ApiContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    route(ctx, req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof ApiError) {
        // After a refused body the connection is not reused (the client may still be sending).
        sendError(res, err.status, err.message, err.status === 413 ? { connection: 'close' } : undefined);
        return;
      }
      ctx.logger.error({ err, method: req.method, url: req.url?.split('?')[0] }, 'request failed');
      sendError(res, 500, ERRORS.internal);
    });
  };
}
