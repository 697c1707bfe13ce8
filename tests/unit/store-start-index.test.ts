import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { StartIndex, compareKeys, pathNameOf } from '../../src/platform/store/start-index.js';

type Op = { kind: 'upsert'; id: string; start: number } | { kind: 'remove'; id: string };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('upsert' as const),
    id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
    start: fc.integer({ min: 0, max: 5 }),
  }),
  fc.record({ kind: fc.constant('remove' as const), id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f') }),
);

function entries(index: StartIndex): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (let i = 0; i < index.size; i++) out.push([index.at(i).start, index.at(i).id]);
  return out;
}

test('the index always equals the sorted (start, _id) pairs of the live documents', () => {
  fc.assert(
    fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
      const index = new StartIndex();
      const model = new Map<string, number>();
      for (const op of ops) {
        if (op.kind === 'upsert') {
          index.upsert({ _id: op.id, start: op.start }, undefined);
          model.set(op.id, op.start);
        } else {
          index.remove(op.id);
          model.delete(op.id);
        }
      }
      const expected = [...model]
        .map(([id, start]) => [start, id] as [number, string])
        .sort((x, y) => compareKeys(x[0], x[1], y[0], y[1]));
      assert.deepEqual(entries(index), expected);
    }),
  );
});

test('append + sort agrees with one-by-one upserts', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 3 }), fc.integer({ min: -3, max: 3 }))),
      (pairs) => {
        const a = new StartIndex();
        const b = new StartIndex();
        for (const [id, start] of pairs) a.upsert({ _id: id, start }, undefined);
        for (const [id, start] of pairs) b.append({ _id: id, start }, undefined);
        b.sort();
        assert.deepEqual(entries(b), entries(a));
      },
    ),
  );
});

test('bounds: firstWithStart, firstAfter and lowerBound', () => {
  const index = new StartIndex();
  for (const [k, start] of [5, 2, 2, 1, 2].entries()) index.append({ _id: `id${k}`, start }, undefined);
  index.sort();
  assert.equal(index.firstWithStart(2, true), 1);
  assert.equal(index.firstWithStart(2, false), 4);
  assert.equal(index.firstWithStart(6, true), 5);
  assert.equal(index.firstAfter(2, 'id2'), 3);
  assert.equal(index.lowerBound(2, 'id2'), 2);
  assert.equal(index.firstAfter(0, 'zzz'), 0);
});

test('documents without a numeric start are not indexed; odd starts make the index inexact', () => {
  const index = new StartIndex();
  index.upsert({ _id: '_design/x', views: {} }, undefined);
  assert.equal(index.size, 0);
  assert.ok(index.exact);
  index.upsert({ _id: 'odd', start: '12' }, undefined);
  assert.equal(index.size, 0);
  assert.equal(index.exact, false);
  index.upsert({ _id: 'odd', start: 12 }, undefined);
  assert.ok(index.exact);
  assert.equal(index.size, 1);
});

test("activation fields for list: namespace, name and the path annotation's pkg/action", () => {
  const index = new StartIndex();
  index.upsert(
    {
      _id: 'guest/1',
      entityType: 'activation',
      namespace: 'guest',
      name: 'echo',
      start: 1,
      annotations: [{ key: 'path', value: 'guest/tools/echo' }],
    },
    '{}',
  );
  const e = index.get('guest/1')!;
  assert.deepEqual([e.namespace, e.name, e.pathName, e.json], ['guest', 'echo', 'tools/echo', '{}']);
  assert.equal(pathNameOf([{ key: 'path', value: 'ns/action' }]), 'action');
  assert.equal(pathNameOf([{ key: 'kind', value: 'nodejs:20' }]), undefined);
  assert.equal(pathNameOf('nope'), undefined);
});
