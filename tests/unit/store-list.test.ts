import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { listActivations } from '../../src/platform/store/list.js';
import { StartIndex, type IndexEntry } from '../../src/platform/store/start-index.js';
import { syntheticActivation } from '../../src/platform/store/synthetic.js';
import type { ActivationQuery, StoredActivation } from '../../src/platform/store/types.js';

const T0 = 1_000_000;

/** Newest first by (start, _id) over every document, the queued version of an id winning. */
function expected(q: ActivationQuery, written: StoredActivation[], queued: StoredActivation[]): string[] {
  const byId = new Map<string, StoredActivation>();
  for (const d of [...written, ...queued]) byId.set(d._id, d);
  return [...byId.values()]
    .filter((d) => d.namespace === q.namespace)
    .filter((d) => q.since === undefined || d.start >= q.since)
    .filter((d) => q.upto === undefined || d.start <= q.upto)
    .filter(
      (d) =>
        q.name === undefined ||
        d.name === q.name ||
        d.annotations.some((a) => a.key === 'path' && String(a.value).split('/').slice(1).join('/') === q.name),
    )
    .sort((a, b) => (a.start !== b.start ? b.start - a.start : a._id < b._id ? 1 : -1))
    .slice(q.skip, q.skip + q.limit)
    .map((d) => `${d._id}@${d.start}`);
}

test('list merges written and queued activations, newest first, with every filter', async () => {
  const docArb = fc
    .record({
      i: fc.integer({ min: 0, max: 30 }),
      start: fc.integer({ min: 0, max: 10 }),
      ns: fc.constantFrom('guest', 'alice'),
      action: fc.constantFrom('hello', 'pkg/echo'),
    })
    .map(({ i, start, ns, action }) => ({
      ...syntheticActivation(i, { namespace: ns, actions: [action] }),
      start: T0 + start,
    }));
  const queryArb = fc.record({
    namespace: fc.constantFrom('guest', 'alice'),
    name: fc.option(fc.constantFrom('hello', 'echo', 'pkg/echo', 'nope'), { nil: undefined }),
    since: fc.option(
      fc.integer({ min: 0, max: 10 }).map((s) => T0 + s),
      { nil: undefined },
    ),
    upto: fc.option(
      fc.integer({ min: 0, max: 10 }).map((s) => T0 + s),
      { nil: undefined },
    ),
    skip: fc.integer({ min: 0, max: 5 }),
    limit: fc.integer({ min: 0, max: 8 }),
  });
  await fc.assert(
    fc.asyncProperty(
      fc.array(docArb, { maxLength: 25 }),
      fc.array(docArb, { maxLength: 8 }),
      queryArb,
      async (written, queued, q) => {
        const index = new StartIndex();
        const stored = new Map<string, StoredActivation>();
        for (const d of written) {
          index.upsert(d, undefined);
          stored.set(d._id, d);
        }
        const queue = new Map(queued.map((d) => [d._id, d]));
        const load = async (entries: IndexEntry[]) => entries.map((e) => stored.get(e.id));
        const got = await listActivations(q, index, queue.values(), load);
        assert.deepEqual(
          got.map((d) => `${d._id}@${d.start}`),
          expected(q, [...stored.values()], [...queue.values()]),
        );
      },
    ),
    { numRuns: 300 },
  );
});
