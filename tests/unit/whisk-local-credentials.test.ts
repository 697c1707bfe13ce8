import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWhiskLocalCredentials } from '../../src/config/whisk-local-credentials.js';
import { isLoopbackHost } from '../../src/platform/whisk-local.js';
import { sameSecret, newApiKey, newPassword } from '../../src/platform/secrets.js';

test('isLoopbackHost: only addresses this machine alone can reach', () => {
  for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])
    assert.equal(isLoopbackHost(h), true, h);
  for (const h of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.5', 'example.com', '128.0.0.1', '127.0.0.1.evil'])
    assert.equal(isLoopbackHost(h), false, h);
});

test('parseWhiskLocalCredentials: names the file and the first bad field', () => {
  const good = {
    api_url: 'http://127.0.0.1:3233',
    auth: 'a:b',
    namespace: 'guest',
    db_url: 'http://u:p@127.0.0.1:5984',
    db_name: 'whisk_local_activations',
  };
  assert.deepEqual(parseWhiskLocalCredentials(JSON.stringify({ ...good, extra: 1 }), 'c.json'), good);
  assert.throws(() => parseWhiskLocalCredentials('{', 'c.json'), /^UserError: c\.json: not valid JSON/);
  assert.throws(() => parseWhiskLocalCredentials('[]', 'c.json'), /c\.json: expected a JSON object/);
  assert.throws(
    () => parseWhiskLocalCredentials(JSON.stringify({ ...good, auth: 3 }), 'c.json'),
    /c\.json: field "auth" must be a non-empty string/,
  );
  assert.throws(
    () => parseWhiskLocalCredentials(JSON.stringify({ ...good, db_url: 'not a url' }), 'c.json'),
    /c\.json: field "db_url" is not a URL/,
  );
});

test('generated secrets are fresh and well-formed; sameSecret compares whole strings', () => {
  const keys = new Set(Array.from({ length: 50 }, newApiKey));
  assert.equal(keys.size, 50);
  for (const k of keys) assert.match(k, /^[0-9a-f-]{36}:[A-Za-z0-9_-]{64}$/);
  assert.match(newPassword(), /^[A-Za-z0-9_-]{32}$/);
  assert.equal(sameSecret('abc', 'abc'), true);
  assert.equal(sameSecret('abc', 'abd'), false);
  assert.equal(sameSecret('abc', 'abcd'), false);
  assert.equal(sameSecret('', ''), true);
});
