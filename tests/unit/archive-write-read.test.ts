import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { archiveFileName, sanitizeTestName, writeArchive } from '../../src/archive/write.js';
import { InvalidArchiveError, readArchive } from '../../src/archive/read.js';
import { listArchives } from '../../src/archive/list.js';
import { isUserError } from '../../src/errors.js';
import { makeArchive } from '../fixtures/archives/make.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'archive-test-'));
  dirs.push(d);
  return d;
}
after(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const T0 = Date.UTC(2024, 2, 5, 7, 9, 59, 999); // 2024-03-05 07:09:59.999 UTC

test('archiveFileName uses the UTC minute of created_ms and the test name', () => {
  assert.equal(archiveFileName({ created_ms: T0, test_name: 'my_test' }), '2024_03_05_07_09_my_test.json');
  assert.equal(
    archiveFileName({ created_ms: Date.UTC(1999, 11, 31, 23, 59), test_name: 't' }),
    '1999_12_31_23_59_t.json',
  );
});

test('archiveFileName sanitises the test name for file systems', () => {
  assert.equal(
    archiveFileName({ created_ms: T0, test_name: 'a/b c:d*é?.v1-x' }),
    '2024_03_05_07_09_a_b_c_d___.v1-x.json',
  );
  assert.equal(sanitizeTestName(''), 'test');
  assert.equal(sanitizeTestName('../../etc/passwd'), '.._.._etc_passwd');
});

test('sanitizeTestName keeps only [A-Za-z0-9._-], never a path separator, and bounded length', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 400 }), (name) => {
      const s = sanitizeTestName(name);
      assert.match(s, /^[A-Za-z0-9._-]+$/);
      assert.ok(s.length <= 180);
      if (/^[A-Za-z0-9._-]{1,180}$/.test(name)) assert.equal(s, name);
    }),
  );
});

test('writeArchive creates the folder, writes valid JSON that reads back identical', async () => {
  const dir = join(await tempDir(), 'nested', 'data_archive');
  const archive = makeArchive({
    testName: 'round trip',
    createdMs: T0,
    functions: [{ name: 'f1', rate: 10, count: 5000, coldEvery: 100 }],
  });
  const path = await writeArchive(archive, dir);
  assert.equal(path, join(dir, '2024_03_05_07_09_round_trip.json'));
  assert.deepEqual(JSON.parse(await readFile(path, 'utf8')), archive);
  assert.deepEqual(await readArchive(path), archive);
  // No temporary files left behind.
  assert.deepEqual(await readdir(dir), ['2024_03_05_07_09_round_trip.json']);
});

test('writeArchive never overwrites: runs in the same minute get _2, _3', async () => {
  const dir = await tempDir();
  const a = makeArchive({ testName: 'same', createdMs: T0, functions: [{ name: 'f', rate: 1, count: 3 }] });
  const b = { ...a, created_ms: T0 - 30_000 };
  const c = { ...a, created_ms: T0 - 1 };
  const paths = [await writeArchive(a, dir), await writeArchive(b, dir), await writeArchive(c, dir)];
  assert.deepEqual(
    paths.map((p) => p.slice(dir.length + 1)),
    ['2024_03_05_07_09_same.json', '2024_03_05_07_09_same_2.json', '2024_03_05_07_09_same_3.json'],
  );
  assert.equal((await readArchive(paths[1]!)).created_ms, T0 - 30_000);
  assert.equal((await readArchive(paths[0]!)).created_ms, T0);
});

test('concurrent writers of the same name each get their own file', async () => {
  const dir = await tempDir();
  const archives = Array.from({ length: 6 }, (_, i) =>
    makeArchive({ testName: 'race', createdMs: T0 + i, functions: [{ name: 'f', rate: 1, count: 2 }] }),
  );
  const paths = await Promise.all(archives.map((a) => writeArchive(a, dir)));
  assert.equal(new Set(paths).size, 6);
  const created = (await Promise.all(paths.map((p) => readArchive(p)))).map((a) => a.created_ms).sort();
  assert.deepEqual(
    created,
    archives.map((a) => a.created_ms),
  );
});

async function expectInvalid(path: string, pattern: RegExp): Promise<void> {
  await assert.rejects(readArchive(path), (err: unknown) => {
    assert.ok(err instanceof InvalidArchiveError);
    assert.ok(isUserError(err));
    assert.ok(err.message.startsWith(`${path}: `), err.message);
    assert.match(err.message, pattern);
    assert.ok(!err.message.includes('\n'), 'one line');
    return true;
  });
}

test('readArchive rejects corrupt JSON, other formats, unknown versions and missing fields, naming the file', async () => {
  const dir = await tempDir();
  const good = makeArchive({ testName: 'x', createdMs: T0, functions: [{ name: 'f', rate: 1, count: 4 }] });
  const text = JSON.stringify(good);
  const cases: [string, string, RegExp][] = [
    ['truncated.json', text.slice(0, text.length / 2), /corrupt JSON/],
    ['empty.json', '', /empty file/],
    ['array.json', '[]', /not a faas-profiler archive/],
    ['format.json', JSON.stringify({ ...good, format: 'something-else' }), /format is "something-else"/],
    ['noformat.json', JSON.stringify({ version: 1 }), /format is missing/],
    ['v2.json', JSON.stringify({ ...good, version: 2 }), /unsupported archive version 2 \(this tool reads version 1\)/],
    ['noacts.json', JSON.stringify({ ...good, activations: undefined }), /activations: .*expected array/],
    [
      'badact.json',
      JSON.stringify({ ...good, activations: [{ ...good.activations[0], start: 'soon' }] }),
      /activations\[0\]\.start: .*expected number/,
    ],
    ['badcreated.json', JSON.stringify({ ...good, created_ms: '2024' }), /created_ms: .*expected number/],
    [
      'badstats.json',
      JSON.stringify({ ...good, functions: [{ ...good.functions[0], latency: { count: 1 } }] }),
      /functions\[0\]\.latency\.mean/,
    ],
  ];
  for (const [name, content, pattern] of cases) {
    await writeFile(join(dir, name), content);
    await expectInvalid(join(dir, name), pattern);
  }
  await expectInvalid(join(dir, 'absent.json'), /no such file/);
});

test('readArchive caps the list of problems in its one-line message', async () => {
  const dir = await tempDir();
  const good = makeArchive({ testName: 'x', createdMs: T0, functions: [{ name: 'f', rate: 1, count: 50 }] });
  const bad = { ...good, activations: good.activations.map((a) => ({ ...a, cold: 'no' })) };
  await writeFile(join(dir, 'bad.json'), JSON.stringify(bad));
  await expectInvalid(join(dir, 'bad.json'), /\(and 47 more problems\)$/);
});

test('readArchive tolerates extra fields and keeps them', async () => {
  const dir = await tempDir();
  const good = makeArchive({ testName: 'x', createdMs: T0, functions: [{ name: 'f', rate: 1, count: 2 }] });
  const extended = {
    ...good,
    future_field: { a: 1 },
    activations: good.activations.map((a) => ({ ...a, memory_mb: 256 })),
  };
  await writeFile(join(dir, 'ext.json'), JSON.stringify(extended));
  assert.deepEqual(await readArchive(join(dir, 'ext.json')), extended);
});

test('listArchives filters by created_ms, skips bad files with a warning, sorts by time', async () => {
  const dir = await tempDir();
  const mk = (name: string, createdMs: number) =>
    makeArchive({ testName: name, createdMs, functions: [{ name: 'f', rate: 1, count: 2 }] });
  await writeArchive(mk('late', T0 + 120_000), dir);
  await writeArchive(mk('early', T0 - 120_000), dir);
  await writeArchive(mk('exact', T0), dir);
  await writeFile(join(dir, 'corrupt.json'), '{"format": "faas-profiler-archive", ');
  await writeFile(join(dir, 'future.json'), JSON.stringify({ ...mk('v9', T0), version: 9 }));
  await writeFile(join(dir, 'notes.txt'), 'not an archive');
  const warnings: string[] = [];
  const all = await listArchives(dir, { warn: (m) => warnings.push(m) });
  assert.deepEqual(
    all.map((f) => f.archive.test_name),
    ['early', 'exact', 'late'],
  );
  assert.equal(warnings.length, 2);
  assert.match(
    warnings[0]!,
    new RegExp(`^skipping ${join(dir, 'corrupt.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: corrupt JSON`),
  );
  assert.match(warnings[1]!, /^skipping .*future\.json: unsupported archive version 9/);

  const since = await listArchives(dir, { sinceMs: T0, warn: () => undefined });
  assert.deepEqual(
    since.map((f) => f.archive.test_name),
    ['exact', 'late'],
  );
  assert.deepEqual(await listArchives(dir, { sinceMs: T0 + 10 ** 9, warn: () => undefined }), []);
});

test('listArchives: an empty folder gives no archives, a missing folder is a UserError', async () => {
  const dir = await tempDir();
  assert.deepEqual(await listArchives(dir, { warn: () => assert.fail('no warnings') }), []);
  await assert.rejects(
    listArchives(join(dir, 'nope'), { warn: () => undefined }),
    (err: unknown) => isUserError(err) && /does not exist/.test((err as Error).message),
  );
});
