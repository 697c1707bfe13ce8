/** `/api/v1/namespaces/{ns}/actions[/{pkg}]/{name}`: create/update, get, list, delete, invoke. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  actionFromPut,
  actionJson,
  ApiError,
  isValidEntityName,
  mergeParams,
  type Action,
  type ActionRef,
} from '../action.js';
import { toExtendedJson } from '../activation-record.js';
import { nowMs } from '../ids.js';
import type { StoredActivation } from '../store/types.js';
import type { ApiContext } from './context.js';
import {
  ACTIVATION_ID_HEADER,
  ERRORS,
  intParam,
  listLimit,
  parseJsonObject,
  readBody,
  sendError,
  sendJson,
} from './http.js';

/** OpenWhisk's longest blocking wait (controller.activation.max-wait-for-blocking-activation). */
export const MAX_BLOCKING_WAIT_MS = 60_000;

/** `[name]` or `[pkg, name]` → a reference, else a 400/404 ApiError. */
export function actionRef(namespace: string, parts: readonly string[]): ActionRef {
  if (parts.length < 1 || parts.length > 2) throw new ApiError(404, ERRORS.notFound);
  const name = parts[parts.length - 1]!;
  const packageName = parts.length === 2 ? parts[0]! : null;
  for (const p of parts)
    if (!isValidEntityName(p)) throw new ApiError(400, `The name '${p}' is not a valid entity name.`);
  return { namespace, packageName, name };
}

export function listActions(
  ctx: ApiContext,
  res: ServerResponse,
  namespace: string,
  packageName: string | undefined,
  q: Map<string, string>,
): void {
  const skip = intParam(q, 'skip', 0, 0, Number.MAX_SAFE_INTEGER);
  const limit = listLimit(q, 'actions');
  const all = ctx.actions.list(namespace, packageName);
  if (q.get('count') === 'true') {
    sendJson(res, 200, { actions: all.length });
    return;
  }
  sendJson(
    res,
    200,
    all.slice(skip, skip + limit).map((a) => actionJson(a, false)),
  );
}

export function getAction(ctx: ApiContext, res: ServerResponse, ref: ActionRef): void {
  const a = ctx.actions.get(ref);
  if (!a) throw new ApiError(404, ERRORS.notFound);
  sendJson(res, 200, actionJson(a, true));
}

export function deleteAction(ctx: ApiContext, res: ServerResponse, ref: ActionRef): void {
  const a = ctx.actions.delete(ref);
  if (!a) throw new ApiError(404, ERRORS.notFound);
  ctx.pool.retire(a.path, null);
  sendJson(res, 200, actionJson(a, true));
}

export async function putAction(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  ref: ActionRef,
  q: Map<string, string>,
): Promise<void> {
  const body = parseJsonObject(await readBody(req, ctx.maxBodyBytes));
  const previous = ctx.actions.get(ref) ?? null;
  if (previous && q.get('overwrite') !== 'true') throw new ApiError(409, ERRORS.conflict);
  const action = actionFromPut(ref, body, previous, ctx.actions.nextRevision(), ctx.maxActionMemoryMb, Date.now());
  ctx.actions.put(action);
  if (previous) ctx.pool.retire(action.path, action.revision);
  sendJson(res, 200, actionJson(action, true));
}

function statusFor(doc: StoredActivation): number {
  const code = doc.response.statusCode;
  return code === 0 ? 200 : code === 3 ? 500 : 502;
}

export async function invokeAction(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  ref: ActionRef,
  q: Map<string, string>,
): Promise<void> {
  const arrival = nowMs();
  const action = ctx.actions.get(ref);
  if (!action) {
    req.resume();
    throw new ApiError(404, ERRORS.notFound);
  }
  const blocking = q.get('blocking') === 'true';
  const resultOnly = q.get('result') === 'true';
  let waitMs = MAX_BLOCKING_WAIT_MS;
  const rawTimeout = q.get('timeout');
  if (rawTimeout !== undefined) {
    const n = Number(rawTimeout);
    if (!Number.isInteger(n) || n < 1 || n > MAX_BLOCKING_WAIT_MS)
      throw new ApiError(400, 'Timeout must be number of milliseconds up to 60000.');
    waitMs = n;
  }
  const params = mergeParams(action, parseJsonObject(await readBody(req, ctx.maxPayloadBytes)));

  if (!blocking) {
    const id = ctx.activator.activate(action, params, arrival);
    if (id === null) return tooManyRequests(ctx, res);
    sendJson(res, 202, { activationId: id }, { [ACTIVATION_ID_HEADER]: id });
    return;
  }
  const accepted = activateAndWait(ctx, action, params, arrival, waitMs, {
    done: (doc) => {
      const body = resultOnly ? (doc.response.result ?? {}) : toExtendedJson(doc);
      sendJson(res, statusFor(doc), body, { [ACTIVATION_ID_HEADER]: doc.activationId });
    },
    late: (id) => sendJson(res, 202, { activationId: id }, { [ACTIVATION_ID_HEADER]: id }),
  });
  if (!accepted) tooManyRequests(ctx, res);
}

/**
 * Starts a blocking activation: `done` answers with the finished activation, or `late` once
 * `waitMs` passes first (OpenWhisk's 202 for a blocking call that did not finish in time); exactly
 * one of them is called. False when the pool refused the activation (the caller answers 429).
 */
export function activateAndWait(
  ctx: ApiContext,
  action: Action,
  params: Record<string, unknown>,
  arrival: number,
  waitMs: number,
  answer: { done: (doc: StoredActivation) => void; late: (activationId: string) => void },
): boolean {
  let answered = false;
  let timer: NodeJS.Timeout | undefined;
  const id = ctx.activator.activate(action, params, arrival, (doc) => {
    if (answered) return;
    answered = true;
    clearTimeout(timer);
    answer.done(doc);
  });
  if (id === null) return false;
  if (!answered) {
    timer = setTimeout(() => {
      if (answered) return;
      answered = true;
      answer.late(id);
    }, waitMs);
  }
  return true;
}

/** 429 with OpenWhisk's message; the count is the waiting activations including this one. */
export function tooManyRequests(ctx: ApiContext, res: ServerResponse): void {
  const { queued } = ctx.pool.stats();
  sendError(res, 429, ERRORS.tooManyConcurrent(queued + 1, ctx.pool.queueLimit));
}
