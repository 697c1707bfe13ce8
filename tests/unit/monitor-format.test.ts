import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  findSeries,
  formatSeriesSummary,
  formatSeriesTimeTable,
  formatValue,
  seriesForPlot,
  seriesStats,
} from '../../src/monitor/format.js';
import type { MonitorSeries } from '../../src/monitor/types.js';

const series = (metric: string, values: (number | null)[], extra: Partial<MonitorSeries> = {}): MonitorSeries => ({
  source: 'perf',
  host: 'local',
  metric,
  unit: null,
  origin_ms: 10_000,
  points: values.map((value, i) => ({ t: i + 0.5, value })),
  ...extra,
});

test('stats leave nulls out', () => {
  assert.deepEqual(seriesStats(series('a', [3, null, 1, 5])), {
    points: 4,
    counted: 3,
    min: 1,
    mean: 3,
    max: 5,
    last: 5,
  });
  assert.deepEqual(seriesStats(series('a', [null])), {
    points: 1,
    counted: 0,
    min: null,
    mean: null,
    max: null,
    last: null,
  });
});

test('values: integers grouped, decimals to 3 places, null as -', () => {
  assert.equal(formatValue(1234567), '1,234,567');
  assert.equal(formatValue(2.00449), '2.004');
  assert.equal(formatValue(null), '-');
});

test('summary table: one aligned row per series, n/a for counters that never counted', () => {
  const text = formatSeriesSummary([
    series('context-switches', [100, 300]),
    series('cycles', [null, null]),
    series('/ memory', [1024], { source: 'cgtop', host: 'node1', unit: 'B' }),
  ]);
  const lines = text.split('\n');
  assert.equal(lines.length, 5);
  assert.match(lines[0] as string, /^source\s+host\s+metric\s+unit\s+points\s+min\s+mean\s+max\s+last$/);
  assert.match(lines[2] as string, /^perf\s+local\s+context-switches\s+2\s+100\s+200\s+300\s+300$/);
  assert.match(lines[3] as string, /cycles\s+2\s+n\/a\s+n\/a\s+n\/a\s+n\/a$/);
  assert.match(lines[4] as string, /^cgtop\s+node1\s+\/ memory\s+B\s+1\s+1,024/);
});

test('time table: per source and host, rows on the run clock, evenly thinned to maxRows', () => {
  const many = series(
    'page-faults',
    Array.from({ length: 50 }, (_, i) => i),
    { origin_ms: 12_000 },
  );
  const text = formatSeriesTimeTable([many, series('cycles', [null])], { runStartMs: 10_000, maxRows: 5 });
  const lines = text.split('\n');
  assert.equal(lines[0], 'perf@local (1 more series not shown)');
  const rows = lines.slice(3);
  assert.equal(rows.length, 5);
  assert.match(rows[0] as string, /^\s*2\.500\s+0$/); // t 0.5 s + origin 2 s after the run start
  assert.match(rows[4] as string, /^\s*51\.500\s+49$/);
});

test('findSeries: exact name, else the shortest containing it; the host preferred', () => {
  const all = [
    series('context-switches', [1]),
    series('context-switches (/sec)', [2]),
    series('context-switches', [3], { host: 'node1' }),
  ];
  assert.equal(findSeries(all, 'context-switches', 'node1')?.host, 'node1');
  assert.equal(findSeries(all, 'context')?.metric, 'context-switches');
  assert.equal(findSeries(all, 'CONTEXT-SWITCHES (/SEC)')?.metric, 'context-switches (/sec)');
  assert.equal(findSeries(all, 'page-faults'), null);
});

test('seriesForPlot: x in seconds since the run start, nulls left out', () => {
  const p = seriesForPlot(
    [series('cpu-clock', [5, null, 7], { unit: 'msec', origin_ms: 11_500 })],
    'cpu-clock',
    10_000,
  );
  assert.deepEqual(p, {
    label: 'cpu-clock',
    unit: 'msec',
    points: [
      { x: 2, y: 5 },
      { x: 4, y: 7 },
    ],
  });
  const unknownOrigin = seriesForPlot([series('x', [1], { origin_ms: null, host: 'n' })], 'x', 10_000, 'n');
  assert.deepEqual(unknownOrigin, { label: 'x @ n', unit: null, points: [{ x: 0.5, y: 1 }] });
});
