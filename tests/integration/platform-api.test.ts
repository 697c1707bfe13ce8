import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { annotation, restClient, startPlatform } from './platform-helpers.js';

const NOT_FOUND = 'The requested resource does not exist.';
const UNAUTHORIZED = 'The supplied authentication is not authorized to access this resource.';

test('actions: create, 409 without overwrite, update, get, list, delete; errors with OpenWhisk bodies', async (t) => {
  const wl = await startPlatform(t);
  const ow = restClient(wl);
  const created = await ow.put(
    'demo/hello',
    {
      exec: { kind: 'nodejs:20', code: 'function main(p){return {g: p.greeting + " " + p.name}}' },
      parameters: [
        { key: 'greeting', value: 'hi' },
        { key: 'name', value: 'x' },
      ],
    },
    false,
  );
  assert.equal(created.status, 200);
  assert.equal(created.body.namespace, 'guest/demo');
  assert.equal(created.body.version, '0.0.1');

  const again = await ow.put('demo/hello', { exec: { kind: 'nodejs:20', code: 'x' } }, false);
  assert.equal(again.status, 409);
  assert.equal(again.body.error, 'resource already exists');
  assert.match(again.body.code, /^[0-9a-f]{32}$/);

  const updated = await ow.put('demo/hello', { limits: { timeout: 5000 } });
  assert.equal(updated.body.version, '0.0.2');
  assert.equal(updated.body.limits.timeout, 5000);

  // invocation parameters override the action's
  const inv = await ow.invoke('demo/hello', { name: 'bob' }, 'blocking=true&result=true');
  assert.equal(inv.status, 200);
  assert.deepEqual(inv.body, { g: 'hi bob' });

  const one = await ow.call('GET', '/api/v1/namespaces/guest/actions/demo/hello');
  assert.equal(one.status, 200);
  assert.match(one.body.exec.code, /function main/);
  const list = await ow.call('GET', '/api/v1/namespaces/_/actions');
  assert.deepEqual(
    list.body.map((a: { name: string }) => a.name),
    ['hello'],
  );

  const missing = await ow.call('GET', '/api/v1/namespaces/_/actions/nothing');
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error, NOT_FOUND);
  const badKind = await ow.put('bad', { exec: { kind: 'cobol', code: 'x' } });
  assert.equal(badKind.status, 400);

  assert.equal((await ow.call('DELETE', '/api/v1/namespaces/_/actions/demo/hello')).status, 200);
  assert.equal((await ow.call('DELETE', '/api/v1/namespaces/_/actions/demo/hello')).status, 404);
  assert.equal((await ow.invoke('demo/hello')).status, 404);
});

test('auth: 401 without or with a wrong key, 403 for another namespace; web actions need no key', async (t) => {
  const wl = await startPlatform(t);
  const bad = restClient(wl, '23bc46b1-71f6-4ed5-8c54-816aa4f8c502:not-the-key');
  const r = await bad.call('GET', '/api/v1/namespaces/_/actions');
  assert.equal(r.status, 401);
  assert.equal(r.body.error, UNAUTHORIZED);
  const none = await request(`${wl.apihost}/api/v1/namespaces/_/activations`);
  assert.equal(none.statusCode, 401);
  await none.body.dump();
  const other = await restClient(wl).call('GET', '/api/v1/namespaces/someone/actions');
  assert.equal(other.status, 403);
  assert.deepEqual((await restClient(wl).call('GET', '/api/v1/namespaces')).body, ['guest']);
});

test('invoke: blocking, non-blocking, result only, activation id header, 502/500 mapping, blocking wait ending in 202', async (t) => {
  const wl = await startPlatform(t);
  const ow = restClient(wl);
  await ow.nodejs('echo', 'function main(p){ return p; }');
  await ow.nodejs('slow', 'function main(p){ return new Promise((r) => setTimeout(() => r({done: true}), p.ms)); }');
  await ow.nodejs('fails', 'function main(){ return {error: "handled"}; }');

  const blocking = await ow.invoke('echo', { a: 1 });
  assert.equal(blocking.status, 200);
  assert.equal(blocking.headers['x-openwhisk-activation-id'], blocking.body.activationId);
  assert.match(blocking.body.activationId, /^[0-9a-f]{32}$/);
  assert.deepEqual(blocking.body.response, { status: 'success', success: true, result: { a: 1 } });

  const result = await ow.invoke('echo', { b: 2 }, 'blocking=true&result=true');
  assert.deepEqual(result.body, { b: 2 });
  assert.match(String(result.headers['x-openwhisk-activation-id']), /^[0-9a-f]{32}$/);

  const async = await ow.invoke('echo', { c: 3 }, 'blocking=false');
  assert.equal(async.status, 202);
  assert.deepEqual(Object.keys(async.body), ['activationId']);
  assert.equal(async.headers['x-openwhisk-activation-id'], async.body.activationId);
  const doc = await wl.recorded(async.body.activationId);
  assert.deepEqual(doc.response.result, { c: 3 });

  const failed = await ow.invoke('fails', {}, 'blocking=true&result=true');
  assert.equal(failed.status, 502);
  assert.deepEqual(failed.body, { error: 'handled' });

  const waited = await ow.invoke('slow', { ms: 400 }, 'blocking=true&timeout=50');
  assert.equal(waited.status, 202);
  assert.match(waited.body.activationId, /^[0-9a-f]{32}$/);
  const later = await wl.recorded(waited.body.activationId);
  assert.deepEqual(later.response.result, { done: true });

  assert.equal((await ow.invoke('echo', {}, 'blocking=true&timeout=999999')).status, 400);
  const notObject = await ow.call('POST', '/api/v1/namespaces/_/actions/echo?blocking=true', [1, 2]);
  assert.equal(notObject.status, 400);
});

test('activations: list (summaries, docs, name, since/upto, limit, skip), one, result, logs', async (t) => {
  const wl = await startPlatform(t);
  const ow = restClient(wl);
  await ow.nodejs('a', 'function main(p){ console.log("n=" + p.n); return {n: p.n}; }');
  await ow.nodejs('b', 'function main(){ return {}; }');
  const ids: string[] = [];
  for (let n = 0; n < 5; n++) ids.push((await ow.invoke('a', { n })).body.activationId);
  const bId = (await ow.invoke('b')).body.activationId as string;
  await wl.store.flush();

  const all = await ow.call('GET', '/api/v1/namespaces/_/activations');
  assert.equal(all.status, 200);
  assert.equal(all.body.length, 6);
  assert.equal(all.body[0].activationId, bId, 'newest first');
  const summary = all.body[0];
  assert.equal(summary.statusCode, 0);
  assert.ok(!('response' in summary) && !('logs' in summary));
  for (const key of [
    'namespace',
    'name',
    'version',
    'publish',
    'annotations',
    'activationId',
    'start',
    'end',
    'duration',
  ])
    assert.ok(key in summary, key);

  const docs = await ow.call('GET', '/api/v1/namespaces/_/activations?docs=true&name=a&limit=2&skip=1');
  assert.equal(docs.body.length, 2);
  assert.deepEqual(
    docs.body.map((d: { activationId: string }) => d.activationId),
    [ids[3], ids[2]],
  );
  assert.equal(docs.body[0].response.status, 'success');
  assert.ok(!('statusCode' in docs.body[0].response));

  const first = (await ow.call('GET', `/api/v1/namespaces/_/activations/${ids[0]}`)).body;
  const bounded = await ow.call(
    'GET',
    `/api/v1/namespaces/_/activations?since=${first.start}&upto=${first.start}&name=a`,
  );
  assert.ok(bounded.body.every((d: { start: number }) => d.start === first.start));
  assert.ok(bounded.body.some((d: { activationId: string }) => d.activationId === ids[0]));
  const tooMany = await ow.call('GET', '/api/v1/namespaces/_/activations?limit=201');
  assert.equal(tooMany.status, 400);
  assert.equal(tooMany.body.error, "The value '201' is not in the range of 0 to 200 for activations.");
  assert.equal((await ow.call('GET', '/api/v1/namespaces/_/activations?since=yesterday')).status, 400);
  assert.equal((await ow.call('GET', '/api/v1/namespaces/_/activations?limit=0')).body.length, 6);

  const one = await ow.call('GET', `/api/v1/namespaces/_/activations/${ids[4]}`);
  assert.equal(one.body.response.success, true);
  assert.equal(annotation(one.body, 'path'), 'guest/a');
  const res = await ow.call('GET', `/api/v1/namespaces/_/activations/${ids[4]}/result`);
  assert.deepEqual(res.body, { result: { n: 4 }, success: true, status: 'success' });
  const logs = await ow.call('GET', `/api/v1/namespaces/_/activations/${ids[4]}/logs`);
  assert.equal(logs.body.logs.length, 1);
  assert.ok(logs.body.logs[0].endsWith('stdout: n=4'));
  const unknown = await ow.call('GET', `/api/v1/namespaces/_/activations/${'0'.repeat(32)}`);
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error, NOT_FOUND);
});

test('web actions: binary bodies, honoured {statusCode, headers, body}, extensions, 404 unless web-exported', async (t) => {
  // a 3 MB body: over the default 1 MiB payload limit, raised here
  const wl = await startPlatform(t, { maxPayloadBytes: 4 * 1024 * 1024 });
  const ow = restClient(wl);
  const web = [{ key: 'web-export', value: true }];
  await ow.nodejs(
    'size',
    'function main(p){ return { bytes: Buffer.from(p.__ow_body || "", "base64").length, method: p.__ow_method, path: p.__ow_path, q: p.q }; }',
    { annotations: web },
  );
  await ow.nodejs(
    'png',
    'function main(){ return { statusCode: 201, headers: { "content-type": "image/png", "x-extra": "1" }, body: Buffer.from([137, 80, 78, 71]).toString("base64") }; }',
    { annotations: web },
  );
  await ow.nodejs('hidden', 'function main(){ return {}; }');

  const body = Buffer.alloc(3 * 1024 * 1024 + 17, 0xab);
  const res = await request(`${wl.apihost}/api/v1/web/guest/default/size.json/extra/path?q=1`, {
    method: 'POST',
    headers: { 'content-type': 'image/jpeg' },
    body,
  });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['x-openwhisk-activation-id']), /^[0-9a-f]{32}$/);
  assert.deepEqual(await res.body.json(), { bytes: body.length, method: 'post', path: '/extra/path', q: '1' });

  const png = await request(`${wl.apihost}/api/v1/web/guest/default/png`);
  assert.equal(png.statusCode, 201);
  assert.equal(png.headers['content-type'], 'image/png');
  assert.equal(png.headers['x-extra'], '1');
  assert.deepEqual(Buffer.from(await png.body.arrayBuffer()), Buffer.from([137, 80, 78, 71]));

  for (const path of [
    '/api/v1/web/guest/default/hidden',
    '/api/v1/web/guest/default/none',
    '/api/v1/web/other/default/size',
  ]) {
    const r = await request(`${wl.apihost}${path}`);
    assert.equal(r.statusCode, 404, path);
    assert.equal(((await r.body.json()) as { error: string }).error, NOT_FOUND);
  }
});

test('bodies over the size limit get 413', async (t) => {
  const wl = await startPlatform(t, { maxBodyMb: 1 });
  const ow = restClient(wl);
  await ow.nodejs('echo', 'function main(p){ return {}; }');
  const r = await ow.call('POST', '/api/v1/namespaces/_/actions/echo?blocking=true', {
    big: 'x'.repeat(1024 * 1024 + 10),
  });
  assert.equal(r.status, 413);
});
