import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../src/errors.js';
import { deployFunctions } from '../../src/platform/index.js';
import { restClient, startPlatform } from './platform-helpers.js';

test('deployFunctions creates then updates actions from a manifest, with their limits and web export', async (t) => {
  const wl = await startPlatform(t);
  const dir = await mkdtemp(join(tmpdir(), 'deploy-'));
  await writeFile(join(dir, 'hello.js'), 'function hello(p) { return { hi: p.name }; }');
  const manifest = join(dir, 'manifest.json');
  await writeFile(
    manifest,
    JSON.stringify({
      actions: {
        greet: { kind: 'nodejs:default', file: 'hello.js', main: 'hello', memory: 128, timeout: 3000, web: true },
      },
    }),
  );
  await deployFunctions(wl, ['greet', 'greet'], manifest);
  const ow = restClient(wl);
  const action = (await ow.call('GET', '/api/v1/namespaces/_/actions/greet')).body;
  assert.equal(action.limits.memory, 128);
  assert.equal(action.limits.timeout, 3000);
  assert.equal(action.exec.main, 'hello');
  assert.ok(
    action.annotations.some((a: { key: string; value: unknown }) => a.key === 'web-export' && a.value === true),
  );
  assert.deepEqual((await ow.invoke('greet', { name: 'ann' }, 'blocking=true&result=true')).body, { hi: 'ann' });
  await deployFunctions(wl, ['greet'], manifest);
  assert.equal((await ow.call('GET', '/api/v1/namespaces/_/actions/greet')).body.version, '0.0.2');
});

test('deployFunctions names unknown applications and unreachable or refusing hosts in one line', async (t) => {
  const wl = await startPlatform(t);
  await assert.rejects(deployFunctions(wl, ['primes-python', 'nope-a', 'nope-b']), (err: unknown) => {
    assert.ok(err instanceof UserError);
    assert.match(
      err.message,
      /unknown applications "nope-a", "nope-b": not in .*manifest\.json; available: .*primes-python/,
    );
    assert.ok(!err.message.includes('\n'));
    return true;
  });
  await assert.rejects(
    deployFunctions({ apihost: wl.apihost, auth: 'a:b' }, ['noop-nodejs']),
    /deploying noop-nodejs to http:\/\/127\.0\.0\.1:\d+: HTTP 401: The supplied authentication is not authorized/,
  );

  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as { port: number }).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  await assert.rejects(
    deployFunctions({ apihost: `http://127.0.0.1:${port}`, auth: wl.auth }, ['noop-nodejs']),
    /deploying noop-nodejs: cannot reach http:\/\/127\.0\.0\.1:\d+/,
  );
});
