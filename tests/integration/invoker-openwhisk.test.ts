import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createServer } from 'node:net';
import {
  isolatedEnv,
  json,
  readMetadata,
  readRecords,
  runInvoker,
  seqsExactlyOnce,
  serversClosedAfterTests,
  startRecordingServer,
  tempDir,
  writeConfig,
  type RecordingServer,
} from './invoker-helpers.js';

const AUTH = '23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP';
const basic = (auth: string) => `Basic ${Buffer.from(auth).toString('base64')}`;

const servers = serversClosedAfterTests();

/** An OpenWhisk-like API: answers by action name. */
let nextId = 0;
async function fakeOpenWhisk(): Promise<RecordingServer> {
  const server = await startRecordingServer((req, res) => {
    const action = /\/actions\/([^?]+)/.exec(req.url)?.[1] ?? '';
    const id = (nextId++).toString(16).padStart(32, '0');
    if (req.url.startsWith('/api/v1/web/')) {
      res.writeHead(200, { 'content-type': 'image/png', 'x-openwhisk-activation-id': id });
      return res.end(req.body);
    }
    switch (action) {
      case 'hello':
        return json(res, 202, { activationId: id });
      case 'pkg/echo':
        res.writeHead(202, { 'x-openwhisk-activation-id': id });
        return res.end();
      case 'crash':
        return json(
          res,
          502,
          { activationId: id, error: 'The action did not return a dictionary.' },
          { 'x-openwhisk-activation-id': id },
        );
      case 'busy':
        return json(res, 429, {
          error: 'Too many requests in the last minute (count: 61, allowed: 60).',
          code: 'tid1',
        });
      case 'locked':
        return json(res, 401, {
          error: 'The supplied authentication is not authorized to access this resource.',
          code: 'tid2',
        });
      case 'nope':
        return json(res, 404, { error: 'The requested resource does not exist.', code: 'tid3' });
      case 'broken':
        res.writeHead(503);
        return res.end('System is overloaded, try again later.');
      case 'silent':
        return; // never answers: the per-request timeout must fire
      default:
        return json(res, 500, { error: `unexpected action ${action}` });
    }
  });
  servers.push(server);
  return server;
}

test('OpenWhisk REST: one POST per scheduled invocation, right path, query, auth, body; ids from body and header; records and metadata', async () => {
  const server = await fakeOpenWhisk();
  const dir = tempDir('inv-ow');
  writeFileSync(join(dir, 'params.json'), '{"name":"world","n":3}');
  const config = writeConfig(
    dir,
    { test_duration_in_seconds: 1 },
    {
      instance1: {
        application: 'hello',
        distribution: 'Uniform',
        rate: 20,
        activity_window: null,
        param_file: 'params.json',
      },
      instance2: { application: 'pkg/echo', distribution: 'Poisson', rate: 15, activity_window: null },
    },
  );
  const logs = join(dir, 'out dir with spaces');
  // Given relative to the working folder: line 2 keeps it so (FaaSProfiler joins it to its root).
  const r = await runInvoker(
    ['-c', relative(dir, config), '--out-dir', logs],
    isolatedEnv(dir, { WHISK_APIHOST: server.origin, WHISK_AUTH: AUTH }),
    dir,
  );
  assert.equal(r.code, 0, r.stderr);

  const meta = readMetadata(logs);
  const n = Number(meta.out[2]);
  assert.ok(n >= 20, `expected at least the 20 uniform events, got ${n}`);
  assert.equal(meta.out[1], relative(dir, config));
  assert.equal(meta.json.config_path, config);
  assert.equal(Number(meta.out[0]), meta.json.start_ms);
  assert.equal(server.requests.length, n);
  const hello = server.requests.filter((q) => q.url.includes('/hello'));
  assert.equal(hello.length, 20);
  for (const q of server.requests) {
    assert.equal(q.method, 'POST');
    assert.equal(q.headers.authorization, basic(AUTH));
    assert.equal(q.headers['content-type'], 'application/json');
    assert.match(q.url, /^\/api\/v1\/namespaces\/_\/actions\/(hello|pkg\/echo)\?blocking=false&result=true$/);
  }
  for (const q of hello) assert.deepEqual(JSON.parse(q.body.toString()), { name: 'world', n: 3 });
  for (const q of server.requests.filter((x) => x.url.includes('/pkg/echo'))) assert.equal(q.body.toString(), '{}');

  const records = readRecords(logs);
  assert.ok(seqsExactlyOnce(records, n));
  for (const rec of records) {
    assert.equal(rec.outcome, 'ok');
    assert.equal(rec.status, 202);
    assert.match(rec.activation_id ?? '', /^[0-9a-f]{32}$/);
    assert.ok(rec.sent_ms! >= rec.scheduled_ms - 0.001 && rec.done_ms! >= rec.sent_ms!);
    assert.ok(Math.abs(rec.lag_ms! - (rec.sent_ms! - rec.scheduled_ms)) < 0.01);
    assert.ok(rec.scheduled_ms >= meta.json.start_ms - 1 && rec.scheduled_ms <= meta.json.start_ms + 1000);
  }
  assert.equal(new Set(records.map((x) => x.activation_id)).size, n, 'each record has its own activation id');
  assert.deepEqual(
    [
      meta.json.endpoint,
      meta.json.transport,
      meta.json.api_host,
      meta.json.invocations,
      meta.json.records_path,
      meta.json.interrupted,
      meta.json.seed,
    ],
    ['local_openwhisk', 'http', server.origin, n, 'invocations.ndjson', false, 7],
  );
  assert.match(r.stdout, new RegExp(`${n} scheduled, ${n} sent, ${n} ok`));
  assert.match(r.stdout, /send lag p50/);
  const log = readFileSync(join(logs, 'SWI.log'), 'utf8');
  assert.match(log, /run finished/);
  for (const text of [log, r.stdout, r.stderr, JSON.stringify(meta.json)])
    assert.ok(!text.includes(AUTH.split(':')[1]!), 'the auth key never appears');
});

test('two dispatch threads: each scheduled invocation is sent once, by one of them, on time', async () => {
  const server = await fakeOpenWhisk();
  const dir = tempDir('inv-workers');
  const config = writeConfig(
    dir,
    {},
    {
      a: { application: 'hello', distribution: 'Uniform', rate: 150, activity_window: null },
      b: { application: 'pkg/echo', distribution: 'Poisson', rate: 50, activity_window: null },
    },
  );
  const logs = join(dir, 'logs');
  const r = await runInvoker(
    ['-c', config, '--out-dir', logs, '--workers', '2'],
    isolatedEnv(dir, { WHISK_APIHOST: server.origin, WHISK_AUTH: AUTH }),
    dir,
  );
  assert.equal(r.code, 0, r.stderr);
  const n = Number(readMetadata(logs).out[2]);
  const records = readRecords(logs);
  assert.ok(seqsExactlyOnce(records, n));
  assert.equal(server.requests.length, n);
  assert.ok(records.every((x) => x.outcome === 'ok'));
  assert.match(readFileSync(join(logs, 'SWI.log'), 'utf8'), /"workers":2/);
});

test('status mapping: 502 app_error, 429 throttled (run keeps going), 401/404/503 errors with text, silent server times out', async () => {
  const server = await fakeOpenWhisk();
  const dir = tempDir('inv-status');
  const config = writeConfig(
    dir,
    { test_duration_in_seconds: 1, blocking_cli: true },
    {
      crash: { application: 'crash', distribution: 'Uniform', rate: 5, activity_window: null },
      storm: { application: 'busy', distribution: 'Uniform', rate: 100, activity_window: null },
      locked: { application: 'locked', distribution: 'Uniform', rate: 2, activity_window: null },
      nope: { application: 'nope', distribution: 'Uniform', rate: 2, activity_window: null },
      broken: { application: 'broken', distribution: 'Uniform', rate: 2, activity_window: null },
      silent: { application: 'silent', distribution: 'Uniform', rate: 2, activity_window: null },
    },
  );
  const logs = join(dir, 'logs');
  const r = await runInvoker(
    ['-c', config, '--out-dir', logs, '--timeout-s', '0.5'],
    isolatedEnv(dir, { WHISK_APIHOST: server.origin, WHISK_AUTH: AUTH }),
    dir,
  );
  assert.equal(r.code, 0, r.stderr);
  const records = readRecords(logs);
  const n = Number(readMetadata(logs).out[2]);
  assert.ok(seqsExactlyOnce(records, n));
  for (const q of server.requests) assert.match(q.url, /\?blocking=true&result=true$/);
  const by = (instance: string) => records.filter((x) => x.instance === instance);
  assert.equal(by('storm').length, 100);
  for (const x of by('storm'))
    assert.deepEqual(
      [x.outcome, x.status, x.error],
      ['throttled', 429, '429 Too many requests in the last minute (count: 61, allowed: 60).'],
    );
  for (const x of by('crash')) {
    assert.deepEqual([x.outcome, x.status], ['app_error', 502]);
    assert.match(x.activation_id ?? '', /^[0-9a-f]{32}$/);
  }
  for (const x of by('locked'))
    assert.deepEqual(
      [x.outcome, x.status, x.error],
      ['client_error', 401, '401 The supplied authentication is not authorized to access this resource.'],
    );
  for (const x of by('nope'))
    assert.deepEqual(
      [x.outcome, x.status, x.error],
      ['client_error', 404, '404 The requested resource does not exist.'],
    );
  for (const x of by('broken'))
    assert.deepEqual(
      [x.outcome, x.status, x.error],
      ['platform_error', 503, '503 System is overloaded, try again later.'],
    );
  for (const x of by('silent'))
    assert.deepEqual([x.outcome, x.status, x.error, x.sent_ms !== null], ['timeout', null, 'timeout', true]);
  assert.match(r.stdout, /throttled 100/);
  assert.match(r.stdout, /429 ×100/);
});

test('unreachable API host: one error line naming ECONNREFUSED before the test, nothing sent', async () => {
  const dir = tempDir('inv-refused');
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const { port } = closed.address() as { port: number };
  await new Promise<void>((r) => closed.close(() => r()));
  const config = writeConfig(
    dir,
    {},
    { i: { application: 'hello', distribution: 'Uniform', rate: 10, activity_window: null } },
  );
  const r = await runInvoker(
    ['-c', config, '--out-dir', join(dir, 'logs'), '--apihost', `http://127.0.0.1:${port}`, '--auth', AUTH],
    isolatedEnv(dir),
    dir,
  );
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(
    r.stderr,
    new RegExp(`^error: cannot reach http://127\\.0\\.0\\.1:${port} before the test: .*ECONNREFUSED`),
  );
  assert.ok(!existsSync(join(dir, 'logs', 'invocations.ndjson')), 'no test was started');
});

test('DNS failure: one error line naming the lookup failure before the test', async () => {
  const dir = tempDir('inv-dns');
  const config = writeConfig(dir, {}, { i: { application: 'hello', interarrivals_list: [0.01, 0.01, 0.01] } });
  const r = await runInvoker(
    [
      '-c',
      config,
      '--out-dir',
      join(dir, 'logs'),
      '--apihost',
      'http://no-such-host.invalid',
      '--auth',
      AUTH,
      '--timeout-s',
      '5',
    ],
    isolatedEnv(dir),
    dir,
  );
  assert.equal(r.code, 2, r.stderr);
  assert.match(
    r.stderr,
    /^error: cannot reach http:\/\/no-such-host\.invalid before the test: .*(ENOTFOUND|EAI_AGAIN|no connection)/,
  );
});

test('missing API host/auth: one line naming flags, env vars and the props file; nothing invoked', async () => {
  const dir = tempDir('inv-nocreds');
  const config = writeConfig(
    dir,
    {},
    { i: { application: 'hello', distribution: 'Uniform', rate: 10, activity_window: null } },
  );
  const r = await runInvoker(['-c', config, '--out-dir', join(dir, 'logs')], isolatedEnv(dir), dir);
  assert.equal(r.code, 2);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(
    lines[0]!,
    /^error: no OpenWhisk API host or auth key found; looked at --apihost\/--auth, WHISK_APIHOST\/WHISK_AUTH, ~\/\.wskprops \(.*\.wskprops\)$/,
  );
});

test('credential precedence through the CLI: flags > WHISK_* > WSK_CONFIG_FILE, and a bare APIHOST gets https://', async () => {
  const server = await fakeOpenWhisk();
  const dir = tempDir('inv-props');
  const props = join(dir, 'my props');
  writeFileSync(props, `# test props\nAPIHOST=${server.origin}/\nAUTH=file:key\n`);
  const config = writeConfig(
    dir,
    {},
    { i: { application: 'hello', distribution: 'Uniform', rate: 3, activity_window: null } },
  );
  const run = async (args: string[], extra: Record<string, string>) => {
    const before = server.requests.length;
    const r = await runInvoker(
      ['-c', config, '--out-dir', join(dir, 'logs'), ...args],
      isolatedEnv(dir, { WSK_CONFIG_FILE: props, ...extra }),
      dir,
    );
    assert.equal(r.code, 0, r.stderr);
    return { r, seen: server.requests.slice(before) };
  };
  let { seen } = await run([], {});
  assert.equal(seen.length, 3);
  assert.ok(seen.every((q) => q.headers.authorization === basic('file:key')));
  ({ seen } = await run([], { WHISK_AUTH: 'env:key' }));
  assert.ok(seen.every((q) => q.headers.authorization === basic('env:key')));
  ({ seen } = await run(['--auth', 'flag:key'], { WHISK_AUTH: 'env:key' }));
  assert.ok(seen.every((q) => q.headers.authorization === basic('flag:key')));
  // A bare host gets https://: no TLS handshake with a plain-HTTP server, so the run stops before the test.
  const before = server.requests.length;
  const bare = await runInvoker(
    ['-c', config, '--out-dir', join(dir, 'bare'), '--apihost', server.origin.replace('http://', '')],
    isolatedEnv(dir, { WSK_CONFIG_FILE: props }),
    dir,
  );
  assert.equal(bare.code, 2, bare.stderr);
  assert.match(
    bare.stderr,
    new RegExp(`^error: cannot reach ${server.origin.replace('http://', 'https://')} before the test`),
  );
  assert.equal(server.requests.length, before);
});

test('data_file: binary POST to the web action URL with a content type from the extension, no auth', async () => {
  const server = await fakeOpenWhisk();
  const dir = tempDir('inv-web');
  const image = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x10]);
  writeFileSync(join(dir, 'logo.png'), image);
  const config = writeConfig(
    dir,
    {},
    {
      img: { application: 'thumbnail', distribution: 'Uniform', rate: 4, activity_window: null, data_file: 'logo.png' },
    },
  );
  const r = await runInvoker(
    ['-c', config, '--out-dir', join(dir, 'logs'), '--apihost', server.origin, '--auth', AUTH],
    isolatedEnv(dir),
    dir,
  );
  assert.equal(r.code, 0, r.stderr);
  assert.equal(server.requests.length, 4);
  for (const q of server.requests) {
    assert.equal(q.url, '/api/v1/web/guest/default/thumbnail');
    assert.equal(q.headers['content-type'], 'image/png');
    assert.equal(q.headers.authorization, undefined);
    assert.ok(q.body.equals(image));
  }
  for (const x of readRecords(join(dir, 'logs')))
    assert.deepEqual([x.outcome, x.status, x.activation_id?.length], ['ok', 200, 32]);
});
