import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { findExecutable, transportEndpointProblem } from '../../src/invoke/preflight.js';

test('only the CLI transport with the generic or embedded endpoint is a problem', () => {
  for (const endpoint of ['local_openwhisk', 'openwhisk', 'generic', 'embedded'] as const) {
    assert.equal(transportEndpointProblem(endpoint, 'http'), null);
    const cli = transportEndpointProblem(endpoint, 'cli');
    assert.equal(cli !== null, endpoint === 'generic' || endpoint === 'embedded', endpoint);
  }
});

test('findExecutable finds an executable on PATH or by path, and skips plain files', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'preflight-'));
  try {
    await writeFile(join(dir, 'wsk'), '#!/bin/sh\n');
    await writeFile(join(dir, 'notexec'), 'x');
    await chmod(join(dir, 'wsk'), 0o755);
    assert.equal(await findExecutable('wsk', ['/nonexistent', dir].join(delimiter)), join(dir, 'wsk'));
    assert.equal(await findExecutable(join(dir, 'wsk'), ''), join(dir, 'wsk'));
    assert.equal(await findExecutable('notexec', dir), null);
    assert.equal(await findExecutable('wsk', ''), null);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
