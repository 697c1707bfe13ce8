/** Shared by the whisk-local integration tests: a real platform on port 0 and a small REST client. */
import type { TestContext } from 'node:test';
import { request } from 'undici';
import { startWhiskLocal, type WhiskLocal, type WhiskLocalOptions } from '../../src/platform/index.js';
import { basicAuthHeader } from '../../src/config/wskprops.js';

export async function startPlatform(
  t: TestContext | { after: (fn: () => Promise<void>) => void },
  opts: Partial<WhiskLocalOptions> = {},
): Promise<WhiskLocal> {
  const wl = await startWhiskLocal({ apiPort: 0, dbPort: 0, dataDir: null, ...opts });
  t.after(() => wl.stop());
  return wl;
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the API answered
  body: any;
  raw: Buffer;
}

export function restClient(wl: { apihost: string; auth: string }, auth = wl.auth) {
  const authorization = basicAuthHeader(auth);
  const call = async (
    method: 'GET' | 'PUT' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> => {
    const isBuffer = Buffer.isBuffer(body);
    const res = await request(`${wl.apihost}${path}`, {
      method,
      headers: {
        authorization,
        ...(body !== undefined && !isBuffer ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : isBuffer ? body : JSON.stringify(body),
    });
    const raw = Buffer.from(await res.body.arrayBuffer());
    let parsed: unknown = raw.toString('utf8');
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      // not JSON: keep the text
    }
    return { status: res.statusCode, headers: res.headers, body: parsed, raw };
  };
  const actions = '/api/v1/namespaces/_/actions';
  const put = (name: string, action: unknown, overwrite = true) =>
    call('PUT', `${actions}/${name}${overwrite ? '?overwrite=true' : ''}`, action);
  /** Creates or replaces an action of `kind` from its code; `extra.exec` (e.g. `{ main }`) is merged into the exec. */
  const withKind =
    (kind: string) =>
    (name: string, code: string, extra: { exec?: Record<string, unknown>; [field: string]: unknown } = {}) =>
      put(name, { ...extra, exec: { kind, code, ...extra.exec } });
  return {
    call,
    put,
    invoke: (name: string, params: unknown = {}, query = 'blocking=true') =>
      call('POST', `${actions}/${name}?${query}`, params),
    nodejs: withKind('nodejs:20'),
    python: withKind('python:3'),
  };
}

export function annotation(doc: { annotations: readonly { key: string; value: unknown }[] }, key: string): unknown {
  return doc.annotations.find((a) => a.key === key)?.value;
}
