import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveCouch } from '../../src/activations/couch-settings.js';
import { storeError } from '../../src/activations/couchdb.js';

const store = { url: 'http://127.0.0.1:4321', db_name: 'embedded_db', user: 'meta_user', embedded_data_dir: '/data' };

test('flags beat environment, which beats the run metadata, which beats the defaults', () => {
  const env = {
    COUCHDB_URL: 'http://env-host:5984',
    ACTIVATIONS_DB: 'env_db',
    COUCHDB_USER: 'env_user',
    COUCHDB_PASSWORD: 'env_pw',
  };
  const flags = resolveCouch({ dbUrl: 'http://flag-host:1', dbName: 'flag_db', dbUser: 'flag_user' }, env, store);
  assert.deepEqual(flags.conn, { url: 'http://flag-host:1', dbName: 'flag_db', user: 'flag_user', password: 'env_pw' });
  assert.equal(flags.urlFrom, '--db-url');
  assert.equal(flags.embeddedDataDir, null);
  const fromEnv = resolveCouch({}, env, store);
  assert.deepEqual(fromEnv.conn, {
    url: 'http://env-host:5984',
    dbName: 'env_db',
    user: 'env_user',
    password: 'env_pw',
  });
  const fromMeta = resolveCouch({}, {}, store);
  assert.deepEqual(fromMeta.conn, {
    url: 'http://127.0.0.1:4321',
    dbName: 'embedded_db',
    user: 'meta_user',
    password: null,
  });
  assert.equal(fromMeta.embeddedDataDir, '/data');
  const defaults = resolveCouch({}, {}, null);
  assert.deepEqual(defaults.conn, {
    url: 'http://127.0.0.1:5984',
    dbName: 'whisk_local_activations',
    user: null,
    password: null,
  });
});

test("credentials in the URL are taken out of it; a password alone implies OpenWhisk's default admin", () => {
  const r = resolveCouch({ dbUrl: 'http://ad%40min:p%3Ass@couch:5984/' }, { COUCHDB_PASSWORD: 'other' }, null);
  assert.deepEqual(r.conn, {
    url: 'http://couch:5984',
    dbName: 'whisk_local_activations',
    user: 'ad@min',
    password: 'p:ss',
  });
  assert.equal(resolveCouch({}, { COUCHDB_PASSWORD: 'pw' }, null).conn.user, 'whisk_admin');
  // Empty environment values count as unset.
  assert.equal(resolveCouch({}, { COUCHDB_URL: '', ACTIVATIONS_DB: ' ' }, null).conn.dbName, 'whisk_local_activations');
});

test('store errors are one line that names the URL without the password, and the database', () => {
  const conn = { url: 'http://127.0.0.1:5984', dbName: 'acts', user: 'whisk_admin', password: 'secret' };
  const unauthorized = storeError(
    conn,
    Object.assign(new Error('x'), { statusCode: 401, reason: 'Name or password is incorrect.' }),
  );
  assert.match(
    unauthorized.message,
    /^the activation store at http:\/\/127\.0\.0\.1:5984\/acts refused user "whisk_admin" \(HTTP 401/,
  );
  const missing = storeError(conn, Object.assign(new Error('x'), { statusCode: 404, error: 'not_found' }));
  assert.match(missing.message, /database "acts" does not exist .*test_activations/);
  const socket = storeError(
    conn,
    new Error('error happened in your connection. Reason: Error: connect ECONNREFUSED 127.0.0.1:5984'),
  );
  assert.equal(
    socket.message,
    'cannot reach the activation store at http://127.0.0.1:5984/ (connect ECONNREFUSED 127.0.0.1:5984); check --db-url or COUCHDB_URL',
  );
  for (const e of [unauthorized, missing, socket]) {
    assert.doesNotMatch(e.message, /secret|\n/);
    assert.equal(e.exitCode, 3);
  }
});
