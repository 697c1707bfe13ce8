import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annotation, restClient, startPlatform } from './platform-helpers.js';

const LOG_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z (stdout|stderr): /;

test('nodejs runtime: plain scripts, ES modules, async mains, logs per activation', async (t) => {
  const wl = await startPlatform(t);
  const ow = restClient(wl);
  assert.equal(
    (
      await ow.nodejs(
        'plain',
        'function main(p) { console.log("one", p.x); console.error("two"); return { y: p.x * 2 }; }',
      )
    ).status,
    200,
  );
  assert.equal(
    (
      await ow.nodejs(
        'esm',
        'export async function run(p) { await new Promise((r) => setTimeout(r, 5)); process.stdout.write("partial"); return { z: p.x + 1 }; }',
        { exec: { main: 'run' } },
      )
    ).status,
    200,
  );
  assert.equal(
    (
      await ow.nodejs(
        'exported',
        'exports.main = (p) => ({ env: process.env.__OW_ACTIVATION_ID, name: process.env.__OW_ACTION_NAME })',
      )
    ).status,
    200,
  );

  const plain = await ow.invoke('plain', { x: 21 });
  assert.equal(plain.status, 200);
  assert.deepEqual(plain.body.response.result, { y: 42 });
  assert.equal(plain.body.logs.length, 2);
  assert.match(plain.body.logs[0], LOG_RE);
  assert.ok(plain.body.logs[0].endsWith('stdout: one 21'));
  assert.ok(plain.body.logs[1].endsWith('stderr: two'));

  const esm = await ow.invoke('esm', { x: 1 });
  assert.deepEqual(esm.body.response.result, { z: 2 });
  assert.ok(esm.body.logs[0].endsWith('stdout: partial'));

  const exported = await ow.invoke('exported');
  assert.equal(exported.body.response.result.env, exported.body.activationId);
  assert.equal(exported.body.response.result.name, '/guest/exported');
});

test('nodejs runtime: throws are developer errors, rejections and {error} application errors, bad init a developer error', async (t) => {
  const wl = await startPlatform(t);
  const ow = restClient(wl);
  await ow.nodejs('throws', 'function main() { throw new Error("boom"); }');
  await ow.nodejs('rejects', 'async function main() { throw new Error("nope"); }');
  await ow.nodejs('apperror', 'function main() { return { error: "handled" }; }');
  await ow.nodejs('string', 'function main() { return "just text"; }');
  await ow.nodejs('syntax', 'function main( {');
  await ow.nodejs('nomain', 'function other() { return {}; }');

  const throws = await ow.invoke('throws');
  assert.equal(throws.status, 502);
  assert.equal(throws.body.response.status, 'action developer error');
  assert.match(throws.body.response.result.error, /An error has occurred: Error: boom/);
  assert.ok(throws.body.logs.some((l: string) => l.includes('stderr: Error: boom')));

  const rejects = await ow.invoke('rejects');
  assert.equal(rejects.status, 502);
  assert.equal(rejects.body.response.status, 'application error');
  assert.equal(rejects.body.response.result.error.message, 'nope');

  const app = await ow.invoke('apperror');
  assert.equal(app.status, 502);
  assert.equal(app.body.response.status, 'application error');
  assert.deepEqual(app.body.response.result, { error: 'handled' });

  const str = await ow.invoke('string');
  assert.equal(str.body.response.status, 'action developer error');
  assert.equal(str.body.response.result.error, 'The action did not return a dictionary.');

  const syntax = await ow.invoke('syntax');
  assert.equal(syntax.status, 502);
  assert.match(syntax.body.response.result.error, /^Initialization has failed due to: SyntaxError/);
  assert.equal(typeof annotation(syntax.body, 'initTime'), 'number');

  const nomain = await ow.invoke('nomain');
  assert.match(nomain.body.response.result.error, /does not define a function 'main'/);
});

test('python runtime: results, prints as logs, exceptions with their traceback, {error} results', async (t) => {
  const wl = await startPlatform(t);
  const ow = restClient(wl);
  await ow.python('ok', 'def main(args):\n    print("hello", args["n"])\n    return {"square": args["n"] ** 2}\n');
  await ow.python('raises', 'def main(args):\n    raise ValueError("bad value")\n');
  await ow.python('apperror', 'def main(args):\n    return {"error": "handled"}\n');
  await ow.python('alt', 'def handler(args):\n    return {"via": "handler"}\n', { exec: { main: 'handler' } });

  const ok = await ow.invoke('ok', { n: 7 });
  assert.equal(ok.status, 200);
  assert.deepEqual(ok.body.response.result, { square: 49 });
  assert.equal(ok.body.logs.length, 1);
  assert.match(ok.body.logs[0], LOG_RE);
  assert.ok(ok.body.logs[0].endsWith('stdout: hello 7'));
  assert.equal(annotation(ok.body, 'kind'), 'python:3');

  const raises = await ow.invoke('raises');
  assert.equal(raises.status, 502);
  assert.equal(raises.body.response.status, 'action developer error');
  assert.equal(raises.body.response.result.error, 'An error has occurred: ValueError: bad value');
  assert.ok(raises.body.logs.some((l: string) => /stderr: Traceback/.test(l)));

  const app = await ow.invoke('apperror');
  assert.equal(app.body.response.status, 'application error');
  assert.deepEqual((await ow.invoke('alt')).body.response.result, { via: 'handler' });
});

test('native runtime: params on stdin, last stdout line is the result, other lines are logs, failures are developer errors', async (t) => {
  const wl = await startPlatform(t);
  const ow = restClient(wl);
  const script = '#!/bin/sh\nread input\necho "log line"\necho "to stderr" >&2\necho "{\\"got\\": $input}"\n';
  assert.equal((await ow.put('native', { exec: { kind: 'native', code: script } })).status, 200);
  const res = await ow.invoke('native', { a: 1 });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.response.result, { got: { a: 1 } });
  assert.equal(res.body.logs.length, 2);
  assert.ok(res.body.logs.some((l: string) => l.endsWith('stdout: log line')));
  assert.ok(res.body.logs.some((l: string) => l.endsWith('stderr: to stderr')));

  const binary = Buffer.from('#!/bin/sh\necho \'{"binary": true}\'\n').toString('base64');
  await ow.put('native-b64', { exec: { kind: 'native', code: binary, binary: true } });
  assert.deepEqual((await ow.invoke('native-b64')).body.response.result, { binary: true });

  await ow.put('native-fails', { exec: { kind: 'native', code: '#!/bin/sh\necho oops >&2\nexit 3\n' } });
  const failed = await ow.invoke('native-fails');
  assert.equal(failed.status, 502);
  assert.equal(
    failed.body.response.result.error,
    'The action did not produce a valid response and exited unexpectedly.',
  );
});

test('a runtime that dies mid-activation is a developer error; the next activation gets a new container', async (t) => {
  const wl = await startPlatform(t);
  const ow = restClient(wl);
  await ow.nodejs(
    'exits',
    'function main(p){ if (p.exit) { require("fs").writeSync(2, "going down\\n"); process.exit(3); } return { pid: process.pid }; }',
  );
  const before = await ow.invoke('exits');
  const died = await ow.invoke('exits', { exit: true });
  assert.equal(died.status, 502);
  assert.equal(died.body.response.status, 'action developer error');
  assert.equal(died.body.response.result.error, 'The action did not produce a valid response and exited unexpectedly.');
  assert.ok(
    died.body.logs.some((l: string) => /Z stderr: going down$/.test(l)),
    'the crash output is in the logs',
  );
  const after = await ow.invoke('exits');
  assert.equal(after.status, 200);
  assert.notEqual(after.body.response.result.pid, before.body.response.result.pid);
  assert.equal(typeof annotation(after.body, 'initTime'), 'number');
});

test('a runtime that cannot be started is a whisk error (HTTP 500)', async (t) => {
  const previous = process.env['WHISK_LOCAL_PYTHON'];
  process.env['WHISK_LOCAL_PYTHON'] = '/nonexistent/python3';
  t.after(() => {
    if (previous === undefined) delete process.env['WHISK_LOCAL_PYTHON'];
    else process.env['WHISK_LOCAL_PYTHON'] = previous;
  });
  const wl = await startPlatform(t);
  const ow = restClient(wl);
  await ow.python('nopython', 'def main(a):\n    return {}\n');
  const r = await ow.invoke('nopython');
  assert.equal(r.status, 500);
  assert.equal(r.body.response.status, 'whisk internal error');
  assert.match(r.body.response.result.error, /could not start the python runtime: .*ENOENT/);
  const stored = await wl.recorded(r.body.activationId);
  assert.equal(stored.response.statusCode, 3);
});
