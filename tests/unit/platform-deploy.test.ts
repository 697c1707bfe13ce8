import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../../src/errors.js';
import { actionPutBody, defaultManifestPath, readFunctionManifest } from '../../src/platform/deploy.js';
import { deployWorkloadActions } from '../../src/platform/deploy-trace.js';
import type { InstanceSpec } from '../../src/config/types.js';

// biome-ignore lint/suspicious/noExplicitAny: the test reads fields of whatever JSON came back
type LooseJson = Record<string, any>;

test('the shipped manifest names every required sample and each file exists', async () => {
  const manifest = await readFunctionManifest();
  const names = Object.keys(manifest.actions);
  for (const base of ['base64', 'json', 'primes', 'sleep', 'memhash']) {
    assert.ok(names.includes(`${base}-nodejs`), `${base}-nodejs`);
    assert.ok(names.includes(`${base}-python`), `${base}-python`);
  }
  assert.ok(names.includes('noop-nodejs'));
  assert.ok(Object.values(manifest.actions).some((a) => a.web === true));
  for (const spec of Object.values(manifest.actions)) await access(resolve(dirname(defaultManifestPath()), spec.file));
});

test('a manifest with an unknown key or a bad value is refused, one line per problem naming the field', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'manifest-'));
  const file = join(dir, 'manifest.json');
  await writeFile(
    file,
    JSON.stringify({ actions: { a: { kind: 'nodejs:20', file: 'a.js', colour: 'red', memory: 1 } } }),
  );
  await assert.rejects(readFunctionManifest(file), (err: unknown) => {
    assert.ok(err instanceof UserError);
    assert.match(err.message, /actions\.a/);
    assert.match(err.message, /colour/);
    assert.match(err.message, /memory/);
    return true;
  });
  await writeFile(file, '{ not json');
  await assert.rejects(readFunctionManifest(file), /not valid JSON/);
  await assert.rejects(readFunctionManifest(join(dir, 'missing.json')), /cannot read the function manifest/);
});

test('the PUT body carries kind, code, limits and the web-export annotation; binary executables travel base64', () => {
  const body = actionPutBody(
    'x',
    { kind: 'nodejs:default', file: 'x.js', memory: 128, timeout: 1000, concurrency: 4, web: true },
    Buffer.from('function main(){}'),
  ) as LooseJson;
  assert.deepEqual(body['exec'], { kind: 'nodejs:default', code: 'function main(){}', binary: false });
  assert.deepEqual(body['limits'], { memory: 128, timeout: 1000, concurrency: 4 });
  assert.deepEqual(body['annotations'][0], { key: 'web-export', value: true });
  const elf = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0xff, 0xfe]);
  const native = actionPutBody('n', { kind: 'native', file: 'n' }, elf) as LooseJson;
  assert.equal(native['exec'].binary, true);
  assert.deepEqual(Buffer.from(native['exec'].code, 'base64'), elf);
});

test('deploying trace functions with a manifest that has no azure-trace action is a UserError naming the file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'manifest-'));
  const file = join(dir, 'manifest.json');
  await writeFile(file, JSON.stringify({ actions: { a: { kind: 'nodejs:20', file: 'a.js' } } }));
  const traced = {
    name: 'trace-f1',
    application: 'trace-f1',
    traceFunction: { durationsMs: { p0: 1, p50: 2, p100: 3 }, memoryMb: null },
  } as unknown as InstanceSpec;
  // Nothing listens on the target: the manifest is refused before anything is sent.
  await assert.rejects(
    deployWorkloadActions({ apihost: 'http://127.0.0.1:9', auth: 'u:k' }, [traced], file),
    (err: unknown) => err instanceof UserError && err.message === `${file} has no "azure-trace" action`,
  );
});
