import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FAKE_WSK,
  isolatedEnv,
  json,
  readMetadata,
  readRecords,
  runInvoker,
  selfSignedCert,
  seqsExactlyOnce,
  serversClosedAfterTests,
  startRecordingServer,
  tempDir,
  writeConfig,
} from './invoker-helpers.js';

const servers = serversClosedAfterTests();

test("generic endpoint: POSTs each instance's data as JSON to its url; 2xx ok, 429 throttled, 502 is a platform error", async () => {
  const server = await startRecordingServer((req, res) => {
    if (req.url.startsWith('/ok')) return json(res, 200, { fine: true });
    if (req.url.startsWith('/limit')) return json(res, 429, { message: 'slow down' });
    return json(res, 502, { message: 'bad gateway' });
  });
  servers.push(server);
  const dir = tempDir('inv-generic');
  const config = writeConfig(
    dir,
    { endpoint: 'generic' },
    {
      a: {
        application: 'app_a',
        url: `${server.origin}/ok?x=1`,
        data: { argument: '{"fileName":"test.mp4"}' },
        distribution: 'Uniform',
        rate: 6,
        activity_window: null,
      },
      b: {
        application: 'app_b',
        url: `${server.origin}/limit`,
        data: { n: 1 },
        distribution: 'Uniform',
        rate: 3,
        activity_window: null,
      },
      c: { application: 'app_c', url: `${server.origin}/gw`, distribution: 'Uniform', rate: 2, activity_window: null },
    },
  );
  const logs = join(dir, 'logs');
  const r = await runInvoker(['-c', config, '--out-dir', logs], isolatedEnv(dir), dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(server.requests.length, 11);
  for (const q of server.requests) {
    assert.equal(q.method, 'POST');
    assert.equal(q.headers['content-type'], 'application/json');
    assert.equal(q.headers.authorization, undefined);
  }
  assert.deepEqual(JSON.parse(server.requests.find((q) => q.url === '/ok?x=1')!.body.toString()), {
    argument: '{"fileName":"test.mp4"}',
  });
  assert.equal(server.requests.find((q) => q.url === '/gw')!.body.toString(), '{}');
  const records = readRecords(logs);
  assert.ok(seqsExactlyOnce(records, 11));
  const outcomes = (app: string) => [
    ...new Set(records.filter((x) => x.application === app).map((x) => `${x.outcome}/${x.status}`)),
  ];
  assert.deepEqual(outcomes('app_a'), ['ok/200']);
  assert.deepEqual(outcomes('app_b'), ['throttled/429']);
  assert.deepEqual(outcomes('app_c'), ['platform_error/502']);
  const meta = readMetadata(logs).json;
  assert.deepEqual([meta.endpoint, meta.api_host], ['generic', null]);
});

test('TLS: a self-signed API host fails verification without -i and works with -i', async (t) => {
  const dir = tempDir('inv-tls');
  const tls = selfSignedCert(dir);
  if (tls === null) return t.skip('openssl is not available');
  const server = await startRecordingServer((_req, res) => json(res, 202, { activationId: 'a'.repeat(32) }), tls);
  servers.push(server);
  const config = writeConfig(
    dir,
    {},
    { i: { application: 'hello', distribution: 'Uniform', rate: 4, activity_window: null } },
  );
  const env = isolatedEnv(dir, { WHISK_APIHOST: server.origin.replace('https://', ''), WHISK_AUTH: 'u:k' });

  const strict = await runInvoker(['-c', config, '--out-dir', join(dir, 'strict')], env, dir);
  assert.equal(strict.code, 2, strict.stderr);
  assert.equal(server.requests.length, 0);
  assert.match(
    strict.stderr,
    /^error: cannot reach https:\/\/127\.0\.0\.1:\d+ before the test: self[- ]signed certificate.*\(-i skips TLS verification\)$/m,
  );

  const insecure = await runInvoker(['-c', config, '--out-dir', join(dir, 'insecure'), '-i'], env, dir);
  assert.equal(insecure.code, 0, insecure.stderr);
  assert.equal(server.requests.length, 4);
  for (const x of readRecords(join(dir, 'insecure')))
    assert.deepEqual([x.outcome, x.status, x.activation_id], ['ok', 202, 'a'.repeat(32)]);
});

test('wsk CLI transport (stand-in wsk): documented outputs and exit codes become records; flags passed as given', async () => {
  const dir = tempDir('inv-wsk');
  writeFileSync(join(dir, 'params.json'), '{"name":"x"}');
  const log = join(dir, 'wsk-calls.ndjson');
  const config = writeConfig(
    dir,
    { transport: 'cli', blocking_cli: true, test_duration_in_seconds: 2 },
    {
      hello: { application: 'hello', interarrivals_list: [0.05, 0.05], param_file: 'params.json' },
      fail: { application: 'fail', interarrivals_list: [0.1] },
      busy: { application: 'busy', interarrivals_list: [0.1] },
      missing: { application: 'missing', interarrivals_list: [0.1] },
      locked: { application: 'locked', interarrivals_list: [0.1] },
      slow: { application: 'slow', interarrivals_list: [0.1] },
      offline: { application: 'offline', interarrivals_list: [0.1] },
      hang: { application: 'hang', interarrivals_list: [0.1] },
    },
  );
  const logs = join(dir, 'logs');
  const r = await runInvoker(
    ['-c', config, '--out-dir', logs, '--wsk', FAKE_WSK, '-i', '--timeout-s', '2'],
    isolatedEnv(dir, { FAKE_WSK_LOG: log }),
    dir,
  );
  assert.equal(r.code, 0, r.stderr);
  const records = readRecords(logs);
  assert.ok(seqsExactlyOnce(records, 9));
  const one = (app: string) => records.find((x) => x.application === app)!;
  assert.equal(
    records.filter(
      (x) =>
        x.application === 'hello' &&
        x.outcome === 'ok' &&
        x.status === 0 &&
        /^[0-9a-f]{32}$/.test(x.activation_id ?? ''),
    ).length,
    2,
  );
  assert.deepEqual(
    [one('fail').outcome, one('fail').status, one('fail').activation_id?.length],
    ['app_error', 246, 32],
  );
  assert.deepEqual([one('busy').outcome, one('busy').status], ['throttled', 173]);
  assert.match(one('busy').error ?? '', /Too many requests in the last minute/);
  assert.deepEqual([one('missing').outcome, one('missing').status], ['client_error', 148]);
  assert.deepEqual([one('locked').outcome, one('locked').status], ['client_error', 145]);
  assert.deepEqual([one('slow').outcome, one('slow').status, one('slow').activation_id?.length], ['ok', 202, 32]);
  assert.deepEqual([one('offline').outcome, one('offline').status], ['error', 3]);
  assert.deepEqual([one('hang').outcome, one('hang').status, one('hang').error], ['timeout', null, 'timeout']);

  const calls = readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as string[]);
  assert.equal(calls.length, 9);
  const helloCall = calls.find((c) => c[2] === 'hello')!;
  assert.deepEqual(helloCall, ['action', 'invoke', 'hello', '--blocking', '-P', join(dir, 'params.json'), '-i']);
  assert.ok(
    calls.every((c) => !c.includes('--auth') && !c.includes('--apihost')),
    'credentials are passed only when given as flags',
  );
  assert.equal(readMetadata(logs).json.transport, 'cli');

  // Given as flags, they are passed through to wsk (and never printed).
  const flagged = await runInvoker(
    [
      '-c',
      config,
      '--out-dir',
      join(dir, 'flagged'),
      '--wsk',
      FAKE_WSK,
      '--apihost',
      'https://ow.example',
      '--auth',
      'user:secretkey',
      '--timeout-s',
      '1',
    ],
    isolatedEnv(dir, { FAKE_WSK_LOG: log }),
    dir,
  );
  assert.equal(flagged.code, 0, flagged.stderr);
  const later = readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .slice(9)
    .map((l) => JSON.parse(l) as string[]);
  assert.ok(later.every((c) => c.join(' ').endsWith('--apihost https://ow.example --auth user:secretkey')));
  assert.ok(
    !`${flagged.stdout}${flagged.stderr}${readFileSync(join(dir, 'flagged', 'SWI.log'), 'utf8')}`.includes('secretkey'),
  );
});

test('wsk CLI transport with no wsk: one error line before the test (dry run too), no flags leaked', async () => {
  const dir = tempDir('inv-nowsk');
  const config = writeConfig(
    dir,
    { transport: 'cli', test_duration_in_seconds: 600 },
    { i: { application: 'hello', distribution: 'Uniform', rate: 1 } },
  );
  for (const [wsk, extra] of [
    [join(dir, 'no-such-wsk'), []],
    ['no-such-wsk-on-path', []],
    [join(dir, 'no-such-wsk'), ['--dry-run']],
  ] as const) {
    const r = await runInvoker(
      ['-c', config, '--out-dir', join(dir, 'logs'), '--wsk', wsk, '--auth', 'u:topsecret', ...extra],
      isolatedEnv(dir),
      dir,
    );
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^error: the wsk CLI ".*no-such-wsk.*" is not an executable file/);
    assert.ok(!`${r.stdout}${r.stderr}`.includes('topsecret'));
  }
  assert.ok(!existsSync(join(dir, 'logs', 'invocations.ndjson')), 'the 600 s test never started');
});

test('--transport cli with a generic or embedded endpoint is one clear error before anything runs, dry run too', async () => {
  const dir = tempDir('inv-cli-generic');
  for (const [endpoint, extra] of [
    ['generic', []],
    ['embedded', []],
    ['embedded', ['--dry-run']],
  ] as const) {
    const config = writeConfig(
      dir,
      { endpoint },
      { i: { application: 'a', url: 'http://127.0.0.1:9/x', interarrivals_list: [0.1] } },
    );
    const r = await runInvoker(
      ['-c', config, '--out-dir', join(dir, endpoint), '--transport', 'cli', ...extra],
      isolatedEnv(dir),
      dir,
    );
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`^error: endpoint "${endpoint}" .*--transport cli`));
  }
});
