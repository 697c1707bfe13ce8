import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import {
  codeFileContents,
  codeFileName,
  containerEnv,
  findPackageRoot,
  runnerPath,
  runtimeCommand,
} from '../../src/platform/runtimes/index.js';

test('code files: ES module syntax loads as .mjs, plain scripts as CommonJS with their entry exported', () => {
  assert.equal(codeFileName('nodejs', 'function main() {}'), 'action.cjs');
  assert.equal(codeFileName('nodejs', 'export function main() {}'), 'action.mjs');
  assert.equal(codeFileName('nodejs', "import fs from 'node:fs';\nexport default () => ({})"), 'action.mjs');
  assert.equal(codeFileName('nodejs', '// export is mentioned in a comment\nfunction main() {}'), 'action.cjs');
  assert.equal(codeFileName('python', 'def main(a): return a'), 'action.py');
  assert.equal(codeFileName('native', '#!/bin/sh'), 'exec');
  const cjs = codeFileContents('nodejs', 'function handler() {}', false, 'handler', 'action.cjs') as string;
  assert.ok(cjs.startsWith('function handler() {}\n'));
  assert.match(cjs, /module\.exports\.__ow_entry = handler/);
  assert.equal(
    codeFileContents('nodejs', 'export const main = () => 1', false, 'main', 'action.mjs'),
    'export const main = () => 1',
  );
  assert.deepEqual(
    codeFileContents('native', Buffer.from([1, 2, 250]).toString('base64'), true, 'main', 'exec'),
    Buffer.from([1, 2, 250]),
  );
});

test('runner scripts are found from the package root, and containers get a minimal environment', () => {
  assert.ok(existsSync(`${findPackageRoot()}/package.json`));
  assert.ok(existsSync(runnerPath('nodejs')));
  assert.ok(existsSync(runnerPath('python')));
  assert.deepEqual(runtimeCommand('nodejs', 256).args, ['--max-old-space-size=256', runnerPath('nodejs')]);
  const env = containerEnv();
  assert.equal(env['NODE_OPTIONS'], undefined);
  assert.equal(env['PYTHONUNBUFFERED'], '1');
});
