import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { actionFromPut } from '../../src/platform/action.js';
import {
  buildActivation,
  classifyResult,
  formatLogLine,
  limitLogs,
  MESSAGES,
  statusMessage,
  toExtendedJson,
  toResultView,
  toSummary,
} from '../../src/platform/activation-record.js';
import { newActivationId } from '../../src/platform/ids.js';

const action = actionFromPut(
  { namespace: 'guest', packageName: 'demo', name: 'hello' },
  { exec: { kind: 'nodejs:20', code: 'function main(){}' }, limits: { memory: 128, timeout: 5000 } },
  null,
  1,
  2048,
  1000,
);
const ok = { statusCode: 0 as const, result: { a: 1 }, logs: ['l1'], timedOut: false };

test('classifyResult follows OpenWhisk: object ok, object with error is an application error, non-objects developer errors', () => {
  assert.deepEqual(classifyResult({ x: 1 }), { statusCode: 0, result: { x: 1 } });
  assert.deepEqual(classifyResult([1, 2]), { statusCode: 0, result: [1, 2] });
  assert.deepEqual(classifyResult(undefined), { statusCode: 0, result: {} });
  assert.deepEqual(classifyResult(null), { statusCode: 0, result: {} });
  assert.deepEqual(classifyResult({ error: 'no' }), { statusCode: 1, result: { error: 'no' } });
  assert.deepEqual(classifyResult('text'), { statusCode: 2, result: { error: MESSAGES.notDictionary } });
  assert.deepEqual(classifyResult(42), { statusCode: 2, result: { error: MESSAGES.notDictionary } });
});

test('a cold activation starts at init start, lasts init + run, and carries initTime; waitTime runs from arrival to init start', () => {
  const id = newActivationId();
  const doc = buildActivation(
    action,
    id,
    'guest',
    { arrival: 1000.2, initStart: 1010.4, runStart: 1030.6, end: 1045.1 },
    ok,
    1046,
  );
  assert.equal(doc._id, `guest/${id}`);
  assert.equal(doc.entityType, 'activation');
  assert.equal(doc.namespace, 'guest');
  assert.equal(doc.name, 'hello');
  assert.equal(doc.subject, 'guest');
  assert.equal(doc.version, '0.0.1');
  assert.equal(doc.publish, false);
  assert.equal(doc.start, 1010);
  assert.equal(doc.end, 1045);
  assert.equal(doc.duration, 35);
  assert.equal(doc.updated, 1046);
  assert.deepEqual(doc.response, { statusCode: 0, result: { a: 1 } });
  assert.deepEqual(doc.logs, ['l1']);
  const ann = Object.fromEntries(doc.annotations.map((a) => [a.key, a.value]));
  assert.deepEqual(Object.keys(ann), ['path', 'waitTime', 'kind', 'timeout', 'limits', 'initTime']);
  assert.equal(ann['path'], 'guest/demo/hello');
  assert.equal(ann['waitTime'], 10);
  assert.equal(ann['initTime'], 21);
  assert.equal(ann['kind'], 'nodejs:20');
  assert.equal(ann['timeout'], false);
  assert.deepEqual(ann['limits'], { concurrency: 1, logs: 10, memory: 128, timeout: 5000 });
  // start = runStart − initTime, as OpenWhisk's ContainerProxy computes it
  assert.equal(doc.start, 1031 - (ann['initTime'] as number));
});

test('a warm activation has no initTime and waitTime runs to run start', () => {
  const doc = buildActivation(
    action,
    newActivationId(),
    'guest',
    { arrival: 100, initStart: null, runStart: 103, end: 110 },
    ok,
    111,
  );
  const keys = doc.annotations.map((a) => a.key);
  assert.ok(!keys.includes('initTime'));
  assert.equal(doc.annotations.find((a) => a.key === 'waitTime')?.value, 3);
  assert.equal(doc.start, 103);
  assert.equal(doc.duration, 7);
});

test('timings keep latency = duration + waitTime consistent for any ordering of rounded instants', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 1e12, max: 2e12, noNaN: true }),
      fc.double({ min: 0, max: 1e4, noNaN: true }),
      fc.option(fc.double({ min: 0, max: 1e4, noNaN: true })),
      fc.double({ min: 0, max: 1e4, noNaN: true }),
      (arrival, wait, init, run) => {
        const initStart = init === null ? null : arrival + wait;
        const runStart = arrival + wait + (init ?? 0);
        const doc = buildActivation(
          action,
          newActivationId(),
          'guest',
          { arrival, initStart, runStart, end: runStart + run },
          ok,
          runStart + run,
        );
        const waitTime = doc.annotations.find((a) => a.key === 'waitTime')!.value as number;
        assert.ok(waitTime >= 0 && doc.duration >= 0);
        assert.equal(doc.end, doc.start + doc.duration);
        assert.ok(Math.abs(doc.end - (Math.round(arrival) + waitTime + doc.duration)) <= 0);
      },
    ),
  );
});

test('extended JSON drops response.statusCode and adds status and success; summaries carry a top-level statusCode only', () => {
  for (const code of [0, 1, 2, 3] as const) {
    const doc = buildActivation(
      action,
      newActivationId(),
      'guest',
      { arrival: 1, initStart: null, runStart: 2, end: 3 },
      { ...ok, statusCode: code },
      4,
    );
    const ext = toExtendedJson(doc) as { response: Record<string, unknown> };
    assert.deepEqual(Object.keys(ext.response).sort(), ['result', 'status', 'success']);
    assert.equal(ext.response['status'], statusMessage(code));
    assert.equal(ext.response['success'], code === 0);
    assert.ok(!('_id' in ext) && !('entityType' in ext));
    const sum = toSummary(doc);
    assert.equal(sum['statusCode'], code);
    assert.ok(!('response' in sum) && !('logs' in sum));
    assert.deepEqual(toResultView(doc), { result: { a: 1 }, success: code === 0, status: statusMessage(code) });
  }
  assert.deepEqual(
    [0, 1, 2, 3].map((c) => statusMessage(c as 0)),
    ['success', 'application error', 'action developer error', 'whisk internal error'],
  );
});

test('log lines are "<RFC3339Nano UTC> <stream>: <line>" and keep the millisecond', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0, max: 4e12, noNaN: true }),
      fc.constantFrom('stdout' as const, 'stderr' as const),
      fc.string(),
      (t, stream, line) => {
        const s = formatLogLine(t, stream, line);
        const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.(\d{9}))Z (stdout|stderr): ([\s\S]*)$/.exec(s);
        assert.ok(m, s);
        assert.equal(m[3], stream);
        assert.equal(m[4], line);
        assert.equal(Date.parse(`${m[1]!.slice(0, 23)}Z`), Math.floor(t));
      },
    ),
  );
});

test('activation ids are 32 lowercase hex characters and unique', () => {
  const ids = new Set(Array.from({ length: 1000 }, newActivationId));
  assert.equal(ids.size, 1000);
  for (const id of ids) assert.match(id, /^[0-9a-f]{32}$/);
});

test("logs beyond limits.logs are cut with OpenWhisk's notice; logs within it are kept as they are", () => {
  const line = 'x'.repeat(1024); // 1024 lines fill 1 MB exactly
  const logs = Array.from({ length: 3000 }, () => line);
  const cut = limitLogs(logs, 1);
  assert.equal(cut.length, 1025);
  assert.equal(cut[1024], 'Logs were truncated because the total bytes size exceeds the limit of 1048576 bytes.');
  const few = ['a', 'b'];
  assert.equal(limitLogs(few, 1), few);
  assert.deepEqual(limitLogs(['a'], 0), [
    'Logs were truncated because the total bytes size exceeds the limit of 0 bytes.',
  ]);
});
