/**
 * What a new user meets first, through the real CLIs: the README's example configs dry-run as
 * written from any folder, `--version`, and unknown flags named as unknown.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureBuilt } from '../helpers/dist.js';
import { REPO, tempDir } from './invoker-helpers.js';

const PROGRAMS = ['workload-invoker', 'workload-analyzer', 'comparative-analyzer', 'whisk-local'];

async function cli(
  program: string,
  args: string[],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [join(REPO, 'bin', `${program}.js`), ...args],
      {
        cwd,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

before(() => ensureBuilt(...PROGRAMS));

test('every example config and FaaSProfiler OpenWhisk sample dry-runs from another folder (monitoring scripts found)', async () => {
  const cwd = tempDir('first-hour');
  const examples = (await readdir(join(REPO, 'configs', 'examples'))).filter((f) => f.endsWith('.json'));
  const configs = [
    ...examples.map((f) => join(REPO, 'configs', 'examples', f)),
    join(REPO, 'configs', 'faasprofiler', 'workload_configs_local_openwhisk.json'),
  ];
  assert.ok(examples.includes('mixed-arrivals.json'));
  for (const config of configs) {
    const r = await cli('workload-invoker', ['-c', config, '--dry-run'], cwd);
    assert.equal(r.code, 0, `${config}: ${r.stderr}`);
    assert.ok(JSON.parse(r.stdout).total > 0, config);
  }
});

test('the README example is configs/examples/mixed-arrivals.json', async () => {
  const readme = await readFile(join(REPO, 'README.md'), 'utf8');
  const block = /### Example\s+```json\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(block, 'the README has an example block');
  const file = JSON.parse(await readFile(join(REPO, 'configs', 'examples', 'mixed-arrivals.json'), 'utf8'));
  assert.deepEqual(JSON.parse(block), file);
});

test('--version prints the package version; an unknown flag is named as unknown, exit 2', async () => {
  const { version } = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { version: string };
  const cwd = tempDir('first-hour-flags');
  for (const program of PROGRAMS) {
    const v = await cli(program, ['--version'], cwd);
    assert.equal(v.code, 0, `${program}: ${v.stderr}`);
    assert.equal(v.stdout.trim(), version);
    const bad = await cli(program, ['--no-such-flag'], cwd);
    assert.equal(bad.code, 2, program);
    assert.match(bad.stderr, /unknown option '--no-such-flag'/, program);
  }
});
