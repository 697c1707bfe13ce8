import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  actionFromPut,
  actionJson,
  ApiError,
  DEFAULT_LIMITS,
  mergeParams,
  runtimeFamily,
} from '../../src/platform/action.js';
import { basicAuthChecker, GUEST_AUTH } from '../../src/platform/auth.js';

const ref = { namespace: 'guest', packageName: null, name: 'a' };
const put = (body: unknown, previous = null as ReturnType<typeof actionFromPut> | null) =>
  actionFromPut(ref, body, previous, 7, 2048, 1234);

function rejects(body: unknown, pattern: RegExp): void {
  assert.throws(
    () => put(body),
    (err: unknown) => err instanceof ApiError && err.status === 400 && pattern.test(err.message),
  );
}

test('kinds map to runtime families; unknown kinds are refused', () => {
  assert.equal(runtimeFamily('nodejs:20'), 'nodejs');
  assert.equal(runtimeFamily('nodejs'), 'nodejs');
  assert.equal(runtimeFamily('python:3'), 'python');
  assert.equal(runtimeFamily('native'), 'native');
  assert.equal(runtimeFamily('blackbox'), 'native');
  assert.equal(runtimeFamily('java:8'), null);
  rejects({ exec: { kind: 'java:8', code: 'x' } }, /kind "java:8" is not supported/);
});

test('a new action gets defaults, version 0.0.1 and its path; :default kinds are resolved', () => {
  const a = put({ exec: { kind: 'nodejs:default', code: 'function main(){}' } });
  assert.equal(a.exec.kind, `nodejs:${process.versions.node.split('.')[0]}`);
  assert.equal(a.exec.main, 'main');
  assert.deepEqual(a.limits, DEFAULT_LIMITS);
  assert.equal(a.version, '0.0.1');
  assert.equal(a.path, 'guest/a');
  assert.equal(a.revision, 7);
  assert.equal(a.webExport, false);
  assert.equal(put({ exec: { kind: 'python:default', code: 'x' } }).exec.kind, 'python:3');
});

test('limits, parameters and web-export are read and validated', () => {
  const a = put({
    exec: { kind: 'python:3', code: 'def main(a): return a', main: 'main' },
    limits: { timeout: 1000, memory: 512, concurrency: 3 },
    parameters: [{ key: 'p', value: 1 }],
    annotations: [{ key: 'web-export', value: true }],
  });
  assert.deepEqual(a.limits, { timeout: 1000, memory: 512, logs: 10, concurrency: 3 });
  assert.equal(a.webExport, true);
  rejects(
    { exec: { kind: 'nodejs:20', code: 'x' }, limits: { timeout: 50 } },
    /limits\.timeout must be a whole number in 100\.\.300000/,
  );
  rejects({ exec: { kind: 'nodejs:20', code: 'x' }, limits: { memory: 64 } }, /limits\.memory/);
  rejects({ exec: { kind: 'nodejs:20', code: 'x' }, limits: { concurrency: 0 } }, /limits\.concurrency/);
  rejects({ exec: { kind: 'nodejs:20', code: '' } }, /exec\.code/);
  rejects({ exec: { kind: 'blackbox', image: 'openwhisk/dockerskeleton' } }, /runs no docker images/);
  rejects({ exec: { kind: 'nodejs:20', code: 'x', main: 'not valid' } }, /exec\.main/);
  rejects(
    { exec: { kind: 'nodejs:20', code: 'UEsDBA==', binary: true } },
    /binary \(zip\) nodejs actions are not supported/,
  );
  rejects({ exec: { kind: 'nodejs:20', code: 'x' }, parameters: { p: 1 } }, /parameters must be an array/);
  rejects([], /must be a JSON object/);
  rejects({}, /exec\.kind is required/);
  // the pool size bounds the memory limit
  assert.throws(
    () => actionFromPut(ref, { exec: { kind: 'nodejs:20', code: 'x' }, limits: { memory: 512 } }, null, 1, 256, 0),
    /128\.\.256/,
  );
});

test('an update keeps what the body leaves out and bumps the patch version', () => {
  const first = put({
    exec: { kind: 'nodejs:20', code: 'a' },
    limits: { memory: 128 },
    parameters: [{ key: 'k', value: 'v' }],
  });
  const second = actionFromPut(ref, { limits: { timeout: 2000 } }, first, 8, 2048, 99);
  assert.equal(second.exec.code, 'a');
  assert.deepEqual(second.limits, { ...first.limits, timeout: 2000 });
  assert.deepEqual(second.parameters, [{ key: 'k', value: 'v' }]);
  assert.equal(second.version, '0.0.2');
  assert.equal(second.revision, 8);
});

test('action JSON shows code only for single gets and names the exec kind as an annotation', () => {
  const a = put({ exec: { kind: 'nodejs:20', code: 'function main(){}' } });
  const one = actionJson(a, true) as { exec: Record<string, unknown>; annotations: { key: string; value: unknown }[] };
  assert.equal(one.exec['code'], 'function main(){}');
  assert.deepEqual(one.annotations, [{ key: 'exec', value: 'nodejs:20' }]);
  const listed = actionJson(a, false) as { exec: Record<string, unknown> };
  assert.deepEqual(listed.exec, { binary: false });
});

test('invocation parameters override the action parameters', () => {
  const a = put({
    exec: { kind: 'nodejs:20', code: 'x' },
    parameters: [
      { key: 'a', value: 1 },
      { key: 'b', value: 2 },
    ],
  });
  assert.deepEqual(mergeParams(a, { b: 3, c: 4 }), { a: 1, b: 3, c: 4 });
});

test('basic auth accepts only the configured key, however the header is spelled', () => {
  const check = basicAuthChecker(GUEST_AUTH);
  const b64 = Buffer.from(GUEST_AUTH).toString('base64');
  assert.equal(check(`Basic ${b64}`), true);
  assert.equal(check(`basic   ${b64} `), true);
  assert.equal(check(undefined), false);
  assert.equal(check(`Basic ${Buffer.from('23bc46b1-71f6-4ed5-8c54-816aa4f8c502:wrong').toString('base64')}`), false);
  assert.equal(check('Bearer abc'), false);
});
