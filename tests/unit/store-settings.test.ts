import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError, UserErrors } from '../../src/errors.js';
import { parseStoreSettings } from '../../src/platform/store/settings.js';
import { parseBasicAuth } from '../../src/platform/store/auth.js';

test('store.json: valid settings parse; each bad field is named with the file', () => {
  assert.deepEqual(parseStoreSettings('{"dbName":"d","user":"u","password":"p"}', 'x/store.json'), {
    dbName: 'd',
    user: 'u',
    password: 'p',
  });
  assert.throws(
    () => parseStoreSettings('{', 'x/store.json'),
    (e: unknown) => e instanceof UserError && e.message === 'x/store.json: not valid JSON',
  );
  assert.throws(() => parseStoreSettings('[]', 'x/store.json'), UserError);
  assert.throws(
    () => parseStoreSettings('{"dbName":"d","user":3}', 'x/store.json'),
    (e: unknown) => {
      assert.ok(e instanceof UserErrors);
      assert.deepEqual(e.lines, [
        'x/store.json: field "user" must be a non-empty string',
        'x/store.json: field "password" must be a non-empty string',
      ]);
      return true;
    },
  );
});

test('basic auth header parsing', () => {
  const header = `Basic ${Buffer.from('whisk_admin:pa:ss').toString('base64')}`;
  assert.deepEqual(parseBasicAuth(header), { user: 'whisk_admin', password: 'pa:ss' });
  assert.equal(parseBasicAuth(undefined), undefined);
  assert.equal(parseBasicAuth('Bearer abc'), undefined);
  assert.equal(parseBasicAuth(`Basic ${Buffer.from('nocolon').toString('base64')}`), undefined);
});
