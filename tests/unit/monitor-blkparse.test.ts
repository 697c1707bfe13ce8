import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseBlkEvent, parseBlkparse } from '../../src/monitor/parsers/blkparse.js';
import type { MonitorSeries } from '../../src/monitor/types.js';
import { fixture, seriesNamed as get } from '../helpers/monitor-fixtures.js';

const at = (s: MonitorSeries, t: number) => s.points.find((p) => p.t === t)?.value;

test('event lines: remaps, plugs, unplugs with counts, and completions with or without a size', () => {
  assert.deepEqual(parseBlkEvent('253,0    0      388     7.239941694   291  A  WS 7929720 + 8 <- (253,1) 7927672'), {
    device: '253,0',
    time: 7.239941694,
    action: 'A',
    rwbs: 'WS',
    sector: 7929720,
    sectors: 8,
  });
  assert.deepEqual(parseBlkEvent('253,0    0      391     7.239943816   291 UT   N [jbd2/vda1-8] 1'), {
    device: '253,0',
    time: 7.239943816,
    action: 'UT',
    rwbs: 'N',
    sector: null,
    sectors: null,
  });
  assert.deepEqual(parseBlkEvent('253,0    0      400     7.242084868     0  C  WS 7929728 [0]'), {
    device: '253,0',
    time: 7.242084868,
    action: 'C',
    rwbs: 'WS',
    sector: 7929728,
    sectors: null,
  });
  assert.equal(parseBlkEvent(' Reads Queued:           0,        0KiB  Writes Queued:          87,      348KiB'), null);
  assert.equal(parseBlkEvent('...'), null);
});

test('wide PIDs shift columns: fields are split on whitespace, not sliced', () => {
  const e = parseBlkEvent('  8,80   1   126287   121.239531175     0  C  WS 1457344 + 16 [0]');
  assert.equal(e?.sectors, 16);
  const wide = parseBlkEvent('  8,80   1   126286   121.238934424 3328328  D  WS 1457344 + 16 [fio]');
  assert.deepEqual([wide?.action, wide?.rwbs, wide?.sector], ['D', 'WS', 1457344]);
  const s = parseBlkparse(fixture('blkparse-fio-wide-pid.out'));
  assert.equal(at(get(s, '8,80 writes completed'), 121), 1);
  assert.equal(at(get(s, '8,80 write bytes'), 121), 16 * 512);
});

test('CentOS sample: per-second completions (size from the dispatch when the completion has none) and the Total block', () => {
  const s = parseBlkparse(fixture('blkparse-centos.out'), { host: 'node2', fallbackOriginMs: 5000 });
  assert.equal(at(get(s, '253,0 writes completed'), 7), 2);
  assert.equal(at(get(s, '253,0 write bytes'), 7), (16 + 8) * 512);
  assert.equal(at(get(s, '253,0 reads completed'), 7), 0);
  assert.equal(get(s, '253,0 writes completed').points.length, 8); // seconds 0..7 since the trace started
  assert.deepEqual(
    get(s, 'Total (myvda) Writes Queued').points.map((p) => p.value),
    [153],
  );
  assert.deepEqual(
    get(s, 'Total (myvda) Writes Queued bytes').points.map((p) => p.value),
    [640 * 1024],
  );
  assert.deepEqual(
    get(s, 'Total (myvda) Write Merges bytes').points.map((p) => p.value),
    [392 * 1024],
  );
  assert.deepEqual(
    get(s, 'Total (myvda) Timer unplugs').points.map((p) => p.value),
    [33],
  );
  assert.deepEqual(
    get(s, 'Throughput write').points.map((p) => p.value),
    [88 * 1024],
  );
  assert.deepEqual(
    get(s, 'Events (myvda)').points.map((p) => p.value),
    [690],
  );
  // per-CPU blocks are not totals
  assert.ok(!s.some((x) => x.metric.startsWith('CPU0')));
  assert.ok(s.every((x) => x.host === 'node2' && x.origin_ms === 5000 && x.source === 'blktrace'));
});

test('fio summary: thousands separators and MiB', () => {
  const s = parseBlkparse(fixture('blkparse-fio-summary.out'));
  assert.deepEqual(
    get(s, 'Total (8,80) Writes Queued').points.map((p) => p.value),
    [143304],
  );
  assert.deepEqual(
    get(s, 'Total (8,80) Writes Queued bytes').points.map((p) => p.value),
    [1146 * 1024 ** 2],
  );
  assert.deepEqual(
    get(s, 'Total (8,80) IO unplugs').points.map((p) => p.value),
    [71652],
  );
  assert.deepEqual(
    get(s, 'Throughput write').points.map((p) => p.value),
    [9119 * 1024],
  );
  assert.deepEqual(
    get(s, 'Events (8,80)').points.map((p) => p.value),
    [1002880],
  );
  assert.equal(at(get(s, '8,80 reads completed'), 121), 1);
  assert.equal(at(get(s, '8,80 read bytes'), 121), 8 * 512);
});

test('our `# t=` line gives the origin', () => {
  const s = parseBlkparse(`# t=1700000000123\n${fixture('blkparse-fio-wide-pid.out')}`, { fallbackOriginMs: 1 });
  assert.equal(s[0]?.origin_ms, 1700000000123);
});

test('property: per-second counts and bytes add up to the completions generated', () => {
  const io = fc.record({
    time: fc.integer({ min: 0, max: 5_000_000 }),
    write: fc.boolean(),
    sectors: fc.integer({ min: 1, max: 2048 }),
    sized: fc.boolean(),
  });
  fc.assert(
    fc.property(fc.array(io, { maxLength: 40 }), (ios) => {
      const sorted = [...ios].sort((a, b) => a.time - b.time);
      const lines = sorted.flatMap((x, i) => {
        const t = (x.time / 1e6).toFixed(9);
        const rw = x.write ? 'W' : 'R';
        const sector = 1000 + i * 4096;
        return [
          `  8,0    1  ${2 * i + 1}  ${t} 4242  D  ${rw} ${sector} + ${x.sectors} [app]`,
          `  8,0    1  ${2 * i + 2}  ${t}     0  C  ${rw} ${sector}${x.sized ? ` + ${x.sectors}` : ''} [0]`,
        ];
      });
      const s = parseBlkparse(lines.join('\n'));
      const sum = (metric: string) =>
        s.find((x) => x.metric === metric)?.points.reduce((n, p) => n + (p.value ?? 0), 0) ?? 0;
      assert.equal(sum('8,0 writes completed'), ios.filter((x) => x.write).length);
      assert.equal(sum('8,0 reads completed'), ios.filter((x) => !x.write).length);
      assert.equal(
        sum('8,0 write bytes'),
        ios.filter((x) => x.write).reduce((n, x) => n + x.sectors * 512, 0),
      );
      assert.equal(
        sum('8,0 read bytes'),
        ios.filter((x) => !x.write).reduce((n, x) => n + x.sectors * 512, 0),
      );
    }),
  );
});
