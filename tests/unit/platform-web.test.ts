import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isTextContentType, parseWebPath, webParams } from '../../src/platform/api/web.js';

test('web paths name namespace, package (default = none), action, extension and the rest of the path', () => {
  assert.deepEqual(parseWebPath(['guest', 'default', 'bytes']), {
    namespace: 'guest',
    packageName: null,
    name: 'bytes',
    extension: '.http',
    path: '',
  });
  assert.deepEqual(parseWebPath(['guest', 'demo', 'img.json', 'a', 'b']), {
    namespace: 'guest',
    packageName: 'demo',
    name: 'img',
    extension: '.json',
    path: '/a/b',
  });
  assert.equal(parseWebPath(['guest', 'default'])?.name, undefined);
  assert.equal(parseWebPath(['guest', 'default', 'x.tar'])?.name, 'x.tar');
});

test('binary bodies arrive base64-encoded in __ow_body, byte for byte', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 2000 }),
      fc.constantFrom('image/jpeg', 'application/octet-stream', 'application/pdf'),
      (bytes, type) => {
        const body = Buffer.from(bytes);
        const p = webParams('POST', { 'content-type': type }, '', new Map(), body);
        if (body.length === 0) assert.equal(p['__ow_body'], undefined);
        else assert.deepEqual(Buffer.from(p['__ow_body'] as string, 'base64'), body);
        assert.equal(p['__ow_method'], 'post');
      },
    ),
  );
});

test('text bodies are strings, JSON and form bodies are merged into the parameters, query parameters included', () => {
  const text = webParams(
    'PUT',
    { 'content-type': 'text/plain; charset=utf-8' },
    '/x',
    new Map([['q', '1']]),
    Buffer.from('héllo'),
  );
  assert.equal(text['__ow_body'], 'héllo');
  assert.equal(text['q'], '1');
  assert.equal(text['__ow_path'], '/x');
  assert.deepEqual(text['__ow_headers'], { 'content-type': 'text/plain; charset=utf-8' });
  const json = webParams('POST', { 'content-type': 'application/json' }, '', new Map(), Buffer.from('{"a":1}'));
  assert.equal(json['a'], 1);
  assert.equal(json['__ow_body'], undefined);
  const form = webParams(
    'POST',
    { 'content-type': 'application/x-www-form-urlencoded' },
    '',
    new Map(),
    Buffer.from('a=1&b=two'),
  );
  assert.equal(form['b'], 'two');
  assert.throws(
    () => webParams('POST', { 'content-type': 'application/json' }, '', new Map(), Buffer.from('{bad')),
    /malformed/,
  );
});

test('content types are text or binary', () => {
  for (const t of ['text/html', 'application/json', 'application/ld+json', 'image/svg+xml', 'application/xml'])
    assert.equal(isTextContentType(t), true, t);
  for (const t of ['image/png', 'application/octet-stream', '', 'video/mp4'])
    assert.equal(isTextContentType(t), false, t);
});
