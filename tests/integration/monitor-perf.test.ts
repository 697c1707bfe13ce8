import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readRunMonitoring, startRuntimeMonitoring } from '../../src/monitor/index.js';
import { bundledMonitoringDir } from '../../src/monitor/remote.js';
import { silentLogger } from '../../src/log.js';
import { perfUnavailable, runDir, seriesNamed } from '../helpers/monitor-fixtures.js';

const runtimeScript = join(bundledMonitoringDir(), 'RuntimeMonitoring.sh');

test('real perf stat through RuntimeMonitoring.sh for ~2 s, parsed by readRunMonitoring', async (t) => {
  const why = await perfUnavailable();
  if (why) return t.skip(why);
  const { meta, mon } = runDir(t, 'faas perf run ');
  const warnings: string[] = [];
  const startMs = Date.now();
  const session = startRuntimeMonitoring({
    script: runtimeScript,
    targets: [],
    durationS: 2,
    monitoringDir: mon,
    metadataDir: meta,
    logger: silentLogger(),
    warn: (m) => warnings.push(m),
    env: {
      ...process.env,
      FAAS_MONITORS: 'perf',
      FAAS_PERF_INTERVAL_MS: '250',
      FAAS_PERF_EVENTS: 'context-switches,cpu-migrations,page-faults,cpu-clock,cycles',
    },
  });
  const outputs = await session.finish();
  assert.deepEqual(warnings, []);
  assert.deepEqual(
    outputs.map((o) => [o.kind, o.host, o.path]),
    [
      ['perf', 'local', 'monitoring/perf.csv'],
      ['script', 'local', 'monitoring/runtime_script.log'],
    ],
  );
  assert.deepEqual(readdirSync(meta), ['monitoring']);

  const readWarnings: string[] = [];
  const series = await readRunMonitoring(outputs, meta, (m) => readWarnings.push(m), { runStartMs: startMs });
  assert.deepEqual(readWarnings, []);
  const cs = seriesNamed(series, 'context-switches');
  assert.equal(cs.source, 'perf');
  assert.equal(cs.host, 'local');
  // 2 s at 250 ms: 8 intervals (perf may add a short last one)
  assert.ok(cs.points.length >= 7 && cs.points.length <= 9, `points: ${cs.points.length}`);
  assert.ok(cs.points.every((p) => p.value !== null && p.value > 0));
  assert.ok(cs.points.every((p, i) => i === 0 || p.t > (cs.points[i - 1]?.t ?? 0)));
  // origin from the script's own `# t=` line: just after the run start, to the millisecond
  assert.ok(
    cs.origin_ms !== null && cs.origin_ms >= startMs && cs.origin_ms - startMs < 2000,
    `origin ${cs.origin_ms} vs start ${startMs}`,
  );
  const clock = series.find((s) => s.metric === 'cpu-clock');
  assert.equal(clock?.unit, 'msec');
  assert.ok(series.some((s) => s.metric === 'page-faults'));
  // hardware counters may be unsupported in a VM; then they are null, not missing
  const cycles = series.find((s) => s.metric === 'cycles');
  assert.ok(cycles && cycles.points.length === cs.points.length);
});

test('stop() ends perf early and keeps the intervals it wrote', async (t) => {
  const why = await perfUnavailable();
  if (why) return t.skip(why);
  const { meta, mon } = runDir(t, 'faas perf stop ');
  const warnings: string[] = [];
  const session = startRuntimeMonitoring({
    script: runtimeScript,
    targets: [],
    durationS: 60,
    monitoringDir: mon,
    metadataDir: meta,
    logger: silentLogger(),
    warn: (m) => warnings.push(m),
    env: { ...process.env, FAAS_MONITORS: 'perf', FAAS_PERF_INTERVAL_MS: '100', FAAS_PERF_EVENTS: 'context-switches' },
  });
  // Wait until perf has written a few intervals, then interrupt the run.
  const { readFile } = await import('node:fs/promises');
  const started = Date.now();
  for (;;) {
    const text = await readFile(join(mon, 'perf.csv'), 'utf8').catch(() => '');
    if ((text.match(/context-switches/g) ?? []).length >= 3) break;
    assert.ok(Date.now() - started < 20_000, 'perf wrote nothing');
    await new Promise((r) => setTimeout(r, 20));
  }
  const stopAt = Date.now();
  const outputs = await session.stop();
  assert.ok(Date.now() - stopAt < 5000, 'stop took too long');
  assert.deepEqual(warnings, []);
  const series = await readRunMonitoring(outputs, meta, () => {});
  const cs = series.find((s) => s.metric === 'context-switches');
  assert.ok(cs && cs.points.length >= 3);
  assert.ok((cs.points.at(-1)?.t ?? 99) < 30);
});

test('with no monitor chosen, RuntimeMonitoring.sh runs perf', async (t) => {
  const why = await perfUnavailable();
  if (why) return t.skip(why);
  const { meta, mon } = runDir(t, 'faas perf default ');
  const env: NodeJS.ProcessEnv = { ...process.env, FAAS_PERF_INTERVAL_MS: '250', FAAS_PERF_EVENTS: 'page-faults' };
  delete env.FAAS_MONITORS;
  const warnings: string[] = [];
  const outputs = await startRuntimeMonitoring({
    script: runtimeScript,
    targets: [],
    durationS: 1,
    monitoringDir: mon,
    metadataDir: meta,
    logger: silentLogger(),
    warn: (m) => warnings.push(m),
    env,
  }).finish();
  assert.deepEqual(warnings, []);
  const series = await readRunMonitoring(outputs, meta, (m) => assert.fail(m));
  const faults = series.find((s) => s.metric === 'page-faults');
  assert.ok(faults && faults.points.length >= 3, series.map((s) => s.metric).join(', '));
  assert.ok(series.every((s) => s.source === 'perf'));
});
