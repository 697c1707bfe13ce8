import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPostScript, startRuntimeMonitoring } from '../../src/monitor/scripts.js';
import { bundledMonitoringDir } from '../../src/monitor/remote.js';
import { silentLogger } from '../../src/log.js';
import { localMonitoring, runDir } from '../helpers/monitor-fixtures.js';

function script(dir: string, name: string, body: string, mode = 0o755): string {
  const p = join(dir, name);
  writeFileSync(p, body);
  chmodSync(p, mode);
  return p;
}

/** Running (a killed process whose parent has not reaped it yet is a zombie: not running). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

test('runtime script: duration argument, cwd and FAAS_MONITOR_DIR, output captured and classified', async (t) => {
  const { meta, mon } = runDir(t);
  const s = script(
    meta,
    'my runtime.sh',
    '#!/bin/sh\necho "args=$*" \necho "dir=$FAAS_MONITOR_DIR"\necho "cwd=$(pwd)"\necho "# t=1" > perf.csv\necho note > notes.txt\necho oops >&2\n',
  );
  const warnings: string[] = [];
  const session = localMonitoring({ meta, mon }, s, 3, warnings);
  const outputs = await session.finish();
  assert.deepEqual(warnings, []);
  assert.deepEqual(outputs, [
    { kind: 'script', host: 'local', path: 'monitoring/notes.txt' },
    { kind: 'perf', host: 'local', path: 'monitoring/perf.csv' },
    { kind: 'script', host: 'local', path: 'monitoring/runtime_script.log' },
  ]);
  const log = readFileSync(join(mon, 'runtime_script.log'), 'utf8');
  assert.match(log, /^args=3$/m);
  assert.match(log, new RegExp(`^dir=${mon}$`, 'm'));
  assert.match(log, new RegExp(`^cwd=${mon}$`, 'm'));
  assert.match(log, /^oops$/m);
  assert.deepEqual(readdirSync(meta).sort(), ['monitoring', 'my runtime.sh']);
  assert.equal(await session.finish(), outputs, 'finish() is idempotent');
});

test("a previous run's files in the monitoring folder are not reported as this run's", async (t) => {
  const { meta, mon } = runDir(t);
  mkdirSync(join(mon, 'old-host'), { recursive: true });
  writeFileSync(join(mon, 'cgtop.out'), '# t=1\n');
  writeFileSync(join(mon, 'old-host', 'perf.csv'), '# t=1\n');
  writeFileSync(join(mon, 'runtime_script.log'), 'a previous run\n');
  const s = script(meta, 'rt.sh', '#!/bin/sh\necho new > perf.csv\n');
  const outputs = await startRuntimeMonitoring({
    script: s,
    targets: [],
    durationS: 1,
    monitoringDir: mon,
    metadataDir: meta,
    logger: silentLogger(),
    warn: () => {},
  }).finish();
  assert.deepEqual(
    outputs.map((o) => o.path),
    ['monitoring/perf.csv', 'monitoring/runtime_script.log'],
  );
  assert.equal(readFileSync(join(mon, 'runtime_script.log'), 'utf8'), '', 'the log starts afresh');
  assert.ok(existsSync(join(mon, 'cgtop.out')), 'nothing is deleted');
});

test('failing, missing and non-executable scripts are one-line warnings, never exceptions', async (t) => {
  const { meta, mon } = runDir(t);
  const failing = script(meta, 'fail.sh', '#!/bin/sh\necho "pqos: not installed, skipped" >&2\nexit 3\n');
  const cases: [string | null, RegExp][] = [
    [
      failing,
      /^runtime script .*fail\.sh exited with code 3: pqos: not installed, skipped \(log: .*runtime_script\.log\)$/,
    ],
    [join(meta, 'missing.sh'), /^runtime script .*missing\.sh could not start \(ENOENT\)/],
    [script(meta, 'plain-file', 'echo hi\n', 0o644), /^runtime script .*plain-file could not start \(EACCES\)/],
  ];
  for (const [path, expected] of cases) {
    const warnings: string[] = [];
    const outputs = await localMonitoring({ meta, mon }, path, 1, warnings).finish();
    assert.equal(warnings.length, 1, String(warnings));
    assert.match(warnings[0] as string, expected);
    assert.ok(!(warnings[0] as string).includes('\n'));
    assert.ok(outputs.some((o) => o.path === 'monitoring/runtime_script.log'));
  }
});

test('a .sh script without the exec bit runs through its #! interpreter (as FaaSProfiler ran its scripts)', async (t) => {
  const { meta, mon } = runDir(t);
  const s = script(meta, 'noexec.sh', '#!/bin/sh\necho ran > cgtop.out\n', 0o644);
  const warnings: string[] = [];
  const outputs = await localMonitoring({ meta, mon }, s, 1, warnings).finish();
  assert.deepEqual(warnings, []);
  assert.ok(outputs.some((o) => o.kind === 'cgtop' && o.path === 'monitoring/cgtop.out'));
});

test('stop(): the script and the processes it started end at once, without a warning', async (t) => {
  const { meta, mon } = runDir(t);
  const s = script(meta, 'long.sh', '#!/bin/sh\nsleep 60 &\necho $! > child.pid\nwait\n');
  const warnings: string[] = [];
  const session = localMonitoring({ meta, mon }, s, 60, warnings);
  const pidFile = join(mon, 'child.pid');
  while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8').trim() === '') await new Promise((r) => setImmediate(r));
  const child = Number(readFileSync(pidFile, 'utf8'));
  const started = Date.now();
  await session.stop();
  // SIGKILL is delivered asynchronously: wait (bounded) for the kernel to end the helper.
  while (alive(child) && Date.now() - started < 5000) await new Promise((r) => setImmediate(r));
  assert.equal(alive(child), false);
  assert.ok(Date.now() - started < 5000);
  assert.deepEqual(warnings, []);
});

test('finish(): a script outliving duration + grace is stopped and reported', async (t) => {
  const { meta, mon } = runDir(t);
  const s = script(meta, 'stuck.sh', '#!/bin/sh\ntrap "" TERM\nsleep 60\n');
  const warnings: string[] = [];
  const started = Date.now();
  const outputs = await startRuntimeMonitoring({
    script: s,
    targets: [],
    durationS: 0.2,
    graceS: 0.3,
    monitoringDir: mon,
    metadataDir: meta,
    logger: silentLogger(),
    warn: (m) => warnings.push(m),
  }).finish();
  assert.ok(Date.now() - started < 8000);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0] as string, /stuck\.sh was still running after its bound and was stopped/);
  assert.ok(outputs.length >= 1);
});

test('post script: its new or changed files and its log; failures reported', async (t) => {
  const { meta, mon } = runDir(t);
  await startRuntimeMonitoring({
    script: script(meta, 'rt.sh', '#!/bin/sh\necho 1 > perf.csv\necho keep > untouched.txt\n'),
    targets: [],
    durationS: 1,
    monitoringDir: mon,
    metadataDir: meta,
    logger: silentLogger(),
    warn: () => {},
  }).finish();
  const post = script(
    meta,
    'post.sh',
    '#!/bin/sh\necho 2 >> perf.csv\necho done > pqos-summary.txt\necho "post failed here" >&2\nexit 5\n',
  );
  const warnings: string[] = [];
  const outputs = await runPostScript({
    script: post,
    monitoringDir: mon,
    metadataDir: meta,
    logger: silentLogger(),
    warn: (m) => warnings.push(m),
  });
  assert.deepEqual(outputs, [
    { kind: 'perf', host: 'local', path: 'monitoring/perf.csv' },
    { kind: 'script', host: 'local', path: 'monitoring/post_script.log' },
    { kind: 'pqos', host: 'local', path: 'monitoring/pqos-summary.txt' },
  ]);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0] as string, /post\.sh exited with code 5: post failed here/);
  assert.deepEqual(
    await runPostScript({ script: null, monitoringDir: mon, metadataDir: meta, logger: silentLogger() }),
    [],
  );
});

test('RuntimeMonitoring.sh: an unavailable monitor is reported and skipped; nothing is written outside its folder', async (t) => {
  const { meta, mon } = runDir(t);
  const warnings: string[] = [];
  const outputs = await startRuntimeMonitoring({
    script: join(bundledMonitoringDir(), 'RuntimeMonitoring.sh'),
    targets: [],
    durationS: 1,
    monitoringDir: mon,
    metadataDir: meta,
    logger: silentLogger(),
    warn: (m) => warnings.push(m),
    env: { ...process.env, FAAS_MONITORS: 'nosuchmonitor', PATH: '/usr/bin:/bin' },
  }).finish();
  assert.equal(warnings.length, 1);
  assert.match(warnings[0] as string, /exited with code 3: RuntimeMonitoring\.sh: unknown monitor 'nosuchmonitor'/);
  assert.deepEqual(outputs, [{ kind: 'script', host: 'local', path: 'monitoring/runtime_script.log' }]);
  assert.deepEqual(readdirSync(meta), ['monitoring']);
});
