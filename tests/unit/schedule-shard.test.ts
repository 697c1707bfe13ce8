import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { UserError } from '../../src/errors.js';
import { parseShardSpec, shardSchedule } from '../../src/schedule/shard.js';
import type { Schedule } from '../../src/schedule/types.js';

/** A schedule with an extra per-event column, standing in for columns later issues add (e.g. a trace function index). */
type ScheduleWithColumn = Schedule & { readonly extra: Int32Array };

const schedules: fc.Arbitrary<ScheduleWithColumn> = fc
  .tuple(
    fc.integer({ min: 1, max: 6 }),
    fc.array(fc.tuple(fc.double({ min: 0, max: 100, noNaN: true }), fc.nat(), fc.integer()), { maxLength: 300 }),
  )
  .map(([k, events]) => {
    const sorted = [...events].sort((a, b) => a[0] - b[0]);
    return {
      seed: 1,
      durationS: 100,
      instances: Array.from({ length: k }, (_, i) => ({ name: `i${i}`, application: `a${i % 2}` })),
      times: Float64Array.from(sorted, (e) => e[0]),
      instanceIndex: Uint32Array.from(sorted, (e) => e[1] % k),
      extra: Int32Array.from(sorted, (e) => e[2]),
    };
  });

function rows(s: ScheduleWithColumn): string[] {
  return Array.from(s.times, (t, i) => `${t}|${s.instanceIndex[i]}|${s.extra[i]}`);
}

test('the shards are disjoint, their union is the whole schedule, and per-instance counts differ by at most one', () => {
  fc.assert(
    fc.property(schedules, fc.integer({ min: 1, max: 9 }), (s, count) => {
      const parts = Array.from(
        { length: count },
        (_, index) => shardSchedule(s, { index, count }) as ScheduleWithColumn,
      );
      const union: string[] = [];
      for (const p of parts) {
        assert.deepEqual(p.instances, s.instances);
        assert.equal(p.seed, s.seed);
        assert.equal(p.extra.length, p.times.length);
        assert.equal(p.instanceIndex.length, p.times.length);
        // Each part keeps the schedule's order.
        for (let i = 1; i < p.times.length; i++) assert.ok(p.times[i - 1]! <= p.times[i]!);
        union.push(...rows(p));
      }
      // Same multiset of (time, instance, extra) rows: nothing lost, nothing duplicated.
      assert.deepEqual(union.sort(), rows(s).sort());
      for (let inst = 0; inst < s.instances.length; inst++) {
        const counts = parts.map((p) => p.instanceIndex.filter((x) => x === inst).length);
        assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `instance ${inst}: ${counts.join(',')}`);
      }
    }),
  );
});

test('a shard is deterministic and one shard of one is the whole schedule', () => {
  fc.assert(
    fc.property(schedules, fc.integer({ min: 2, max: 5 }), (s, count) => {
      assert.deepEqual(shardSchedule(s, { index: count - 1, count }), shardSchedule(s, { index: count - 1, count }));
      assert.deepEqual(shardSchedule(s, { index: 0, count: 1 }), s);
    }),
  );
});

test('parseShardSpec reads K/N and refuses anything else with a UserError naming --shard', () => {
  assert.deepEqual(parseShardSpec('2/3'), { index: 2, count: 3 });
  assert.deepEqual(parseShardSpec('0/1'), { index: 0, count: 1 });
  for (const bad of ['3/3', '0/0', '-1/2', '1', 'a/b', '1/2/3', '1.5/4', '']) {
    assert.throws(
      () => parseShardSpec(bad),
      (e: unknown) => e instanceof UserError && /--shard/.test(e.message),
      bad,
    );
  }
});
