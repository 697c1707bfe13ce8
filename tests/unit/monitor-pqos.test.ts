import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePqos } from '../../src/monitor/parsers/pqos.js';
import { fixture, seriesNamed as get, values } from '../helpers/monitor-fixtures.js';

test('pqos -T text: every core its own group, MISSES in thousands, units from the header', () => {
  const s = parsePqos(fixture('pqos-text-top.out'), { host: 'node1' });
  assert.equal(s.length, 5 * 5);
  assert.deepEqual(values(get(s, 'core 10 IPC')), [0.62]);
  assert.deepEqual(values(get(s, 'core 6 LLC misses')), [2000]);
  assert.equal(get(s, 'core 0 LLC occupancy').unit, 'KB');
  assert.deepEqual(values(get(s, 'core 0 LLC occupancy')), [3096]);
  assert.equal(get(s, 'core 9 MBL').unit, 'MB/s');
  assert.ok(s.every((x) => x.host === 'node1' && x.source === 'pqos'));
  assert.equal(s[0]?.origin_ms, new Date(2021, 8, 28, 13, 15, 59).getTime());
});

test('NOTE lines are skipped; TIME blocks give t since the first poll', () => {
  const s = parsePqos(fixture('pqos-text-note.out'));
  const ipc = get(s, 'core 0-5 IPC');
  assert.deepEqual(ipc.points, [
    { t: 0, value: 0.45 },
    { t: 1, value: 0.98 },
  ]);
  assert.deepEqual(values(get(s, 'core 0-5 MBR')), [0, 85.2]);
  assert.deepEqual(values(get(s, 'core 0-5 LLC occupancy')), [160, 7360]);
});

test('a core list truncated to 8 characters stays one label', () => {
  const s = parsePqos(fixture('pqos-text-truncated-cores.out'));
  assert.deepEqual(values(get(s, 'core 0-27,56- LLC misses')), [240787000]);
  assert.deepEqual(values(get(s, 'core 0-27,56- MBL')), [16703.5]);
});

test('old v1.2 layout; polls within one second are spread evenly over it', () => {
  const s = parsePqos(fixture('pqos-text-v1.2.out'));
  assert.deepEqual(get(s, 'core 1 IPC').points, [
    { t: 0, value: 1.1 },
    { t: 0.5, value: 1.2 },
    { t: 1, value: 1.3 },
  ]);
  assert.deepEqual(values(get(s, 'core 0 LLC misses')), [12000, 10000, 8000]);
});

test('PID rows, REFERENCES, LLC[%] and a TTY screen-clear prefix', () => {
  const s = parsePqos(fixture('pqos-text-pid-tty.out'));
  assert.deepEqual(values(get(s, 'pid 1234 core 0-1 LLC references')), [100000]);
  assert.equal(get(s, 'pid 1234 core 0-1 LLC occupancy %').unit, '%');
  assert.deepEqual(values(get(s, 'pid 1234 core 0-1 MBT')), [3]);
});

test('CSV: quoted core lists, raw miss counts, one series per group and column', () => {
  const s = parsePqos(fixture('pqos-csv-telegraf.out'));
  assert.equal(s.length, 2 * 6);
  assert.deepEqual(get(s, 'core 37,44 IPC').points, [
    { t: 0, value: 0.5 },
    { t: 1, value: 0.75 },
  ]);
  assert.deepEqual(values(get(s, 'core 37,44 LLC misses')), [61650, 70000]);
  assert.deepEqual(values(get(s, 'core 0-3 MBT')), [10.5, 11.1]);
  assert.equal(s[0]?.origin_ms, new Date(2020, 7, 12, 13, 34, 36).getTime());
});

test('empty or foreign text gives no series', () => {
  assert.deepEqual(parsePqos(''), []);
  assert.deepEqual(parsePqos('NOTE: nothing here\n'), []);
});

test('property: text and CSV renderings of the same polls parse to the same series', () => {
  const poll = fc.array(
    fc.record({
      ipc: fc.integer({ min: 0, max: 500 }),
      missesK: fc.integer({ min: 0, max: 99_999 }),
      llc: fc.integer({ min: 0, max: 999_999 }),
    }),
    { minLength: 1, maxLength: 4 },
  );
  fc.assert(
    fc.property(
      fc.array(poll, { minLength: 1, maxLength: 5 }).filter((ps) => ps.every((p) => p.length === ps[0]!.length)),
      (polls) => {
        const time = (i: number) => `2024-01-08 15:30:${String(i + 10).padStart(2, '0')}`;
        const text = polls
          .map((rows, i) =>
            [
              `TIME ${time(i)}`,
              '    CORE         IPC      MISSES     LLC[KB]',
              ...rows.map(
                (r, c) =>
                  `${String(c).padStart(8)}${(r.ipc / 100).toFixed(2).padStart(12)}${`${r.missesK}k`.padStart(12)}${(r.llc / 10).toFixed(1).padStart(12)}`,
              ),
            ].join('\n'),
          )
          .join('\n\n');
        const csv = [
          'Time,Core,IPC,LLC Misses,LLC[KB]',
          ...polls.flatMap((rows, i) =>
            rows.map(
              (r, c) => `${time(i)},"${c}",${(r.ipc / 100).toFixed(2)},${r.missesK * 1000},${(r.llc / 10).toFixed(1)}`,
            ),
          ),
        ].join('\n');
        const a = parsePqos(text);
        assert.deepEqual(parsePqos(csv), a);
        assert.equal(a.length, polls[0]!.length * 3);
      },
    ),
  );
});
