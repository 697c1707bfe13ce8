/**
 * Deployment tests (as FaaSProfiler's tests/deployment_tests): the sample functions deployed on a
 * real whisk-local (port 0) and driven with the official `openwhisk` npm client; activation
 * records checked in the CouchDB-compatible store through its HTTP API with nano.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import nano from 'nano';
import openwhisk from 'openwhisk';
import { request } from 'undici';
import { deployFunctions, GUEST_AUTH, readFunctionManifest, type WhiskLocal } from '../../src/platform/index.js';
import type { StoredActivation } from '../../src/platform/store/types.js';
import { annotation, startPlatform } from './platform-helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: the test reads fields of whatever JSON came back
type LooseJson = Record<string, any>;

type Check = (result: LooseJson) => void;

/** Each sample with parameters and what its result must be. */
const SAMPLES: Record<string, { params: LooseJson; check: Check }> = {
  'noop-nodejs': { params: {}, check: (r) => assert.deepEqual(r, {}) },
  'noop-python': { params: {}, check: (r) => assert.deepEqual(r, {}) },
  'base64-nodejs': {
    params: { text: 'héllo whisk' },
    check: (r) => assert.equal(r['base64'], Buffer.from('héllo whisk').toString('base64')),
  },
  'base64-python': {
    params: { base64: Buffer.from('héllo').toString('base64'), decode: true },
    check: (r) => assert.equal(r['text'], 'héllo'),
  },
  'json-nodejs': {
    params: { text: ' {"a": [1, 2], "b": {"c": null}} ' },
    check: (r) => assert.deepEqual(r, { bytes: '{"a":[1,2],"b":{"c":null}}'.length, keys: 2 }),
  },
  'json-python': { params: { items: 3 }, check: (r) => assert.equal(r['keys'], 1) },
  'primes-nodejs': { params: { n: 100_000 }, check: (r) => assert.equal(r['primes'], 9592) },
  'primes-python': { params: { n: 100_000 }, check: (r) => assert.equal(r['primes'], 9592) },
  'sleep-nodejs': { params: { ms: 50 }, check: (r) => assert.equal(r['slept'], 50) },
  'azure-trace': {
    // A trace function's percentiles (normally bound at deploy): 5–10 ms, 1–2 MB.
    params: {
      durations_ms: { levels: [0, 100], values: [5, 10] },
      memory_mb: { levels: [0, 100], values: [1, 2] },
      memory_cap_mb: 64,
    },
    check: (r) => {
      assert.ok(r['duration_ms'] >= 5 && r['duration_ms'] <= 10, String(r['duration_ms']));
      assert.ok(r['memory_mb'] >= 1 && r['memory_mb'] <= 2, String(r['memory_mb']));
    },
  },
  'sleep-python': { params: { ms: 50 }, check: (r) => assert.equal(r['slept'], 50) },
  'memhash-nodejs': {
    params: { mb: 1 },
    check: (r) => {
      assert.equal(r['words'], 262_144);
      assert.ok(r['min'] <= r['max']);
      assert.match(r['sha256'], /^[0-9a-f]{64}$/);
    },
  },
  'memhash-python': {
    params: { mb: 1 },
    check: (r) => {
      assert.equal(r['words'], 262_144);
      assert.ok(r['min'] <= r['max']);
      assert.match(r['sha256'], /^[0-9a-f]{64}$/);
    },
  },
  'bytes-nodejs': {
    params: { __ow_body: Buffer.from([1, 2, 3]).toString('base64'), __ow_headers: { 'content-type': 'image/png' } },
    check: (r) => assert.equal(r['bytes'], 3),
  },
  'bytes-python': {
    params: { __ow_body: Buffer.from([1, 2, 3]).toString('base64'), __ow_headers: { 'content-type': 'image/png' } },
    check: (r) => assert.equal(r['bytes'], 3),
  },
  'echo-native': { params: { hello: 'native' }, check: (r) => assert.deepEqual(r, { hello: 'native' }) },
};

function checkStored(doc: StoredActivation & { _rev?: string }, name: string, id: string): void {
  assert.equal(doc._id, `guest/${id}`);
  assert.match(String(doc._rev), /^1-/);
  assert.equal(doc.entityType, 'activation');
  assert.equal(doc.activationId, id);
  assert.equal(doc.namespace, 'guest');
  assert.equal(doc.name, name);
  assert.equal(doc.subject, 'guest');
  assert.equal(doc.version, '0.0.1');
  assert.equal(doc.publish, false);
  assert.ok(doc.end >= doc.start && doc.duration === doc.end - doc.start);
  assert.ok(doc.updated >= doc.end);
  assert.ok([0, 1, 2, 3].includes(doc.response.statusCode));
  assert.ok(Array.isArray(doc.logs));
  assert.equal(annotation(doc, 'path'), `guest/${name}`);
  assert.match(String(annotation(doc, 'kind')), /^(nodejs:\d+|python:3|native)$/);
  assert.equal(typeof annotation(doc, 'waitTime'), 'number');
  assert.equal(annotation(doc, 'timeout'), false);
  const limits = annotation(doc, 'limits') as Record<string, number>;
  assert.deepEqual(Object.keys(limits).sort(), ['concurrency', 'logs', 'memory', 'timeout']);
}

describe('sample functions through the openwhisk client', () => {
  let wl: WhiskLocal;
  let ow: ReturnType<typeof openwhisk>;
  let db: nano.DocumentScope<StoredActivation>;
  const hooks: (() => Promise<void>)[] = [];
  before(async () => {
    wl = await startPlatform({ after: (fn: () => Promise<void>) => hooks.push(fn) }, { memoryMb: 4608 }); // room for every sample at once (16 actions, 4,224 MB)
    ow = openwhisk({ apihost: wl.apihost, api_key: wl.auth });
    db = nano(wl.dbUrl.replace('://', `://whisk_admin:${wl.store.password}@`)).use<StoredActivation>(wl.dbName);
    const manifest = await readFunctionManifest();
    await deployFunctions({ apihost: wl.apihost, auth: wl.auth }, Object.keys(manifest.actions));
  });
  after(async () => {
    for (const h of hooks) await h();
  });

  test('every sample is deployed and covered here', async () => {
    const manifest = await readFunctionManifest();
    const listed = (await ow.actions.list({ limit: 200 })).map((a) => a.name);
    assert.deepEqual([...listed].sort(), Object.keys(manifest.actions).sort());
    assert.deepEqual(Object.keys(SAMPLES).sort(), Object.keys(manifest.actions).sort());
  });

  test('blocking then non-blocking invokes of every sample: results, logs, stored records (cold, then warm)', async () => {
    await Promise.all(
      Object.entries(SAMPLES).map(async ([name, { params, check }]) => {
        const act = await ow.actions.invoke({ name, blocking: true, params });
        assert.equal(act.response?.success, true, `${name}: ${JSON.stringify(act.response?.result)}`);
        check(act.response?.result as LooseJson);
        assert.equal(typeof annotation(act as never, 'initTime'), 'number', `${name} starts cold`);

        const { activationId } = await ow.actions.invoke({ name, params });
        assert.match(activationId, /^[0-9a-f]{32}$/);
        await wl.recorded(activationId);
        const later = await ow.activations.get({ name: activationId });
        assert.equal(later.response?.success, true);
        check(later.response?.result as LooseJson);
        assert.equal(annotation(later as never, 'initTime'), undefined, `${name} runs warm the second time`);
        if (name.startsWith('sleep-'))
          assert.ok(
            later.logs.some((l) => /stdout: sleeping 50 ms$/.test(l)),
            `${name} logs`,
          );
        if (name === 'echo-native')
          assert.ok(later.logs.some((l) => /stderr: echo-native: received \d+ bytes$/.test(l)));

        await wl.store.flush();
        for (const id of [act.activationId, activationId])
          checkStored((await db.get(`guest/${id}`)) as never, name, id);
        const stored = await db.get(`guest/${act.activationId}`);
        assert.equal(stored.response.statusCode, 0);
        assert.equal(stored.start, act.start);
        assert.equal(typeof annotation(stored, 'initTime'), 'number');
        assert.equal(stored.start, stored.end - stored.duration);
      }),
    );
  });

  test('web action with a binary body (as FaaSProfiler posts images)', async () => {
    const image = Buffer.alloc(256 * 1024);
    for (let i = 0; i < image.length; i++) image[i] = (i * 31) & 0xff;
    for (const name of ['bytes-nodejs', 'bytes-python']) {
      const res = await request(`${wl.apihost}/api/v1/web/guest/default/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'image/jpeg' },
        body: image,
      });
      assert.equal(res.statusCode, 200);
      const body = (await res.body.json()) as { bytes: number; sha256: string; method: string };
      assert.equal(body.bytes, image.length);
      assert.equal(body.sha256, createHash('sha256').update(image).digest('hex'));
      assert.equal(body.method, 'post');
      const id = String(res.headers['x-openwhisk-activation-id']);
      await wl.store.flush();
      checkStored((await db.get(`guest/${id}`)) as never, name, id);
    }
  });

  test('401 with a bad key, 404 for an unknown action', async () => {
    const bad = openwhisk({ apihost: wl.apihost, api_key: `${GUEST_AUTH.split(':')[0]}:wrong` });
    await assert.rejects(
      bad.actions.invoke({ name: 'noop-nodejs', blocking: true }),
      (err: { statusCode: number; message: string }) => {
        assert.equal(err.statusCode, 401);
        assert.match(err.message, /The supplied authentication is not authorized to access this resource\./);
        return true;
      },
    );
    await assert.rejects(
      ow.actions.invoke({ name: 'no-such-action', blocking: true }),
      (err: { statusCode: number; message: string }) => {
        assert.equal(err.statusCode, 404);
        assert.match(err.message, /The requested resource does not exist\./);
        return true;
      },
    );
  });

  test('502 for a failing action, with its activation stored as an application error', async () => {
    await assert.rejects(
      ow.actions.invoke({ name: 'json-nodejs', blocking: true, params: { text: '{oops' } }),
      (err: { statusCode: number; error: { activationId: string; response: { status: string } } }) => {
        assert.equal(err.statusCode, 502);
        assert.equal(err.error.response.status, 'application error');
        return true;
      },
    );
    const [latest] = (await ow.activations.list({ name: 'json-nodejs', limit: 1, docs: true } as never)) as unknown as {
      activationId: string;
      response: { status: string };
    }[];
    assert.equal(latest!.response.status, 'application error');
    await wl.store.flush();
    const stored = await db.get(`guest/${latest!.activationId}`);
    assert.equal(stored.response.statusCode, 1);
  });

  test('an action over its time limit ends as a developer error with timeout:true', async () => {
    await ow.actions.create({
      name: 'sleep-limited',
      action: 'function main(p){ return new Promise((r) => setTimeout(() => r({}), p.ms)); }',
      kind: 'nodejs:default',
      limits: { timeout: 200 },
    } as never);
    await assert.rejects(
      ow.actions.invoke({ name: 'sleep-limited', blocking: true, params: { ms: 2000 } }),
      (err: {
        statusCode: number;
        error: { activationId: string; response: { status: string; result: { error: string } } };
      }) => {
        assert.equal(err.statusCode, 502);
        assert.equal(err.error.response.status, 'action developer error');
        assert.equal(err.error.response.result.error, 'The action exceeded its time limits of 200 milliseconds.');
        return true;
      },
    );
  });
});

test('429 once the queue bound is exceeded (openwhisk client)', async (t) => {
  const wl = await startPlatform(t, { memoryMb: 256, maxQueue: 1 });
  await deployFunctions({ apihost: wl.apihost, auth: wl.auth }, ['sleep-nodejs']);
  const ow = openwhisk({ apihost: wl.apihost, api_key: wl.auth });
  const running = await ow.actions.invoke({ name: 'sleep-nodejs', params: { ms: 1500 } });
  const queued = await ow.actions.invoke({ name: 'sleep-nodejs', params: { ms: 1 } });
  await assert.rejects(
    ow.actions.invoke({ name: 'sleep-nodejs', params: { ms: 1 } }),
    (err: { statusCode: number; message: string }) => {
      assert.equal(err.statusCode, 429);
      assert.match(err.message, /Too many concurrent requests in flight \(count: 2, allowed: 1\)\./);
      return true;
    },
  );
  const done = await wl.recorded(queued.activationId);
  assert.equal(done.response.statusCode, 0);
  assert.ok((annotation(done, 'waitTime') as number) > 0);
  await wl.recorded(running.activationId);
});
