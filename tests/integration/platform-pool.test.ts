import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annotation, restClient, startPlatform } from './platform-helpers.js';

const SLEEP = 'function main(p){ return new Promise((r) => setTimeout(() => r({ pid: process.pid }), p.ms || 0)); }';
const PID = 'function main(){ return { pid: process.pid }; }';

test('cold start then warm: initTime only on the first activation, the same container reused', async (t) => {
  const wl = await startPlatform(t);
  const ow = restClient(wl);
  await ow.nodejs('pid', PID);
  const first = await ow.invoke('pid');
  const second = await ow.invoke('pid');
  assert.equal(typeof annotation(first.body, 'initTime'), 'number');
  assert.equal(annotation(second.body, 'initTime'), undefined);
  assert.equal(second.body.response.result.pid, first.body.response.result.pid);
  assert.ok((annotation(first.body, 'waitTime') as number) >= 0);
  // an update starts a new container: the old code must not run again
  await ow.nodejs('pid', 'function main(){ return { pid: process.pid, v: 2 }; }');
  const updated = await ow.invoke('pid');
  assert.equal(updated.body.response.result.v, 2);
  assert.equal(typeof annotation(updated.body, 'initTime'), 'number');
});

test('the memory pool bounds containers; idle containers of other actions are evicted when it is full', async (t) => {
  const wl = await startPlatform(t, { memoryMb: 256 });
  const ow = restClient(wl);
  await ow.nodejs('a', PID, { limits: { memory: 256 } });
  await ow.nodejs('b', PID, { limits: { memory: 256 } });
  const a1 = await ow.invoke('a');
  assert.deepEqual(wl.stats().usedMb, 256);
  const b1 = await ow.invoke('b');
  assert.equal(typeof annotation(b1.body, 'initTime'), 'number');
  assert.equal(wl.stats().usedMb, 256);
  const a2 = await ow.invoke('a');
  assert.equal(typeof annotation(a2.body, 'initTime'), 'number', 'a was evicted for b, so a starts cold again');
  assert.notEqual(a2.body.response.result.pid, a1.body.response.result.pid);
});

test('excess work waits for a container (waitTime) and over the queue bound invokes get 429', async (t) => {
  const wl = await startPlatform(t, { memoryMb: 128, maxQueue: 2 });
  const ow = restClient(wl);
  await ow.nodejs('sleep', SLEEP, { limits: { memory: 128 } });
  await ow.invoke('sleep'); // warm it
  // 800 ms each: long enough that all three are in before the first ends, even on a busy machine
  const accepted = await Promise.all([0, 1, 2].map(() => ow.invoke('sleep', { ms: 800 }, 'blocking=false')));
  assert.deepEqual(
    accepted.map((r) => r.status),
    [202, 202, 202],
  );
  assert.deepEqual(wl.stats().queued, 2);
  const rejected = await ow.invoke('sleep', { ms: 1 }, 'blocking=false');
  assert.equal(rejected.status, 429);
  assert.equal(rejected.body.error, 'Too many concurrent requests in flight (count: 3, allowed: 2).');
  assert.match(rejected.body.code, /^[0-9a-f]{32}$/);
  const docs = await Promise.all(accepted.map((r) => wl.recorded(r.body.activationId)));
  const waits = docs.map((d) => annotation(d, 'waitTime') as number).sort((x, y) => x - y);
  assert.ok(waits[2]! >= 1500, `the last queued activation waited for two others (waitTime ${waits[2]})`);
  assert.ok(docs.every((d) => annotation(d, 'initTime') === undefined));
});

test('concurrency > 1 interleaves activations in one nodejs container, each with its own logs', async (t) => {
  const wl = await startPlatform(t);
  const ow = restClient(wl);
  const code =
    'async function main(p){ console.log("begin " + p.k); await new Promise((r) => setTimeout(r, p.ms || 0)); console.log("end " + p.k); return { pid: process.pid }; }';
  await ow.nodejs('shared', code, { limits: { concurrency: 3 } });
  await ow.invoke('shared', { k: 'warm' });
  const runs = await Promise.all([0, 1, 2].map((k) => ow.invoke('shared', { ms: 600, k })));
  runs.forEach((r, k) => {
    assert.deepEqual(
      r.body.logs.map((l: string) => l.replace(/^\S+ stdout: /, '')),
      [`begin ${k}`, `end ${k}`],
    );
  });
  const pids = new Set(runs.map((r) => r.body.response.result.pid));
  assert.equal(pids.size, 1);
  assert.equal(wl.stats().containers, 1);
  const starts = runs.map((r) => r.body.start as number);
  const ends = runs.map((r) => r.body.end as number);
  assert.ok(Math.max(...starts) < Math.min(...ends), 'the three activations overlapped');
});

test('a timeout kills the container and records a developer error with timeout:true; the next run is cold', async (t) => {
  const wl = await startPlatform(t);
  const ow = restClient(wl);
  await ow.nodejs(
    'hang',
    'function main(p){ console.log("started"); return p.hang ? new Promise(() => {}) : { pid: process.pid }; }',
    { limits: { timeout: 300 } },
  );
  const before = await ow.invoke('hang');
  const hung = await ow.invoke('hang', { hang: true });
  assert.equal(hung.status, 502);
  assert.equal(hung.body.response.status, 'action developer error');
  assert.equal(hung.body.response.result.error, 'The action exceeded its time limits of 300 milliseconds.');
  assert.equal(annotation(hung.body, 'timeout'), true);
  assert.ok(hung.body.duration >= 300);
  const after = await ow.invoke('hang');
  assert.equal(typeof annotation(after.body, 'initTime'), 'number');
  assert.notEqual(after.body.response.result.pid, before.body.response.result.pid);
  assert.equal(annotation(after.body, 'timeout'), false);

  await ow.python('pyhang', 'import time\ndef main(a):\n    time.sleep(5)\n    return {}\n', {
    limits: { timeout: 300 },
  });
  const py = await ow.invoke('pyhang');
  assert.equal(py.body.response.result.error, 'The action exceeded its time limits of 300 milliseconds.');
});

test('idle containers are evicted after keep-warm', async (t) => {
  const wl = await startPlatform(t, { keepWarmS: 0.2 });
  const ow = restClient(wl);
  await ow.nodejs('pid', PID);
  const first = await ow.invoke('pid');
  assert.equal(wl.stats().containers, 1);
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (wl.stats().containers === 0) {
        clearInterval(poll);
        resolve();
      }
    }, 20);
  });
  const again = await ow.invoke('pid');
  assert.equal(typeof annotation(again.body, 'initTime'), 'number');
  assert.notEqual(again.body.response.result.pid, first.body.response.result.pid);
});

test('stop kills running containers and records their activations', async (t) => {
  const wl = await startPlatform(t);
  const ow = restClient(wl);
  await ow.nodejs('sleep', SLEEP);
  const pidRun = await ow.invoke('sleep');
  const pid = pidRun.body.response.result.pid as number;
  const running = await ow.invoke('sleep', { ms: 60_000 }, 'blocking=false');
  const recorded = wl.recorded(running.body.activationId);
  await wl.stop();
  const doc = await recorded;
  assert.equal(doc.response.statusCode, 3);
  assert.throws(() => process.kill(pid, 0), /ESRCH/);
});

test('containers of a replaced revision are removed: idle ones at once, busy ones when they finish', async (t) => {
  const wl = await startPlatform(t);
  const ow = restClient(wl);
  await ow.nodejs('sleep', SLEEP, { limits: { concurrency: 2 } });
  await ow.invoke('sleep');
  const busy = await ow.invoke('sleep', { ms: 500 }, 'blocking=false');
  await ow.nodejs('sleep', SLEEP, { limits: { concurrency: 2 }, parameters: [{ key: 'v', value: 2 }] });
  assert.equal(wl.stats().containers, 1, 'the busy old container keeps running its activation');
  const done = await wl.recorded(busy.body.activationId);
  assert.equal(done.response.statusCode, 0);
  assert.equal(wl.stats().containers, 0, 'and is removed once it is idle');
  assert.equal(wl.stats().usedMb, 0);
});
