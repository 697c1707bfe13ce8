import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseActivation } from '../../src/activations/normalise.js';

// Reference doc §1.6 sample 1 (DB body), verbatim values.
const sample1 = {
  activationId: 'be97c2fed5dc43d097c2fed5dc73d085',
  annotations: [
    { key: 'causedBy', value: 'sequence' },
    { key: 'path', value: 'ns2/a' },
    { key: 'waitTime', value: 5 },
    { key: 'kind', value: 'testkind' },
    { key: 'limits', value: { concurrency: 1, logs: 1, memory: 128, timeout: 1000 } },
    { key: 'initTime', value: 10 },
  ],
  duration: 123,
  end: 1570013740007,
  logs: [],
  name: 'a',
  namespace: 'ns',
  publish: false,
  response: { result: { res: 1 }, statusCode: 0 },
  start: 1570013740005,
  subject: 'anon-HfJWZZSG9YE38Y8DJbgp9Xn0YyN',
  version: '0.0.1',
};

// Reference doc §1.6 sample 4 (REST/CLI view), values verbatim.
const sample4 = {
  namespace: '[youremail]@mail.com_dev',
  name: 'helloJava',
  version: '0.0.1',
  subject: '[youremail]@mail.com',
  activationId: 'c51e11cf3bad42a39e11cf3badb2a3a3',
  start: 1568061913141,
  end: 1568061913482,
  duration: 341,
  response: { status: 'success', statusCode: 0, success: true, result: { greetings: 'Hello! Welcome to OpenWhisk' } },
  logs: [],
  annotations: [
    { key: 'path', value: '[youremail]@mail.com_dev/helloJava' },
    { key: 'waitTime', value: 514 },
    { key: 'kind', value: 'java:8' },
    { key: 'timeout', value: false },
    { key: 'limits', value: { concurrency: 1, logs: 10, memory: 256, timeout: 60000 } },
    { key: 'initTime', value: 308 },
  ],
  publish: false,
};

test('a CouchDB document (sample 1) becomes an Activation with latency = duration + waitTime', () => {
  const out = normaliseActivation(sample1, 'db', true);
  assert.equal(out.kind, 'activation');
  if (out.kind !== 'activation') return;
  const a = out.activation;
  assert.equal(a.func_name, 'a');
  assert.equal(a.namespace, 'ns');
  assert.deepEqual([a.duration, a.waitTime, a.initTime, a.latency, a.execution], [123, 5, 10, 128, 113]);
  assert.equal(a.kind, 'testkind');
  assert.equal(a.statusCode, 0);
  assert.equal(a.cold, true);
  assert.deepEqual(a.result, { res: 1 });
});

test('a REST API record (sample 4) takes its status from response.status, not the client-made statusCode', () => {
  const out = normaliseActivation(sample4, 'api', false);
  assert.equal(out.kind, 'activation');
  if (out.kind !== 'activation') return;
  assert.deepEqual([out.activation.latency, out.activation.execution], [855, 33]);
  assert.equal(out.activation.statusCode, 0);
  assert.equal('result' in out.activation, false);
  const failed = normaliseActivation(
    { ...sample4, response: { status: 'action developer error', statusCode: 0, success: false } },
    'api',
    false,
  );
  assert.equal(failed.kind === 'activation' && failed.activation.statusCode, 2);
  const fromDb = normaliseActivation({ ...sample1, response: { statusCode: 3 } }, 'db', false);
  assert.equal(fromDb.kind === 'activation' && fromDb.activation.statusCode, 3);
});

test('warm activations have initTime 0 and waitTime defaults to 0', () => {
  const warm = normaliseActivation({ ...sample1, annotations: [{ key: 'kind', value: 'nodejs:20' }] }, 'db', false);
  assert.ok(warm.kind === 'activation');
  if (warm.kind !== 'activation') return;
  assert.deepEqual([warm.activation.initTime, warm.activation.waitTime, warm.activation.cold], [0, 0, false]);
  assert.equal(warm.activation.execution, 123);
});

test('health pings, triggers and design documents are skipped; broken records are malformed', () => {
  assert.deepEqual(normaliseActivation({ ...sample1, name: 'invokerHealthTestAction0' }, 'db', false), {
    kind: 'skipped',
    reason: 'health',
  });
  assert.deepEqual(normaliseActivation({ ...sample1, end: 0 }, 'db', false), { kind: 'skipped', reason: 'trigger' });
  assert.deepEqual(normaliseActivation({ ...sample1, annotations: [] }, 'db', false), {
    kind: 'skipped',
    reason: 'trigger',
  });
  assert.deepEqual(normaliseActivation({ _id: '_design/activations', views: {} }, 'db', false), {
    kind: 'skipped',
    reason: 'design',
  });
  assert.equal(normaliseActivation({ ...sample1, start: 'yesterday' }, 'db', false).kind, 'malformed');
  assert.equal(normaliseActivation({ ...sample1, activationId: undefined }, 'db', false).kind, 'malformed');
  assert.equal(normaliseActivation([1, 2], 'db', false).kind, 'malformed');
  assert.equal(
    normaliseActivation(
      {
        ...sample1,
        annotations: [
          { key: 'kind', value: 'x' },
          { key: 'waitTime', value: 'slow' },
        ],
      },
      'db',
      false,
    ).kind,
    'malformed',
  );
});

test('ElasticSearch-style annotation objects are read too', () => {
  const out = normaliseActivation({ ...sample1, annotations: { kind: 'python:3', waitTime: 7 } }, 'db', false);
  assert.ok(out.kind === 'activation' && out.activation.latency === 130 && out.activation.kind === 'python:3');
});
