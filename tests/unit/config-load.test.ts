import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadWorkload } from '../../src/config/load.js';
import { UserError, UserErrors } from '../../src/errors.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/faasprofiler-configs/', import.meta.url));
const dirs: string[] = [];
after(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'config-load-'));
  dirs.push(dir);
  return dir;
}

/** Writes `files` (name → content; objects as JSON) into a fresh folder and returns it. */
async function folderWith(files: Record<string, unknown>): Promise<string> {
  const dir = await tempDir();
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

const minimal = (extra: Record<string, unknown> = {}, instance: Record<string, unknown> = {}) => ({
  test_name: 't',
  test_duration_in_seconds: 10,
  instances: { i1: { application: 'app', distribution: 'Uniform', rate: 2, ...instance } },
  ...extra,
});

/** The lines of the UserErrors thrown by loading `config` (written as workload.json). */
async function problemsOf(config: unknown, files: Record<string, unknown> = {}): Promise<string[]> {
  const dir = await folderWith({ 'workload.json': config, ...files });
  const err = await loadWorkload(join(dir, 'workload.json'), { cwd: dir }).then(
    () => assert.fail('expected the config to be rejected'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof UserError, `expected a UserError, got ${String(err)}`);
  assert.equal(err.exitCode, 2);
  const lines = err instanceof UserErrors ? [...err.lines] : [err.message];
  // Every line is prefixed with the config path; the rest is "json.path: what was expected".
  return lines.map((l) => {
    assert.ok(l.startsWith(join(dir, 'workload.json')), l);
    return l.slice(join(dir, 'workload.json').length + 2);
  });
}

test('every FaaSProfiler sample config loads unchanged (given its param file and monitoring script)', async () => {
  const names = (await readdir(FIXTURES)).filter((f) => f.endsWith('.json'));
  assert.equal(names.length, 5);
  for (const name of names) {
    const dir = await tempDir();
    await cp(join(FIXTURES, name), join(dir, name));
    await writeFile(join(dir, 'param_file.json'), '{"n": 7}');
    await mkdir(join(dir, 'monitoring'));
    await writeFile(join(dir, 'monitoring', 'RuntimeMonitoring.sh'), '#!/bin/sh\n');
    const w = await loadWorkload(join(dir, name), { cwd: dir });
    assert.equal(w.testName.length > 0, true, name);
    assert.equal(w.randomSeed, 100, name);
    assert.equal(w.blocking, false, name);
    assert.equal(w.transport, 'http', name);
    assert.equal(w.namespace, '_', name);
    assert.deepEqual(w.perfMonitoring.targets, [], name);
    assert.ok(w.instances.length > 0, name);
  }
});

test('the FaaSProfiler sample maps to the Workload contract: order, arrivals, absolute paths, raw JSON', async () => {
  const dir = await tempDir();
  await cp(join(FIXTURES, 'sample_workload_configs.json'), join(dir, 'sample.json'));
  await writeFile(join(dir, 'param_file.json'), '{"n": 7}');
  await mkdir(join(dir, 'monitoring'));
  await writeFile(join(dir, 'monitoring', 'RuntimeMonitoring.sh'), '#!/bin/sh\n');
  const w = await loadWorkload(join(dir, 'sample.json'), { cwd: dir });
  assert.equal(w.endpoint, 'local_openwhisk', 'no endpoint key means local_openwhisk');
  assert.equal(w.durationS, 15);
  assert.deepEqual(
    w.instances.map((i) => i.name),
    ['instance1', 'instance2', 'instance3', 'instance4'],
  );
  assert.deepEqual(w.instances[0]!.arrival, { kind: 'Poisson', rate: 25, window: [5, 10] });
  assert.deepEqual(w.instances[1]!.arrival, { kind: 'Uniform', rate: 10, window: [5, 10] });
  assert.deepEqual(w.instances[2]!.arrival, {
    kind: 'trace',
    interarrivals: [5, 0.13, 0.15, 0.8, 0.1, 0.13, 0.13, 0.1, 0.4],
  });
  assert.equal(w.instances[3]!.paramFile, join(dir, 'param_file.json'));
  assert.equal(w.instances[0]!.paramFile, null);
  assert.equal(w.perfMonitoring.runtimeScript, join(dir, 'monitoring', 'RuntimeMonitoring.sh'));
  assert.equal(w.perfMonitoring.postScript, null);
  assert.equal(w.configPath, join(dir, 'sample.json'));
  assert.equal((w.raw as { test_name: string }).test_name, 'example_test');
});

test('extensions, defaults and generic endpoints', async () => {
  const dir = await folderWith({
    'w.json': {
      test_name: 'ext',
      test_duration_in_seconds: 4,
      random_seed: null,
      endpoint: 'generic',
      transport: 'cli',
      namespace: 'guest',
      instances: {
        b: {
          application: 'x',
          url: 'http://127.0.0.1:1/x',
          data: { a: [1] },
          distribution: 'Poisson',
          rate: 0,
          activity_window: [1, 99],
        },
        a: { application: 'y', url: 'http://127.0.0.1:1/y', interarrivals_list: [], activity_window: null },
      },
      perf_monitoring: { targets: [{ ssh: 'me@node1' }, { kubectl: '-n openwhisk exec owdev-invoker-0 --' }] },
    },
  });
  const w = await loadWorkload(join(dir, 'w.json'), { cwd: dir });
  assert.equal(w.randomSeed, null);
  assert.equal(w.endpoint, 'generic');
  assert.equal(w.transport, 'cli');
  assert.equal(w.namespace, 'guest');
  assert.deepEqual(
    w.instances.map((i) => i.name),
    ['b', 'a'],
    'JSON order kept',
  );
  assert.deepEqual(
    w.instances[0]!.arrival,
    { kind: 'Poisson', rate: 0, window: [1, 4] },
    'window end clipped to the test',
  );
  assert.equal(w.instances[0]!.url, 'http://127.0.0.1:1/x');
  assert.deepEqual(w.instances[0]!.data, { a: [1] });
  assert.equal(w.instances[1]!.data, undefined);
  assert.deepEqual(w.perfMonitoring, {
    runtimeScript: null,
    postScript: null,
    targets: [{ ssh: 'me@node1' }, { kubectl: '-n openwhisk exec owdev-invoker-0 --' }],
  });
});

test('relative files resolve against the config folder first, then the current folder', async () => {
  const cwd = await folderWith({ 'p.json': '{"from": "cwd"}', 'only-cwd.bin': 'x' });
  const confDir = await folderWith({
    'w.json': minimal({}, { param_file: 'p.json', data_file: undefined }),
    'p.json': '{"from": "config dir"}',
  });
  const w = await loadWorkload(join(confDir, 'w.json'), { cwd });
  assert.equal(w.instances[0]!.paramFile, join(confDir, 'p.json'));

  const confDir2 = await folderWith({ 'w.json': minimal({}, { data_file: 'only-cwd.bin' }) });
  const w2 = await loadWorkload(join(confDir2, 'w.json'), { cwd });
  assert.equal(w2.instances[0]!.dataFile, join(cwd, 'only-cwd.bin'));
  // A relative config path is taken from cwd too.
  const w3 = await loadWorkload('w.json', { cwd: confDir });
  assert.equal(w3.configPath, join(confDir, 'w.json'));
  assert.equal(w3.instances[0]!.paramFile, join(confDir, 'p.json'));
});

test('several bad fields are all reported, one line each, in file order', async () => {
  const lines = await problemsOf({
    test_name: 'bad',
    test_duration_in_seconds: 0,
    random_seed: 2 ** 32,
    blocking_cli: 'no',
    endpoint: 'lambda',
    instances: {
      instance1: { application: 'a', distribution: 'Uniform', rat: 3 },
      instance4: { application: 'b', distribution: 'poisson', rate: 'fast', activity_window: [7, 5] },
    },
    extra_key: 1,
  });
  assert.deepEqual(lines, [
    'test_duration_in_seconds: expected a number > 0, got 0',
    'random_seed: expected an unsigned 32-bit integer (0 to 4294967295) or null, got 4294967296',
    'blocking_cli: expected true or false, got "no"',
    'endpoint: expected "local_openwhisk", "openwhisk", "generic" or "embedded", got "lambda"',
    'instances.instance1.rat: unknown key',
    'instances.instance1.rate: missing, expected a number >= 0 (invocations per second) with distribution',
    'instances.instance4.distribution: expected "Uniform" or "Poisson", got "poisson"',
    'instances.instance4.rate: expected a number >= 0 (invocations per second), or [from, to] (a linear ramp over the activity window), got "fast"',
    'instances.instance4.activity_window: expected start <= end, got [7,5]',
    'extra_key: unknown key',
  ]);
});

test('instance shape rules: synthetic or trace, one body, url for generic, window inside the test', async () => {
  const lines = await problemsOf(
    {
      test_name: 't',
      test_duration_in_seconds: 10,
      endpoint: 'generic',
      instances: {
        both: { application: 'a', url: 'u', distribution: 'Uniform', rate: 1, interarrivals_list: [1] },
        neither: { application: 'a', url: 'u' },
        nodist: { application: 'a', url: 'u', rate: 1 },
        tracewin: { application: 'a', url: 'u', interarrivals_list: [1, -1], activity_window: [0, 1] },
        late: { application: 'a', url: 'u', distribution: 'Poisson', rate: 1, activity_window: [11, 12] },
        nourl: { application: 'a', distribution: 'Poisson', rate: 1 },
        twobodies: {
          application: 'a',
          url: 'u',
          distribution: 'Poisson',
          rate: 1,
          param_file: 'p.json',
          data_file: 'd.bin',
        },
        noapp: { distribution: 'Poisson', rate: -1, url: 'u' },
      },
    },
    { 'p.json': '{}', 'd.bin': 'x' },
  );
  assert.deepEqual(lines, [
    'instances.both: expected either interarrivals_list or distribution + rate, not both',
    'instances.neither: expected distribution + rate (synthetic traffic), distribution + steps, interarrivals_list or azure.trace (a trace)',
    'instances.nodist.distribution: missing, expected "Uniform" or "Poisson" with rate',
    'instances.tracewin.interarrivals_list[1]: expected a number of seconds >= 0, got -1',
    'instances.tracewin.activity_window: not used with interarrivals_list (trace times count from test start): remove it or set it to null',
    'instances.late.activity_window: expected a start <= test_duration_in_seconds (10), got [11,12]',
    'instances.nourl.url: missing, expected the URL to POST to (required with endpoint "generic")',
    'instances.twobodies: expected param_file or data_file (one request body), not both',
    'instances.noapp.rate: expected a number >= 0 (invocations per second), got -1',
    'instances.noapp.application: missing, expected a non-empty string (the action name)',
  ]);
});

test('required top-level keys, empty instances, and odd instance names', async () => {
  assert.deepEqual(await problemsOf({ instances: {} }), [
    'instances: expected at least one instance, got {}',
    'test_name: missing, expected a non-empty string',
    'test_duration_in_seconds: missing, expected a number > 0',
  ]);
  assert.deepEqual(
    await problemsOf(
      minimal({ instances: { 'my app': { application: 'a', distribution: 'Uniform', rate: 1, x: 1 } } }),
    ),
    ['instances["my app"].x: unknown key'],
  );
  assert.deepEqual(
    await problemsOf(minimal({ perf_monitoring: { runtime_script: 3, targets: [{ ssh: 'a@b', kubectl: 'x' }] } })),
    [
      'perf_monitoring.runtime_script: expected a file path (string) or null, got 3',
      'perf_monitoring.targets[0]: expected {"ssh": "user@host"[, "port", "identity", "options"]} or {"kubectl": "<arguments before the command>"}, got {"ssh":"a@b","kubectl":"x"}',
    ],
  );
});

test('missing and unusable files are reported with the field and the resolved paths', async () => {
  const dir = await folderWith({
    'w.json': {
      ...minimal(),
      instances: {
        i1: { application: 'a', distribution: 'Uniform', rate: 1, param_file: 'absent.json' },
        i2: { application: 'a', distribution: 'Uniform', rate: 1, param_file: 'list.json' },
        i3: { application: 'a', distribution: 'Uniform', rate: 1, param_file: 'broken.json' },
        i4: { application: 'a', distribution: 'Uniform', rate: 1, data_file: 'sub' },
      },
      perf_monitoring: { runtime_script: '/definitely/not/here.sh', post_script: null },
    },
    'list.json': '[1, 2]',
    'broken.json': '{"a": 1,\n "b" 2}',
    'sub/keep': '',
  });
  const cwd = await tempDir();
  const err = await loadWorkload(join(dir, 'w.json'), { cwd }).catch((e: unknown) => e);
  assert.ok(err instanceof UserErrors);
  const lines = err.lines.map((l) => l.slice(join(dir, 'w.json').length + 2));
  assert.deepEqual(lines, [
    `instances.i1.param_file: file not found: ${join(dir, 'absent.json')} (also tried ${join(cwd, 'absent.json')})`,
    `instances.i2.param_file: expected ${join(dir, 'list.json')} to hold a JSON object of parameters, got an array`,
    `instances.i3.param_file: ${join(dir, 'broken.json')} is not valid JSON: line 2, column 6: expected ':', got "2"`,
    `instances.i4.data_file: file not found: ${join(dir, 'sub')} (also tried ${join(cwd, 'sub')})`,
    'perf_monitoring.runtime_script: file not found: /definitely/not/here.sh',
  ]);
});

test('unreadable configs give one line: missing file, folder, invalid JSON with position, non-object', async () => {
  const dir = await folderWith({
    'syntax.json': '{\n  "test_name": "x",\n  "instances": {,}\n}',
    'array.json': '[]',
    'bom.json': `\ufeff${JSON.stringify(minimal())}`,
  });
  const one = async (p: string) => {
    const err = await loadWorkload(p, { cwd: dir }).catch((e: unknown) => e);
    assert.ok(err instanceof UserError && !(err instanceof UserErrors), String(err));
    assert.equal(err.message.includes('\n'), false);
    return err.message;
  };
  assert.equal(await one('nope.json'), 'nope.json: cannot read the workload config: no such file');
  assert.equal(await one('.'), '.: cannot read the workload config: it is a folder');
  assert.equal(
    await one('syntax.json'),
    'syntax.json: invalid JSON at line 3, column 17: expected a double-quoted string, got ","',
  );
  assert.equal(await one('array.json'), 'array.json: expected a JSON object at the top level, got []');
  assert.equal((await loadWorkload('bom.json', { cwd: dir })).testName, 't', 'a UTF-8 byte order mark is accepted');
});

test('the shipped example configs load, and configs/faasprofiler holds the FaaSProfiler samples unchanged', async () => {
  const root = fileURLToPath(new URL('../../configs/', import.meta.url));
  for (const name of (await readdir(FIXTURES)).filter((f) => f.endsWith('.json'))) {
    assert.equal(
      await readFile(join(root, 'faasprofiler', name), 'utf8'),
      await readFile(join(FIXTURES, name), 'utf8'),
      name,
    );
  }
  // Scripts named relative to the project root are found from the current folder (a stand-in here).
  const cwd = await folderWith({ 'monitoring/RuntimeMonitoring.sh': '#!/bin/sh\n' });
  const examples = join(root, 'examples');
  const loaded = await Promise.all(
    (await readdir(examples)).filter((f) => f.endsWith('.json')).map((f) => loadWorkload(join(examples, f), { cwd })),
  );
  assert.ok(loaded.length >= 2);
  const remote = loaded.find((w) => w.testName === 'remote_monitoring')!;
  assert.equal(remote.perfMonitoring.runtimeScript, join(cwd, 'monitoring', 'RuntimeMonitoring.sh'));
  assert.equal(remote.instances[0]!.paramFile, join(examples, 'params', 'primes.json'));
  assert.equal(remote.perfMonitoring.targets.length, 2);
});

test('ssh monitoring targets take a port, an identity file (resolved like other files) and extra options', async () => {
  const dir = await folderWith({
    'keys/id_test': 'not really a key',
    'w.json': minimal({
      perf_monitoring: {
        targets: [{ ssh: 'root@127.0.0.1', port: 2222, identity: 'keys/id_test', options: ['-o', 'BatchMode=yes'] }],
      },
    }),
  });
  const w = await loadWorkload(join(dir, 'w.json'), { cwd: dir });
  assert.deepEqual(w.perfMonitoring.targets, [
    { ssh: 'root@127.0.0.1', port: 2222, identity: join(dir, 'keys/id_test'), options: ['-o', 'BatchMode=yes'] },
  ]);

  const problems = await problemsOf(
    minimal({ perf_monitoring: { targets: [{ ssh: 'a@b', port: 70000, identity: 'missing_key' }] } }),
  );
  assert.equal(problems.length, 2, problems.join('\n'));
  assert.match(problems.join('\n'), /perf_monitoring\.targets\[0\]\.identity: file not found/);
  assert.match(problems.join('\n'), /perf_monitoring\.targets\[0\]/);
});
