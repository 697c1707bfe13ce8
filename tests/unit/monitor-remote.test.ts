import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyOutput } from '../../src/monitor/classify.js';
import { toOutputs } from '../../src/monitor/outputs.js';
import {
  forwardedEnv,
  hostTag,
  hostTags,
  remoteCommand,
  remoteLines,
  shQuote,
  targetName,
} from '../../src/monitor/remote.js';

test("outputs are classified by file name (ours and FaaSProfiler's)", () => {
  assert.equal(classifyOutput('perf.csv'), 'perf');
  assert.equal(classifyOutput('perf-mon.out'), 'perf');
  assert.equal(classifyOutput('pqos.csv'), 'pqos');
  assert.equal(classifyOutput('pqos-msr-mon.out'), 'pqos');
  assert.equal(classifyOutput('blktrace.out'), 'blktrace');
  assert.equal(classifyOutput('blktrace-mon.out'), 'blktrace');
  assert.equal(classifyOutput('cgtop.out'), 'cgtop');
  assert.equal(classifyOutput('systemd-cgtop_1700000000.txt'), 'cgtop');
  assert.equal(classifyOutput('runtime_script.log'), 'script');
  assert.equal(classifyOutput('perf.log'), 'script');
  assert.equal(classifyOutput('notes.txt'), 'script');
});

test('target names: the ssh destination (with its port) or the pod after `exec`', () => {
  assert.equal(targetName({ ssh: 'user@host' }), 'user@host');
  assert.equal(targetName({ ssh: 'root@127.0.0.1', port: 2222 }), 'root@127.0.0.1:2222');
  assert.equal(targetName({ kubectl: '-n openwhisk exec owdev-invoker-0 --' }), 'owdev-invoker-0');
  assert.equal(targetName({ kubectl: 'exec -n openwhisk -c invoker owdev-invoker-1 --' }), 'owdev-invoker-1');
  assert.equal(targetName({ kubectl: '--context lab get pods' }), 'kubectl --context lab get pods');
});

test('host tags are safe folder names and unique', () => {
  assert.equal(hostTag('root@127.0.0.1:2222'), 'root@127.0.0.1_2222');
  assert.equal(hostTag('../etc'), '__etc');
  assert.equal(hostTag('..'), '_');
  assert.equal(hostTag(''), 'remote');
  assert.deepEqual(hostTags(['a@h', 'a@h', 'b', 'a@h']), ['a@h', 'a@h-2', 'b', 'a@h-3']);
});

test('ssh runs in batch mode with port, identity and extra options before the destination', () => {
  const c = remoteCommand(
    { ssh: 'root@10.0.0.5', port: 2222, identity: '/k/id key', options: ['-o', 'UserKnownHostsFile=/tmp/kh'] },
    'echo hi',
  );
  assert.equal(c.file, 'ssh');
  assert.deepEqual(c.args, [
    '-o',
    'BatchMode=yes',
    '-o',
    'ConnectTimeout=10',
    '-o',
    'ServerAliveInterval=15',
    '-p',
    '2222',
    '-i',
    '/k/id key',
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'UserKnownHostsFile=/tmp/kh',
    '--',
    'root@10.0.0.5',
    'echo hi',
  ]);
  assert.deepEqual(remoteCommand({ ssh: 'h' }, 'x').args.slice(-3), ['--', 'h', 'x']);
});

test('kubectl gets -i after exec (stdin reaches the pod) and the line through sh -c', () => {
  assert.deepEqual(remoteCommand({ kubectl: '-n openwhisk exec owdev-invoker-0 --' }, 'ls /'), {
    file: 'kubectl',
    args: ['-n', 'openwhisk', 'exec', '-i', 'owdev-invoker-0', '--', 'sh', '-c', 'ls /'],
  });
  assert.deepEqual(remoteCommand({ kubectl: 'exec -it pod --' }, 'x').args, [
    'exec',
    '-it',
    'pod',
    '--',
    'sh',
    '-c',
    'x',
  ]);
});

test('shell quoting and the remote command lines', () => {
  assert.equal(shQuote("it's"), `'it'\\''s'`);
  const run = remoteLines.run('/tmp/faas-monitor.abc', 30, [
    ['FAAS_MONITORS', 'perf,cgtop'],
    ['FAAS_PERF_EVENTS', "a b'c"],
  ]);
  assert.equal(
    run,
    `cd '/tmp/faas-monitor.abc' && echo $$ > monitor.pid && [ ! -e stop ] && exec env FAAS_MONITORS='perf,cgtop' FAAS_PERF_EVENTS='a b'\\''c' FAAS_MONITOR_DIR='/tmp/faas-monitor.abc/out' sh ./RuntimeMonitoring.sh 30`,
  );
  assert.equal(
    remoteLines.stop('/tmp/d'),
    `cd '/tmp/d' && touch stop && kill -TERM "$(cat monitor.pid 2>/dev/null)" 2>/dev/null; true`,
  );
});

test('only FAAS_* settings are forwarded, never FAAS_MONITOR_DIR', () => {
  assert.deepEqual(
    forwardedEnv({
      FAAS_PERF_EVENTS: 'x',
      FAAS_MONITOR_DIR: '/here',
      HOME: '/root',
      FAAS_MONITORS: 'perf',
      WHISK_AUTH: 'secret',
    }),
    [
      ['FAAS_MONITORS', 'perf'],
      ['FAAS_PERF_EVENTS', 'x'],
    ],
  );
});

test('outputs: host from the target tag folder, paths relative to the metadata folder', () => {
  const files = [
    { abs: '/run/logs/monitoring/perf.csv', mtimeMs: 0, size: 1 },
    { abs: '/run/logs/monitoring/root@h_22/cgtop.out', mtimeMs: 0, size: 1 },
    { abs: '/run/logs/monitoring/other/x.log', mtimeMs: 0, size: 1 },
  ];
  assert.deepEqual(toOutputs(files, '/run/logs/monitoring', '/run/logs', new Map([['root@h_22', 'root@h:22']])), [
    { kind: 'perf', host: 'local', path: 'monitoring/perf.csv' },
    { kind: 'cgtop', host: 'root@h:22', path: 'monitoring/root@h_22/cgtop.out' },
    { kind: 'script', host: 'local', path: 'monitoring/other/x.log' },
  ]);
});
