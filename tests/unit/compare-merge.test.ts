import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ArchiveFile } from '../../src/archive/read.js';
import type { ArchiveV1 } from '../../src/archive/types.js';
import {
  applicationInfo,
  compareArchives,
  labelRuns,
  mergeMonitoring,
  mergePerf,
  mergeStats,
} from '../../src/compare/index.js';
import { makeArchive } from '../fixtures/archives/make.js';

const T0 = Date.UTC(2024, 2, 5, 7, 0);
const file = (archive: ArchiveV1, name = `${archive.test_name}.json`): ArchiveFile => ({
  path: `/archives/${name}`,
  archive,
});

test('start_rel_s is start minus the earliest start of the same test and application, in seconds', () => {
  const a = makeArchive({
    testName: 'mix_10ps',
    createdMs: T0,
    functions: [
      { name: 'f', rate: 10, count: 20 },
      { name: 'g', rate: 4, count: 8 },
    ],
  });
  // Shuffle so the merge must sort, and shift g so its first start differs from f's.
  const acts = [...a.activations]
    .reverse()
    .map((x) => (x.func_name === 'g' ? { ...x, start: x.start + 777, end: x.end + 777 } : x));
  const b = makeArchive({
    testName: 'other_10ps',
    createdMs: T0 + 1,
    sinceMs: T0 + 3_600_000,
    functions: [{ name: 'f', rate: 10, count: 5 }],
  });
  const rows = mergePerf(labelRuns([file({ ...a, activations: acts }), file(b)]));
  assert.equal(rows.length, 33);
  for (const [test, fn] of [
    ['mix_10ps', 'f'],
    ['mix_10ps', 'g'],
    ['other_10ps', 'f'],
  ] as const) {
    const mine = rows.filter((r) => r.test === test && r.func_name === fn);
    const first = Math.min(...mine.map((r) => r.start));
    assert.equal(mine[0]!.start_rel_s, 0, `${test}/${fn} starts at 0`);
    for (const r of mine) assert.ok(Math.abs(r.start_rel_s - (r.start - first) / 1000) < 1e-9);
    // Sorted by start within the run.
    for (let i = 1; i < mine.length; i++) assert.ok(mine[i]!.start >= mine[i - 1]!.start);
  }
  // Runs keep archive order.
  assert.deepEqual([...new Set(rows.map((r) => r.test))], ['mix_10ps', 'other_10ps']);
});

test('relative starts are never negative and keep the order of starts (property)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ f: fc.constantFrom('a', 'b', 'c'), start: fc.integer({ min: 0, max: 10 ** 7 }) }), {
        minLength: 1,
        maxLength: 60,
      }),
      (specs) => {
        const base = makeArchive({ testName: 't', createdMs: T0, functions: [{ name: 'a', rate: 1, count: 1 }] });
        const tmpl = base.activations[0]!;
        const acts = specs.map((s, i) => ({
          ...tmpl,
          activationId: `id${i}`,
          func_name: s.f,
          start: T0 + s.start,
          end: T0 + s.start + 5,
        }));
        const rows = mergePerf(labelRuns([file({ ...base, activations: acts })]));
        assert.equal(rows.length, specs.length);
        for (const fn of ['a', 'b', 'c']) {
          const mine = specs.filter((s) => s.f === fn).map((s) => s.start);
          if (mine.length === 0) continue;
          const min = Math.min(...mine);
          const rel = rows.filter((r) => r.func_name === fn).map((r) => r.start_rel_s);
          assert.deepEqual(
            rel,
            mine.sort((x, y) => x - y).map((s) => (s - min) / 1000),
          );
        }
      },
    ),
  );
});

test('labelRuns keeps unique test names and disambiguates repeats by archive file', () => {
  const mk = (name: string, t: number) =>
    makeArchive({ testName: name, createdMs: t, functions: [{ name: 'f', rate: 1, count: 1 }] });
  const runs = labelRuns([
    file(mk('a_5ps', T0), '2024_03_05_07_00_a_5ps.json'),
    file(mk('b', T0), 'b.json'),
    file(mk('a_5ps', T0 + 60_000), '2024_03_05_07_01_a_5ps.json'),
  ]);
  assert.deepEqual(
    runs.map((r) => r.test),
    ['a_5ps@2024_03_05_07_00_a_5ps', 'b', 'a_5ps@2024_03_05_07_01_a_5ps'],
  );
  assert.deepEqual(
    runs.map((r) => r.category),
    ['a', 'b', 'a'],
  );
});

test('applicationInfo reads distributions and rates from the archived config, preferring archived rates', () => {
  const a = makeArchive({ testName: 't', createdMs: T0, functions: [{ name: 'f', rate: 10, count: 2 }] });
  const config = {
    instances: {
      i1: { application: 'f', distribution: 'Poisson', rate: 3 },
      i2: { application: 'pkg/g', distribution: 'Uniform', rate: 2 },
      i3: { application: '/guest/pkg/g', distribution: 'Poisson', rate: 5 },
      i4: { application: 'h', interarrivals_list: [1, 2] },
    },
  };
  const info = applicationInfo({ ...a, config });
  assert.deepEqual(info.get('f'), { distribution: 'Poisson', rate: 10 }); // archived FunctionSummary rate wins
  assert.deepEqual(info.get('g'), { distribution: 'Poisson+Uniform', rate: 7 });
  assert.deepEqual(info.get('h'), { distribution: 'trace', rate: null });
  // No config at all (FaaSProfiler-era archives may carry null): rates from the functions only.
  assert.deepEqual(applicationInfo({ ...a, config: null }).get('f'), { distribution: null, rate: 10 });
});

test('mergeStats flattens every FunctionSummary metric with its test and category', () => {
  const a = makeArchive({
    testName: 'x_20ps',
    createdMs: T0,
    functions: [
      { name: 'f', rate: 20, count: 30 },
      { name: 'g', rate: 5, count: 10, coldEvery: 2 },
    ],
  });
  const rows = mergeStats(labelRuns([file(a)]));
  assert.equal(rows.length, 2);
  const g = rows.find((r) => r.func_name === 'g')!;
  const src = a.functions.find((f) => f.func_name === 'g')!;
  assert.equal(g.test, 'x_20ps');
  assert.equal(g.category, 'x');
  assert.equal(g.cold, 5);
  assert.equal(g.latency_p99, src.latency.p99);
  assert.equal(g.initTime_mean, src.initTime.mean);
  assert.equal(g.waitTime_max, src.waitTime.max);
  assert.equal(g.execution_std, src.execution.std);
});

test('mergeMonitoring flattens points and places them on the test clock when the origin is known', () => {
  const a = makeArchive({
    testName: 'm',
    createdMs: T0,
    sinceMs: T0 - 10_000,
    functions: [{ name: 'f', rate: 1, count: 1 }],
    monitoring: [
      {
        source: 'perf',
        host: 'local',
        metric: 'cycles',
        unit: null,
        origin_ms: T0 - 8_000,
        points: [
          { t: 0.5, value: 10 },
          { t: 1.5, value: null },
        ],
      },
      {
        source: 'cgtop',
        host: 'inv0',
        metric: '/ memory',
        unit: 'bytes',
        origin_ms: null,
        points: [{ t: 3, value: 7 }],
      },
    ],
  });
  const rows = mergeMonitoring(labelRuns([file(a)]));
  assert.deepEqual(
    rows.map((r) => [r.test, r.metric, r.t, r.t_test_s, r.value]),
    [
      ['m', 'cycles', 0.5, 2.5, 10],
      ['m', 'cycles', 1.5, 3.5, null],
      ['m', '/ memory', 3, null, 7],
    ],
  );
});

test('compareArchives builds every table with one summary per archive', () => {
  const files = [1, 2, 3].map((i) =>
    file(
      makeArchive({
        testName: `t_${i * 10}ps`,
        createdMs: T0 + i,
        functions: [{ name: 'f', rate: i * 10, count: i * 7 }],
      }),
    ),
  );
  const cmp = compareArchives(files);
  assert.equal(cmp.runs.length, 3);
  assert.deepEqual(
    cmp.tests.map((t) => t.count),
    [7, 14, 21],
  );
  assert.equal(cmp.perf.length, 42);
  assert.equal(cmp.stats.length, 3);
  assert.deepEqual([...new Set(cmp.tests.map((t) => t.category))], ['t']);
});

test('mergePerf with a limit yields exactly the first rows of the full table', () => {
  const files = [1, 2].map((i) =>
    file(
      makeArchive({
        testName: `t${i}`,
        createdMs: T0 + i,
        functions: [
          { name: 'f', rate: 5, count: 4 },
          { name: 'g', rate: 5, count: 3 },
        ],
      }),
    ),
  );
  const runs = labelRuns(files);
  const full = mergePerf(runs);
  for (const limit of [0, 1, 6, 7, 8, 14, 100])
    assert.deepEqual(mergePerf(runs, limit), full.slice(0, limit), `limit ${limit}`);
});
