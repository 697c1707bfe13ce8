/**
 * Bad input to the real programs: each case is one line naming the input and what is wrong, a
 * documented non-zero exit (2), no stack trace, and nothing overwritten.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CREDENTIALS_FILE } from '../../src/config/whisk-local-credentials.js';
import { startWhiskLocal } from '../../src/platform/index.js';
import { ANALYZER } from './analyzer-helpers.js';
import { INVOKER, REPO, tempDir, writeConfig } from './invoker-helpers.js';

const WHISK_LOCAL = join(REPO, 'bin', 'whisk-local.js');

function run(bin: string, args: readonly string[], cwd: string): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stderr: r.stderr };
}

function oneClearLine(r: { code: number | null; stderr: string }, pattern: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  const lines = r.stderr
    .trim()
    .split('\n')
    .filter((l) => !l.startsWith('warning: '));
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(r.stderr, /unexpected failure|\n\s+at /);
}

/** Every data file under `dir` with its bytes (not LevelDB's own diagnostics LOG), to prove nothing was rewritten. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (e.isFile() && !/^LOG(\.old)?$/.test(e.name))
      out.set(join(e.parentPath, e.name), readFileSync(join(e.parentPath, e.name), 'base64'));
  return out;
}

test('workload-invoker: a deeply nested config, an --out-dir that is a file, a missing --whisk-local dir', () => {
  const dir = tempDir('bad-inv');
  const deep = join(dir, 'deep.json');
  writeFileSync(deep, `{"test_name": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
  oneClearLine(
    run(INVOKER, ['-c', deep, '--dry-run'], dir),
    /deep\.json: invalid JSON at line 1, column \d+: nested more than 256 levels deep/,
  );

  const config = writeConfig(
    dir,
    { endpoint: 'embedded' },
    { a: { application: 'noop-nodejs', interarrivals_list: [0.1] } },
  );
  const file = join(dir, 'a-file');
  writeFileSync(file, 'keep me');
  oneClearLine(
    run(INVOKER, ['-c', config, '--out-dir', file], dir),
    /^error: --out-dir .*a-file: cannot write there \(it is a file, not a folder\)$/,
  );
  oneClearLine(run(INVOKER, ['-c', config, '--out-dir', join(file, 'logs')], dir), /part of the path is a file/);
  assert.equal(readFileSync(file, 'utf8'), 'keep me');

  const nowhere = join(dir, 'no-such-whisk-local');
  oneClearLine(
    run(INVOKER, ['-c', config, '--whisk-local', nowhere], dir),
    new RegExp(`${nowhere}/${CREDENTIALS_FILE}: no whisk-local credentials`),
  );
});

test('workload-analyzer: a --logs-dir that is a file, a corrupt credentials file', () => {
  const dir = tempDir('bad-ana');
  const file = join(dir, 'a-file');
  writeFileSync(file, 'keep me');
  oneClearLine(run(ANALYZER, ['--logs-dir', file], dir), /--logs-dir .*a-file: cannot write there/);
  assert.equal(readFileSync(file, 'utf8'), 'keep me');

  const wl = join(dir, 'wl');
  mkdirSync(wl);
  writeFileSync(join(wl, CREDENTIALS_FILE), '{"api_url": 3');
  mkdirSync(join(dir, 'logs'));
  writeFileSync(join(dir, 'logs', 'test_metadata.out'), '1700000000000\nc.json\n1\n');
  oneClearLine(run(ANALYZER, ['--whisk-local', wl], dir), /credentials\.json: not valid JSON/);
});

test('whisk-local: a damaged activation store is refused and left byte for byte as it was', async () => {
  const dir = tempDir('bad-store');
  const dataDir = join(dir, 'data');
  const platform = await startWhiskLocal({ apiPort: 0, dbPort: 0, dataDir });
  await platform.stop();
  const db = join(dataDir, 'db', platform.dbName);

  writeFileSync(join(db, 'CURRENT'), 'MANIFEST-999999\n');
  const damaged = snapshot(dataDir);
  oneClearLine(
    run(WHISK_LOCAL, ['--api-port', '0', '--db-port', '0', '--data-dir', dataDir], dir),
    /^error: activation store in .* is damaged \(.*\); whisk-local leaves it as it is/,
  );
  assert.deepEqual(snapshot(dataDir), damaged);

  rmSync(join(db, 'CURRENT'));
  const without = snapshot(dataDir);
  oneClearLine(
    run(WHISK_LOCAL, ['--api-port', '0', '--db-port', '0', '--data-dir', dataDir], dir),
    /is damaged \(it has no CURRENT file\)/,
  );
  assert.deepEqual(snapshot(dataDir), without);
});
