import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError, UserErrors } from '../../src/errors.js';
import type { InstanceSpec, Workload } from '../../src/config/types.js';
import { buildTransportSpec, preconnectSockets } from '../../src/invoke/prepare.js';
import { waitForActivations } from '../../src/invoke/embedded.js';
import { silentLogger } from '../../src/log.js';

const dir = mkdtempSync(join(tmpdir(), 'prepare-'));
function instance(name: string, over: Partial<InstanceSpec> = {}): InstanceSpec {
  return {
    name,
    application: name,
    arrival: { kind: 'Uniform', rate: 1, window: null },
    paramFile: null,
    dataFile: null,
    url: null,
    data: undefined,
    ...over,
  };
}
function workload(instances: InstanceSpec[], over: Partial<Workload> = {}): Workload {
  return {
    testName: 't',
    durationS: 1,
    randomSeed: 1,
    blocking: false,
    endpoint: 'local_openwhisk',
    transport: 'http',
    namespace: '_',
    instances,
    perfMonitoring: { runtimeScript: null, postScript: null, targets: [] },
    configPath: join(dir, 'w.json'),
    raw: {},
    ...over,
  };
}
const target = { apihost: 'http://127.0.0.1:3233', auth: 'u:k', namespace: '_' };
const opts = {
  transport: 'http' as const,
  insecure: false,
  timeoutMs: 1000,
  connections: null,
  ratePerWorker: 100,
  wskPath: 'wsk',
};

test('param files are read once into the bodies; data files into web action requests', async () => {
  writeFileSync(join(dir, 'p.json'), '{"a":1}');
  writeFileSync(join(dir, 'd.wav'), Buffer.from([1, 2, 3]));
  const spec = await buildTransportSpec(
    workload([instance('x', { paramFile: join(dir, 'p.json') }), instance('y', { dataFile: join(dir, 'd.wav') })]),
    target,
    opts,
  );
  assert.equal(spec.kind, 'http');
  if (spec.kind !== 'http') return;
  assert.equal(spec.flavour, 'openwhisk');
  assert.equal(Buffer.from(spec.requests[0]!.body).toString(), '{"a":1}');
  assert.equal(spec.requests[1]!.path, '/api/v1/web/guest/default/y');
  assert.equal(spec.requests[1]!.headers['content-type'], 'audio/wav');
});

test('a param file that is not JSON, or cannot be read, is a UserError naming the instance and file', async () => {
  writeFileSync(join(dir, 'bad.json'), '{nope');
  await assert.rejects(
    buildTransportSpec(workload([instance('x', { paramFile: join(dir, 'bad.json') })]), target, opts),
    (err: unknown) => {
      assert.ok(err instanceof UserError);
      assert.match(err.message, /^instances\.x\.param_file .*bad\.json: not valid JSON/);
      return true;
    },
  );
  await assert.rejects(
    buildTransportSpec(workload([instance('z', { dataFile: join(dir, 'missing.bin') })]), target, opts),
    /instances\.z\.data_file .*missing\.bin: cannot read it \(ENOENT\)/,
  );
});

test('generic endpoint needs a url per instance (every missing one listed); cli transport refuses data files', async () => {
  await assert.rejects(
    buildTransportSpec(workload([instance('a'), instance('b')], { endpoint: 'generic' }), null, opts),
    (err: unknown) => {
      assert.ok(err instanceof UserErrors);
      assert.deepEqual(err.lines, [
        'instances.a.url: required for the generic endpoint',
        'instances.b.url: required for the generic endpoint',
      ]);
      return true;
    },
  );
  await assert.rejects(
    buildTransportSpec(workload([instance('img', { dataFile: join(dir, 'd.wav') })]), null, {
      ...opts,
      transport: 'cli',
    }),
    /instances\.img\.data_file: .*not possible with the cli transport/,
  );
  const cli = await buildTransportSpec(workload([instance('a', { paramFile: '/p.json' })], { blocking: true }), null, {
    ...opts,
    transport: 'cli',
    insecure: true,
  });
  assert.deepEqual(cli, {
    kind: 'cli',
    wskPath: 'wsk',
    argv: [['action', 'invoke', 'a', '--blocking', '-P', '/p.json', '-i']],
    timeoutMs: 1000,
  });
});

async function* ids(list: string[]): AsyncGenerator<string> {
  yield* list;
}

test('waitForActivations asks again until each activation is stored, and counts those never stored', async () => {
  const asked = new Map<string, number>();
  const isStored = async (id: string) => {
    asked.set(id, (asked.get(id) ?? 0) + 1);
    return id !== 'never' && asked.get(id)! >= 3;
  };
  const result = await waitForActivations({
    ids: ids(['a', 'b', 'never']),
    isStored,
    timeoutMs: 400,
    logger: silentLogger(),
  });
  assert.deepEqual(result, { checked: 3, missing: 1, missingIds: ['never'] });
  assert.equal(asked.get('a'), 3);
  assert.ok(asked.get('never')! > 3);
});

test('waitForActivations stops asking once interrupted', async () => {
  let asked = 0;
  const isStored = async () => {
    asked++;
    return false;
  };
  const result = await waitForActivations({
    ids: ids(['a', 'b']),
    isStored,
    timeoutMs: 60_000,
    stopped: () => asked >= 2,
    logger: silentLogger(),
  });
  assert.deepEqual(
    { ...result, missingIds: [...result.missingIds].sort() },
    { checked: 2, missing: 2, missingIds: ['a', 'b'] },
  );
  assert.ok(asked <= 3);
});

test('sockets opened before the test scale with the rate, within 8–128, never beyond --connections', () => {
  assert.equal(preconnectSockets(1, null), 8);
  assert.equal(preconnectSockets(1000, null), 25);
  assert.equal(preconnectSockets(5000, null), 125);
  assert.equal(preconnectSockets(20000, null), 128);
  assert.equal(preconnectSockets(5000, 16), 16);
  assert.equal(preconnectSockets(1, 2), 2);
});
