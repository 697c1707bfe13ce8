import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePerf, parsePerfCsvLine, parsePerfHumanLine } from '../../src/monitor/parsers/perf.js';
import type { MonitorSeries } from '../../src/monitor/types.js';
import { fixture, seriesNamed as byMetric, values } from '../helpers/monitor-fixtures.js';

test('real interval CSV capture: every row becomes a point, <not supported> as null, started-on origin', () => {
  const text = fixture('perf-real-interval-csv.out');
  const series = parsePerf(text, { host: 'local' });
  const cs = byMetric(series, 'context-switches');
  assert.deepEqual(
    cs.points.map((p) => p.t),
    [0.25038421, 0.501241817, 0.751807586, 1.001726152],
  );
  assert.deepEqual(values(cs), [133, 46, 275, 31]);
  assert.equal(byMetric(series, 'cpu-clock').unit, 'msec');
  assert.deepEqual(values(byMetric(series, 'cpu-clock')), [501.02, 501.72, 501.11, 499.8]);
  assert.deepEqual(values(byMetric(series, 'cycles')), [null, null, null, null]);
  // K/sec and /sec rates land in one series, in /sec
  assert.deepEqual(values(byMetric(series, 'page-faults (/sec)')), [6682, 3739, 25246, 19078]);
  assert.deepEqual(values(byMetric(series, 'cpu-clock (CPUs utilized)')), [2.004, 2.007, 2.004, 1.999]);
  // "# started on Thu Nov 26 23:00:28 2026" is local time with 1 s resolution
  assert.equal(cs.origin_ms, new Date(2026, 10, 26, 23, 0, 28).getTime());
  const rows = text.split('\n').filter((l) => /^\s+\d+\.\d{9},/.test(l)).length;
  assert.equal(
    series.filter((s) => !s.metric.includes('(')).reduce((n, s) => n + s.points.length, 0),
    rows,
  );
});

test('real human interval capture: metric comments and the msec unit column are kept (FaaSProfiler dropped these lines)', () => {
  const series = parsePerf(fixture('perf-real-interval-human.out'));
  assert.deepEqual(values(byMetric(series, 'page-faults')), [8877, 5903, 4771, 2471, 1313]);
  assert.deepEqual(values(byMetric(series, 'cpu-clock')), [400.86, 401.1, 400.94, 400.92, 399.92]);
  assert.equal(byMetric(series, 'cpu-clock').unit, 'msec');
  assert.deepEqual(values(byMetric(series, 'context-switches (/sec)')), [154.666, 57.342, 57.365, 112.241, 95.02]);
  assert.deepEqual(values(byMetric(series, 'page-faults (/sec)')), [22145, 14717, 11900, 6163, 3283]);
});

test("our `# t=<epoch ms>` line beats the run start and perf's own started-on line", () => {
  const text = fixture('perf-append-csv-real.out');
  const series = parsePerf(text, { fallbackOriginMs: 1 });
  assert.equal(series[0]?.origin_ms, 1795736451072);
  const noMarker = text.replace(/^# t=.*\n/, '');
  assert.equal(parsePerf(noMarker, { fallbackOriginMs: 1234 })[0]?.origin_ms, 1234);
  assert.equal(parsePerf(noMarker)[0]?.origin_ms, new Date(2026, 10, 26, 23, 40, 51).getTime());
  assert.equal(parsePerf('     1.000000000,5,,page-faults,1,100.00,,\n')[0]?.origin_ms, null);
});

test('human dTLB/iTLB samples: thousands separators and `# x% of all ...` comments', () => {
  const d = parsePerf(fixture('perf-human-dtlb.out'));
  assert.deepEqual(
    d.map((s) => s.metric),
    [
      'dTLB-loads',
      'dTLB-load-misses',
      'dTLB-load-misses (% of all dTLB cache hits)',
      'dTLB-stores',
      'dTLB-store-misses',
    ],
  );
  assert.deepEqual(values(byMetric(d, 'dTLB-loads')), [85144535]);
  assert.deepEqual(values(byMetric(d, 'dTLB-load-misses (% of all dTLB cache hits)')), [1.35]);
  assert.equal(byMetric(d, 'dTLB-store-misses').points[0]?.t, 1.006223197);
  const i = parsePerf(fixture('perf-human-itlb.out'));
  assert.deepEqual(values(byMetric(i, 'iTLB-load-misses')), [18799]);
  assert.deepEqual(values(byMetric(i, 'iTLB-load-misses (% of all iTLB cache hits)')), [342.05]);
});

test('<not counted> intervals, then "Monitoring resumed" noise, then counts', () => {
  const s = parsePerf(fixture('perf-human-not-counted-resumed.out'));
  assert.equal(s.length, 1);
  assert.deepEqual(values(s[0] as MonitorSeries), [null, null, null, null, 3124246, 3325624, 83472992]);
  assert.deepEqual(
    (s[0] as MonitorSeries).points.map((p) => p.t),
    [1.001101062, 2.002994944, 3.00486434, 4.006727177, 4.993808464, 5.008597004, 6.010387483],
  );
});

test('non-interval summary with multiplexing percentages and <not supported>', () => {
  const s = parsePerf(fixture('perf-human-summary-multiplexed.out'));
  assert.deepEqual(values(byMetric(s, 'L1-dcache-loads')), [45157429230]);
  assert.deepEqual(values(byMetric(s, 'L1-icache-loads')), [null]);
  assert.deepEqual(values(byMetric(s, 'cache-misses (% of all cache refs)')), [7.709]);
  assert.deepEqual(values(byMetric(s, 'L1-icache-load-misses')), [9447006]);
  assert.equal(byMetric(s, 'cache-references').points[0]?.t, 0);
  const withElapsed = `${fixture('perf-human-summary-multiplexed.out')}\n       2.003456789 seconds time elapsed\n`;
  assert.equal(byMetric(parsePerf(withElapsed), 'cache-references').points[0]?.t, 2.003456789);
});

test('CSV with leading spaces before the time, and metric units with spaces', () => {
  const s = parsePerf(fixture('perf-csv-summary-interval.out'));
  assert.equal(s.filter((x) => !x.metric.includes('(')).length, 8);
  assert.deepEqual(values(byMetric(s, 'cpu-clock')), [8013.48]);
  assert.deepEqual(values(byMetric(s, 'instructions (insn per cycle)')), [0.51]);
  assert.deepEqual(values(byMetric(s, 'branches (/sec)')), [252000]);
  assert.deepEqual(values(byMetric(s, 'branch-misses (of all branches)')), [5.26]);
});

test('CSV drm events with units and no metric; bad counts with and without time', () => {
  const drm = parsePerf(fixture('perf-csv-drm.out'));
  assert.deepEqual(
    drm.map((x) => [x.metric, x.unit, x.points[0]?.value]),
    [
      ['drm-active-stolen-system0', 'bytes', 0],
      ['drm-engine-capacity-video', 'capacity', 36],
      ['drm-engine-render', 'ns', 1472970566175],
    ],
  );
  const bad = parsePerf(fixture('perf-csv-bad-counts.out'));
  assert.deepEqual(
    bad.map((x) => [x.metric, x.points[0]?.value]),
    [
      ['L1-icache-loads', null],
      ['L1-dcache-load-misses', null],
      ['L1-dcache-loads', 1234],
    ],
  );
  const noTime = parsePerf(fixture('perf-csv-bad-counts-no-time.out'));
  assert.deepEqual(
    noTime.map((x) => [x.metric, x.points[0]?.value]),
    [
      ['branch-misses:u', null],
      ['L1-dcache-load-misses:u', null],
    ],
  );
});

test('event names containing commas: with -x; and even with -x,', () => {
  const semi = parsePerf(fixture('perf-csv-semicolon-raw-event.out'));
  assert.deepEqual(values(byMetric(semi, 'cpu/event=0x3c,umask=0/')), [12345, 23456]);
  assert.deepEqual(values(byMetric(semi, 'cpu-clock (CPUs utilized)')), [2.004, 1.999]);
  const comma = parsePerf(fixture('perf-csv-comma-raw-event.out'));
  assert.deepEqual(values(byMetric(comma, 'cpu/event=0x3c,umask=0/')), [12345]);
  assert.deepEqual(values(byMetric(comma, 'cache-misses (% of all cache refs)')), [7.709]);
});

test('per-CPU and per-core aggregation ids become part of the metric', () => {
  const s = parsePerf(fixture('perf-csv-per-cpu.out'));
  assert.deepEqual(values(byMetric(s, 'context-switches CPU0')), [1200]);
  assert.deepEqual(values(byMetric(s, 'context-switches CPU0 (/sec)')), [1199]);
  assert.deepEqual(values(byMetric(s, 'cycles S0-D0-C0')), [4000]);
});

test('headers repeated every 25 intervals do not break or duplicate a series', () => {
  const lines = ['# started on Thu Nov 26 23:00:28 2026', ''];
  for (let i = 1; i <= 60; i++) {
    if (i % 25 === 1) lines.push('#           time             counts unit events');
    lines.push(
      `${String(i).padStart(6)}.000000000${String(i * 1000)
        .replace(/\B(?=(\d{3})+(?!\d))/g, ',')
        .padStart(19)}      page-faults                      #    ${i}.000 K/sec`,
    );
  }
  const s = parsePerf(lines.join('\n'));
  assert.equal(s.length, 2);
  assert.deepEqual(
    values(byMetric(s, 'page-faults')),
    Array.from({ length: 60 }, (_, i) => (i + 1) * 1000),
  );
  assert.deepEqual(
    values(byMetric(s, 'page-faults (/sec)')),
    Array.from({ length: 60 }, (_, i) => (i + 1) * 1000),
  );
});

test('lines that are not counters are ignored, CRLF tolerated', () => {
  assert.equal(parsePerfHumanLine('Monitoring resumed'), null);
  assert.equal(parsePerfHumanLine('resumed(a)'), null);
  assert.equal(parsePerfCsvLine('hello,world,foo', ','), null);
  assert.deepEqual(values(byMetric(parsePerf('1.000000001,7,,faults,1,100.00,,\r\n'), 'faults')), [7]);
});

const eventName = fc.stringMatching(/^[a-z][a-z0-9_-]{0,15}(:u)?$/);
const unitName = fc.constantFrom('', 'msec', 'Joules', 'ns');
const reading = fc.record({
  time: fc
    .integer({ min: 0, max: 99_999 })
    .chain((s) => fc.integer({ min: 0, max: 999_999_999 }).map((ns) => `${s}.${String(ns).padStart(9, '0')}`)),
  value: fc.oneof(
    fc.integer({ min: 0, max: 2 ** 48 }).map(String),
    fc.integer({ min: 0, max: 10_000_000 }).map((v) => (v / 100).toFixed(2)),
    fc.constantFrom('<not counted>', '<not supported>'),
  ),
  unit: unitName,
  event: eventName,
  run: fc.integer({ min: 0, max: 2 ** 40 }),
  pct: fc.integer({ min: 0, max: 10000 }).map((v) => (v / 100).toFixed(2)),
  metric: fc.option(
    fc.record({
      value: fc.integer({ min: 0, max: 10_000_000 }).map((v) => v / 1000),
      unit: fc.constantFrom('CPUs utilized', 'insn per cycle', 'of all branches', 'GHz'),
    }),
    { nil: null },
  ),
  indent: fc.constantFrom('', '     '),
  sep: fc.constantFrom(',', ';'),
});

test('property: perf CSV rows round-trip through the parser', () => {
  fc.assert(
    fc.property(reading, (r) => {
      const metric = r.metric && !r.value.startsWith('<') ? `${r.metric.value}${r.sep}${r.metric.unit}` : r.sep;
      const line = `${r.indent}${r.time}${r.sep}${r.value}${r.sep}${r.unit}${r.sep}${r.event}${r.sep}${r.run}${r.sep}${r.pct}${r.sep}${metric}`;
      const p = parsePerfCsvLine(line, r.sep);
      assert.ok(p, line);
      assert.equal(p.time, Number(r.time));
      assert.equal(p.value, r.value.startsWith('<') ? null : Number(r.value));
      assert.equal(p.unit, r.unit === '' ? null : r.unit);
      assert.equal(p.event, r.event);
      assert.deepEqual(p.metric, r.metric && !r.value.startsWith('<') ? { ...r.metric } : null);
    }),
  );
});

test('property: human rows (thousands separators, padding, comments, multiplexing) round-trip', () => {
  fc.assert(
    fc.property(reading, fc.boolean(), (r, multiplexed) => {
      const count = r.value.startsWith('<')
        ? r.value
        : r.value.includes('.')
          ? r.value
          : Number(r.value).toLocaleString('en-US');
      const left = `${r.time.padStart(16)} ${count.padStart(18)} ${r.unit.padEnd(4)} ${r.event.padEnd(32)}`;
      const comment = r.metric && !r.value.startsWith('<') ? ` #  ${r.metric.value} ${r.metric.unit}` : '';
      const line = `${left}${comment}${multiplexed ? `  (${r.pct}%)` : ''}`;
      const p = parsePerfHumanLine(line);
      assert.ok(p, line);
      assert.equal(p.time, Number(r.time));
      assert.equal(p.value, r.value.startsWith('<') ? null : Number(r.value));
      assert.equal(p.unit, r.unit === '' ? null : r.unit);
      assert.equal(p.event, r.event);
      assert.deepEqual(p.metric, comment && r.metric ? { ...r.metric } : null);
    }),
  );
});

test('real per-CPU captures (-A), human and CSV, give the same series', () => {
  const human = parsePerf(fixture('perf-real-per-cpu-human.out'));
  const csv = parsePerf(fixture('perf-real-per-cpu-csv.out'));
  for (const s of [human, csv]) {
    assert.deepEqual(
      s.filter((x) => !x.metric.includes('(')).map((x) => x.metric),
      ['context-switches CPU0', 'context-switches CPU1', 'cpu-clock CPU0', 'cpu-clock CPU1'],
    );
    assert.ok(s.every((x) => x.points.length === 2));
  }
  assert.deepEqual(values(byMetric(human, 'context-switches CPU1')), [611, 349]);
  assert.deepEqual(values(byMetric(human, 'context-switches CPU1 (/sec)')), [1985, 1178]);
  assert.deepEqual(values(byMetric(csv, 'cpu-clock CPU1')), [300.55, 302.31]);
  assert.deepEqual(values(byMetric(csv, 'context-switches CPU1 (/sec)')), [6824, 18842]);
});

test('real summary capture (no -I): one point at the elapsed time', () => {
  const s = parsePerf(fixture('perf-real-summary-human.out'));
  assert.deepEqual(
    s.map((x) => [x.metric, x.points]),
    [
      ['context-switches', [{ t: 0.301810636, value: 872 }]],
      ['context-switches (/sec)', [{ t: 0.301810636, value: 1445 }]],
      ['cpu-clock', [{ t: 0.301810636, value: 603.64 }]],
      ['cpu-clock (CPUs utilized)', [{ t: 0.301810636, value: 2 }]],
      ['cycles', [{ t: 0.301810636, value: null }]],
    ],
  );
});
