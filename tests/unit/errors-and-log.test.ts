import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError, UserErrors, isUserError } from '../../src/errors.js';
import { redactUrl } from '../../src/log.js';

test('redactUrl removes user and password from URLs', () => {
  assert.equal(redactUrl('http://whisk_admin:some_passw0rd@127.0.0.1:5984/db'), 'http://127.0.0.1:5984/db');
  assert.equal(redactUrl('https://host:31001/api/v1'), 'https://host:31001/api/v1');
});

test('redactUrl still strips credentials from strings that are not valid URLs', () => {
  assert.equal(redactUrl('//user:secret@host bad url'), '//host bad url');
});

test('UserErrors carries one line per problem and the exit code', () => {
  const err = new UserErrors(['a: bad', 'b: worse']);
  assert.ok(isUserError(err));
  assert.deepEqual(err.lines, ['a: bad', 'b: worse']);
  assert.equal(err.exitCode, 2);
  assert.equal(new UserError('x', 3).exitCode, 3);
  assert.equal(isUserError(new Error('plain')), false);
});
