import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSince } from '../../src/compare/since.js';

test('parseSince takes whole epoch milliseconds', () => {
  assert.equal(parseSince('1709622540000'), 1709622540000);
  assert.equal(parseSince(' 0 '), 0);
});

test('parseSince takes ISO dates, UTC unless zoned', () => {
  assert.equal(parseSince('2024-03-05'), Date.UTC(2024, 2, 5));
  assert.equal(parseSince('2024-03-05T07:09'), Date.UTC(2024, 2, 5, 7, 9));
  assert.equal(parseSince('2024-03-05 07:09:30'), Date.UTC(2024, 2, 5, 7, 9, 30));
  assert.equal(parseSince('2024-03-05T07:09:30.250Z'), Date.UTC(2024, 2, 5, 7, 9, 30, 250));
  assert.equal(parseSince('2024-03-05T09:09+02:00'), Date.UTC(2024, 2, 5, 7, 9));
});

test('parseSince rejects fractions, negatives, words and impossible dates with one line naming the flag', () => {
  for (const bad of ['1.5', '-1', '1e12', 'yesterday', '', '2024-13-45', '99999999999999999999']) {
    assert.throws(
      () => parseSince(bad),
      (err: Error) => err.message.startsWith('-s/--since expects') && err.message.includes(`"${bad}"`),
      bad,
    );
  }
});
