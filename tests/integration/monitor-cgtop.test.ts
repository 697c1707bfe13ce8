import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { execa } from 'execa';
import { readRunMonitoring, startRuntimeMonitoring } from '../../src/monitor/index.js';
import { bundledMonitoringDir } from '../../src/monitor/remote.js';
import { silentLogger } from '../../src/log.js';
import { runDir, seriesNamed } from '../helpers/monitor-fixtures.js';

test('real systemd-cgtop through Cgtop.sh: timestamped snapshots parsed into per-cgroup series', async (t) => {
  const probe = await execa('systemd-cgtop', ['-b', '-n', '1'], { reject: false });
  if (probe.exitCode !== 0)
    return t.skip(`systemd-cgtop not usable here (${String(probe.stderr || probe.shortMessage).split('\n')[0]})`);
  const { meta, mon } = runDir(t, 'faas cgtop run ');
  const warnings: string[] = [];
  const startMs = Date.now();
  const outputs = await startRuntimeMonitoring({
    script: join(bundledMonitoringDir(), 'RuntimeMonitoring.sh'),
    targets: [],
    durationS: 2,
    monitoringDir: mon,
    metadataDir: meta,
    logger: silentLogger(),
    warn: (m) => warnings.push(m),
    env: { ...process.env, FAAS_MONITORS: 'cgtop' },
  }).finish();
  assert.deepEqual(warnings, []);
  assert.deepEqual(
    outputs.map((o) => o.path),
    ['monitoring/cgtop.out', 'monitoring/runtime_script.log'],
  );
  const series = await readRunMonitoring(outputs, meta, (m) => assert.fail(m));
  const rootMemory = seriesNamed(series, '/ memory');
  assert.ok(rootMemory.points.length >= 1 && rootMemory.points.every((p) => p.value !== null && p.value > 0));
  assert.ok(rootMemory.origin_ms !== null && rootMemory.origin_ms >= startMs && rootMemory.origin_ms - startMs < 2000);
  assert.ok(series.every((s) => s.source === 'cgtop' && s.host === 'local' && s.metric.startsWith('/')));
});
