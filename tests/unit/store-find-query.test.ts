import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  DEFAULT_FIND_LIMIT,
  FindRequestError,
  decodeOffsetBookmark,
  encodeKeyBookmark,
  encodeOffsetBookmark,
  matchesEquals,
  planFastFind,
  project,
} from '../../src/platform/store/find-query.js';

test('range selectors on start take the fast path with CouchDB defaults', () => {
  const plan = planFastFind({ selector: { start: { $gte: 10 } } })!;
  assert.deepEqual(plan.from, { value: 10, inclusive: true });
  assert.equal(plan.to, undefined);
  assert.equal(plan.limit, DEFAULT_FIND_LIMIT);
  assert.equal(plan.skip, 0);
  assert.equal(plan.after, undefined);
  const both = planFastFind({
    selector: { start: { $gt: 10, $gte: 10, $lt: 20 }, 'response.statusCode': 0 },
    sort: [{ start: 'asc' }],
    limit: 5000,
  })!;
  assert.deepEqual(both.from, { value: 10, inclusive: false });
  assert.deepEqual(both.to, { value: 20, inclusive: false });
  assert.deepEqual(both.equals, [{ path: ['response', 'statusCode'], value: 0 }]);
  assert.equal(both.limit, 5000);
  assert.deepEqual(planFastFind({ selector: { start: 7 }, sort: ['start'] })!.to, { value: 7, inclusive: true });
  assert.equal(planFastFind({ selector: { start: 7 }, sort: ['start'] })!.descending, false);
  assert.equal(planFastFind({ selector: { start: { $gt: 0 } }, sort: [{ start: 'desc' }] })!.descending, true);
});

test('other shapes go to pouchdb-find', () => {
  for (const body of [
    { selector: { name: 'x' } },
    { selector: { start: { $gte: 1 } }, sort: [{ start: 'up' }] },
    { selector: { start: { $gte: 1 } }, sort: [{ start: 'asc' }, { _id: 'asc' }] },
    { selector: { start: { $gte: 1 } }, sort: [{ end: 'asc' }] },
    { selector: { start: { $in: [1, 2] } } },
    { selector: { start: { $gte: '1' } } },
    { selector: { start: {} } },
    { selector: { start: { $gte: 1 }, $or: [{ a: 1 }] } },
    { selector: { start: { $gte: 1 }, name: { $ne: 'x' } } },
    { selector: { start: { $gte: 1 } }, fields: 'start' },
    { selector: { start: { $gte: 1 } }, conflicts: true },
    { selector: { start: { $gte: 1 } }, unknown_option: 1 },
  ]) {
    assert.equal(planFastFind(body), undefined, JSON.stringify(body));
  }
});

test("CouchDB's request errors", () => {
  const code = (body: unknown) => {
    try {
      planFastFind(body);
      return 'none';
    } catch (err) {
      assert.ok(err instanceof FindRequestError);
      return `${err.status} ${err.error}`;
    }
  };
  assert.equal(code({}), '400 missing_required_key');
  assert.equal(code({ selector: [] }), '400 invalid_selector_json');
  assert.equal(code({ selector: {}, limit: -1 }), '400 bad_request');
  assert.equal(code({ selector: { start: { $gte: 0 } }, bookmark: 'garbage!' }), '400 invalid_bookmark');
  assert.equal(code({ selector: { start: { $gte: 0 } }, bookmark: 'nil' }), 'none');
});

test('key bookmarks round-trip through the plan', () => {
  fc.assert(
    fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string(), (start, id) => {
      const plan = planFastFind({ selector: { start: { $gte: 0 } }, bookmark: encodeKeyBookmark({ start, id }) })!;
      assert.deepEqual(plan.after, { start: Object.is(start, -0) ? 0 : start, id });
    }),
  );
});

test('offset bookmarks round-trip and reject garbage', () => {
  fc.assert(fc.property(fc.nat(), (n) => assert.equal(decodeOffsetBookmark(encodeOffsetBookmark(n)), n)));
  assert.equal(decodeOffsetBookmark(undefined), 0);
  assert.throws(() => decodeOffsetBookmark(encodeKeyBookmark({ start: 1, id: 'x' })), FindRequestError);
});

test('projection keeps requested (dotted) fields only; equality compares exact values', () => {
  const doc = { _id: 'a', start: 3, response: { statusCode: 1, result: { x: 1 } }, name: 'n' };
  assert.deepEqual(project(doc, [['_id'], ['response', 'statusCode'], ['missing']]), {
    _id: 'a',
    response: { statusCode: 1 },
  });
  assert.ok(
    matchesEquals(doc, [
      { path: ['response', 'statusCode'], value: 1 },
      { path: ['name'], value: 'n' },
    ]),
  );
  assert.equal(matchesEquals(doc, [{ path: ['response', 'statusCode'], value: '1' }]), false);
  assert.equal(matchesEquals(doc, [{ path: ['nope'], value: null }]), false);
});
