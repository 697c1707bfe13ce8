/** `/api/v1/namespaces/{ns}/activations[/{id}[/result|/logs]]`, read from the activation store. */
import type { ServerResponse } from 'node:http';
import { ApiError } from '../action.js';
import { toExtendedJson, toResultView, toSummary } from '../activation-record.js';
import type { ApiContext } from './context.js';
import { ERRORS, intParam, listLimit, sendJson } from './http.js';

function epochParam(q: Map<string, string>, name: string): number | undefined {
  const raw = q.get(name);
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new ApiError(400, `Parameter is not a valid value for epoch seconds: ${raw}`);
  return n;
}

export async function listActivations(
  ctx: ApiContext,
  res: ServerResponse,
  namespace: string,
  q: Map<string, string>,
): Promise<void> {
  const docs = q.get('docs') === 'true';
  if (docs && q.get('count') === 'true') throw new ApiError(400, "The parameter 'docs' is not permitted with 'count'.");
  const limit = listLimit(q, 'activations');
  const skip = intParam(q, 'skip', 0, 0, Number.MAX_SAFE_INTEGER);
  const name = q.get('name');
  const since = epochParam(q, 'since');
  const upto = epochParam(q, 'upto');
  const found = await ctx.store.list({
    namespace,
    skip,
    limit,
    ...(name !== undefined && name !== '' ? { name } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(upto !== undefined ? { upto } : {}),
  });
  sendJson(res, 200, found.map(docs ? toExtendedJson : toSummary));
}

export async function getActivation(
  ctx: ApiContext,
  res: ServerResponse,
  namespace: string,
  id: string,
  view: 'full' | 'result' | 'logs',
): Promise<void> {
  const doc = /^[0-9a-f]{32}$/.test(id) ? await ctx.store.get(namespace, id) : null;
  if (doc === null) throw new ApiError(404, ERRORS.notFound);
  if (view === 'result') sendJson(res, 200, toResultView(doc));
  else if (view === 'logs') sendJson(res, 200, { logs: doc.logs });
  else sendJson(res, 200, toExtendedJson(doc));
}
