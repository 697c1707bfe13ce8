import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { iecBytes, parseCgtop, parseCgtopRow } from '../../src/monitor/parsers/cgtop.js';
import { fixture, seriesNamed as get, values } from '../helpers/monitor-fixtures.js';

test('IEC sizes to bytes; `-` is null', () => {
  assert.equal(iecBytes('2.7G'), Math.round(2.7 * 1024 ** 3));
  assert.equal(iecBytes('748.0K'), 748 * 1024);
  assert.equal(iecBytes('512B'), 512);
  assert.equal(iecBytes('369623040'), 369623040);
  assert.equal(iecBytes('-'), null);
});

test('cgroup v1 docker capture with the TTY header: tasks, %CPU, memory per cgroup', () => {
  const s = parseCgtop(fixture('cgtop-v1-docker-tty.out'));
  assert.deepEqual(values(get(s, '/docker tasks')), [20]);
  assert.deepEqual(values(get(s, '/docker %CPU')), [0.8]);
  assert.deepEqual(values(get(s, '/user.slice memory')), [Math.round(126.4 * 1024 ** 2)]);
  assert.deepEqual(values(get(s, '/docker/78d538959124a52801027c8a871c140aea64d6452309fbc88c5071b7351779d7 memory')), [
    Math.round(1.9 * 1024 ** 3),
  ]);
  // Input/s and Output/s are `-` throughout: no series
  assert.ok(!s.some((x) => x.metric.endsWith(' input') || x.metric.endsWith(' output')));
  assert.ok(!s.some((x) => x.metric.startsWith('Control')));
});

test('indented rows with `-` tasks and CPU', () => {
  const s = parseCgtop(fixture('cgtop-indented-dashes.out'));
  assert.ok(!s.some((x) => x.metric === '/ tasks'));
  assert.deepEqual(values(get(s, '/ %CPU')), [13.8]);
  assert.deepEqual(values(get(s, '/docker memory')), [136 * 1024]);
  assert.ok(!s.some((x) => x.metric === '/docker %CPU'));
  assert.deepEqual(values(get(s, '/init.scope tasks')), [1]);
});

test('new header (`CGroup`) and paths without the leading slash are normalised', () => {
  const s = parseCgtop(fixture('cgtop-new-header.out'));
  assert.deepEqual(values(get(s, '/ml.slice/ml-4slots.slice %CPU')), [19.5]);
  assert.deepEqual(values(get(s, '/ input')), [1.5 * 1024 ** 2]);
  assert.deepEqual(values(get(s, '/ output')), [512 * 1024]);
  assert.deepEqual(
    values(get(s, '/system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope input')),
    [512],
  );
});

test('old `\\r \\r` poll separators and new blank lines both split polls', () => {
  const s = parseCgtop(fixture('cgtop-old-cr-separator.out'), { fallbackOriginMs: 42 });
  assert.deepEqual(get(s, '/docker %CPU').points, [
    { t: 0, value: 0.8 },
    { t: 1, value: 1.6 },
  ]);
  assert.equal(s[0]?.origin_ms, 42);
  const real = parseCgtop(fixture('cgtop-real-batch-n2.out'));
  assert.deepEqual(values(get(real, '/ %CPU')), [null, 0.9]);
});

test('Cgtop.sh snapshots: one point per `# t=` snapshot, from its last poll', () => {
  const s = parseCgtop(fixture('cgtop-raw-snapshots.out'), { fallbackOriginMs: 1 });
  assert.equal(s[0]?.origin_ms, 1795736471010);
  assert.deepEqual(get(s, '/system.slice %CPU').points, [
    { t: 0, value: 1.5 },
    { t: 2.01, value: 2.5 },
  ]);
  assert.deepEqual(values(get(s, '/system.slice input')), [1024, 4096]);
  assert.deepEqual(values(get(s, '/system.slice tasks')), [91, 92]);
  const real = parseCgtop(fixture('cgtop-real-script.out'));
  const cpu = get(real, '/ %CPU');
  assert.equal(cpu.points.length, (fixture('cgtop-real-script.out').match(/^# t=/gm) ?? []).length);
  assert.ok(cpu.points.every((p) => p.value !== null));
});

test('property: rows rendered as systemd-cgtop does parse back (paths with or without /, sizes within rounding)', () => {
  const seg = fc.stringMatching(/^[a-z][a-z0-9_.@-]{0,12}$/);
  const row = fc.record({
    path: fc.array(seg, { minLength: 0, maxLength: 3 }),
    slash: fc.boolean(),
    tasks: fc.option(fc.integer({ min: 0, max: 100000 }), { nil: null }),
    cpu: fc.option(
      fc.integer({ min: 0, max: 99999 }).map((v) => v / 10),
      { nil: null },
    ),
    mem: fc.option(fc.integer({ min: 0, max: 2 ** 45 }), { nil: null }),
  });
  const fmt = (b: number): string => {
    const units = ['B', 'K', 'M', 'G', 'T'];
    let u = 0;
    let v = b;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u === 0 ? `${b}B` : `${v.toFixed(1)}${units[u]}`;
  };
  fc.assert(
    fc.property(row, (r) => {
      const path = r.path.length === 0 ? '/' : `${r.slash ? '/' : ''}${r.path.join('/')}`;
      const line = `${path.padEnd(40)} ${r.tasks === null ? '      -' : String(r.tasks).padStart(7)} ${r.cpu === null ? '     -' : r.cpu.toFixed(1).padStart(6)} ${(r.mem === null ? '-' : fmt(r.mem)).padStart(8)}        -        -`;
      const p = parseCgtopRow(line);
      assert.ok(p, line);
      assert.equal(p.path, path.startsWith('/') ? path : `/${path}`);
      assert.equal(p.tasks, r.tasks);
      assert.equal(p.cpuPercent, r.cpu);
      if (r.mem === null) assert.equal(p.memory, null);
      else
        assert.ok(
          Math.abs((p.memory as number) - r.mem) <=
            Math.max(0.05 * 1024 ** Math.floor(Math.log(Math.max(r.mem, 1)) / Math.log(1024)), 0.5) + 1,
          `${r.mem} vs ${p.memory}`,
        );
    }),
  );
});
