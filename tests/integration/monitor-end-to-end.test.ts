import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { MonitorSeries } from '../../src/monitor/types.js';
import { perfUnavailable, runDir } from '../helpers/monitor-fixtures.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

async function unavailable(): Promise<string | null> {
  if (!existsSync(join(REPO, 'dist', 'cli', 'workload-invoker.js'))) return 'dist/ not built: npm run build';
  return perfUnavailable();
}

test("a short invoker run on whisk-local with RuntimeMonitoring.sh: the perf series reach the analyzer's -v output and archive", async (t) => {
  const why = await unavailable();
  if (why) return t.skip(why);
  const dir = runDir(t, 'faas monitor e2e ').meta;
  writeFileSync(
    join(dir, 'workload.json'),
    JSON.stringify({
      test_name: 'monitor_e2e',
      test_duration_in_seconds: 2,
      random_seed: 7,
      endpoint: 'embedded',
      instances: { a: { application: 'base64-nodejs', distribution: 'Uniform', rate: 5 } },
      perf_monitoring: { runtime_script: join(REPO, 'monitoring', 'RuntimeMonitoring.sh'), post_script: null },
    }),
  );
  const env = {
    ...process.env,
    HOME: dir,
    FAAS_MONITORS: 'perf',
    FAAS_PERF_INTERVAL_MS: '250',
    FAAS_PERF_EVENTS: 'context-switches,page-faults,cpu-clock',
  };
  const inv = await execa(
    'node',
    [join(REPO, 'bin', 'workload-invoker.js'), '-c', 'workload.json', '--no-progress', '--allow-late'],
    {
      cwd: dir,
      env,
      reject: false,
    },
  );
  assert.equal(inv.exitCode, 0, inv.stderr);
  // The schedule verdict may warn on a busy machine (the run passes --allow-late); nothing else may.
  assert.doesNotMatch(inv.stderr.replace(/^warning: the schedule was not kept.*$/gm, ''), /warning/);
  const meta = JSON.parse(readFileSync(join(dir, 'logs', 'test_metadata.json'), 'utf8')) as {
    monitoring: { kind: string; host: string; path: string }[];
  };
  assert.ok(
    meta.monitoring.some((m) => m.kind === 'perf' && m.host === 'local' && m.path === 'monitoring/perf.csv'),
    JSON.stringify(meta.monitoring),
  );

  const an = await execa('node', [join(REPO, 'bin', 'workload-analyzer.js'), '-v', '-a'], {
    cwd: dir,
    env,
    reject: false,
  });
  assert.equal(an.exitCode, 0, an.stderr);
  const row = an.stdout.split('\n').find((l) => /^perf\s+local\s+context-switches\s/.test(l));
  assert.ok(row, `no perf series in the analyzer output:\n${an.stdout.split('Monitoring series')[1] ?? an.stdout}`);
  assert.ok(Number(row.trim().split(/\s+/).at(-1)) >= 7, row);

  const archives = readdirSync(join(dir, 'data_archive'));
  assert.equal(archives.length, 1);
  const archive = JSON.parse(readFileSync(join(dir, 'data_archive', archives[0] as string), 'utf8')) as {
    monitoring: MonitorSeries[];
    since_ms: number;
  };
  const cs = archive.monitoring.find((s) => s.metric === 'context-switches');
  assert.ok(cs && cs.points.length >= 7 && cs.points.every((p) => p.value !== null));
  // perf started with the test: its origin is within a second of the run's start
  assert.ok(
    cs.origin_ms !== null && Math.abs(cs.origin_ms - archive.since_ms) < 1000,
    `${cs.origin_ms} vs ${archive.since_ms}`,
  );
});
