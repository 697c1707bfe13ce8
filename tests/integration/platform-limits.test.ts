import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { STORE_MAX_BODY_BYTES } from '../../src/platform/store/body-limit.js';
import { basicAuthHeader } from '../../src/config/wskprops.js';
import { restClient, startPlatform } from './platform-helpers.js';

const MiB = 1024 * 1024;

test('limits: parameters over the payload limit get 413, chunked or not; results over it become the truncation error; results under it arrive whole', async (t) => {
  const wl = await startPlatform(t, { maxPayloadBytes: 4 * MiB });
  const ow = restClient(wl);
  await ow.nodejs('echo', 'function main(p){ return { size: JSON.stringify(p).length }; }');
  await ow.nodejs('big', "function main(p){ return { s: 'x'.repeat(p.n) }; }");

  const over = await ow.invoke('echo', { s: 'y'.repeat(4 * MiB) });
  assert.equal(over.status, 413);
  assert.match((over.body as { error: string }).error, /^Request larger than allowed: \d+ > 4194304 bytes\.$/);
  const under = await ow.invoke('echo', { s: 'y'.repeat(MiB) });
  assert.equal(under.status, 200);

  // Chunked (no content-length): the client still sending gets the 413, not a reset.
  const url = `${wl.apihost}/api/v1/namespaces/_/actions/echo?blocking=true`;
  async function* chunks(): AsyncGenerator<Buffer> {
    yield Buffer.from('{"s":"');
    for (let i = 0; i < 80; i++) yield Buffer.alloc(64 * 1024, 'z');
    yield Buffer.from('"}');
  }
  const chunked = await request(url, {
    method: 'POST',
    headers: { authorization: basicAuthHeader(wl.auth), 'content-type': 'application/json' },
    body: Readable.from(chunks()),
  });
  assert.equal(chunked.statusCode, 413);
  assert.match(((await chunked.body.json()) as { error: string }).error, /^Request larger than allowed/);

  const fits = await ow.invoke('big', { n: 3 * MiB });
  assert.equal(fits.status, 200);
  assert.equal((fits.body as { response: { result: { s: string } } }).response.result.s.length, 3 * MiB);
  const tooBig = await ow.invoke('big', { n: 5 * MiB });
  assert.equal(tooBig.status, 502);
  const response = (tooBig.body as { response: { status: string; result: { error: string } } }).response;
  assert.equal(response.status, 'application error');
  assert.match(
    response.result.error,
    /^The action produced a response that exceeded the allowed length: \d+ > 4194304 bytes\. The truncated response was: \{"s":"xxx/,
  );
});

test('the activation store answers 413 to bodies over its limit, declared or chunked', async (t) => {
  const wl = await startPlatform(t);
  const authorization = `Basic ${Buffer.from(`${wl.dbUser}:${wl.store.password}`).toString('base64')}`;
  const headers = { authorization, 'content-type': 'application/json' };
  const chunk = Buffer.alloc(MiB, ' ');
  const overLimit = STORE_MAX_BODY_BYTES / MiB + 1;
  async function* spaces(): AsyncGenerator<Buffer> {
    yield Buffer.from('{"docs":[');
    for (let i = 0; i < overLimit; i++) yield chunk;
    yield Buffer.from(']}');
  }
  for (const path of ['_find', '_bulk_docs']) {
    const declared = await request(`${wl.dbUrl}/${wl.dbName}/${path}`, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(STORE_MAX_BODY_BYTES + 1) },
      body: Readable.from(spaces()),
    }).catch((err: Error) => err);
    assert.ok(!(declared instanceof Error), `declared body to ${path}: ${String(declared)}`);
    assert.equal(declared.statusCode, 413, path);
    await declared.body.dump();
    const chunked = await request(`${wl.dbUrl}/${wl.dbName}/${path}`, {
      method: 'POST',
      headers,
      body: Readable.from(spaces()),
    });
    assert.equal(chunked.statusCode, 413, path);
    assert.deepEqual(await chunked.body.json(), { error: 'too_large', reason: 'the request entity is too large' });
  }
  const small = await request(`${wl.dbUrl}/${wl.dbName}/_find`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ selector: {} }),
  });
  assert.equal(small.statusCode, 200);
  await small.body.dump();
});
