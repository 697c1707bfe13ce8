/**
 * Fuzzing the readers of user files: whatever the text, the workload loader and the archive
 * reader return a value or throw a UserError (one line for the user), never anything else.
 */
import { type TestContext, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { readArchive } from '../../src/archive/index.js';
import { loadWorkload } from '../../src/config/index.js';
import { isUserError } from '../../src/errors.js';
import { MAX_JSON_DEPTH, nestingBeyond } from '../../src/contracts/index.js';

const REPO = join(import.meta.dirname, '..', '..');
const validConfig = JSON.parse(readFileSync(join(REPO, 'configs', 'demo.json'), 'utf8')) as unknown;
const validArchive = JSON.parse(
  readFileSync(join(REPO, 'tests', 'fixtures', 'archives', 'hello_5ps.json'), 'utf8'),
) as unknown;

/** Every path (keys and indexes) to a value inside `v`. */
function pathsOf(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) out.push(...pathsOf(x, [...prefix, i]));
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) out.push(...pathsOf(x, [...prefix, k]));
  }
  return out;
}

function replaceAt(v: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Record<string | number, unknown>;
  copy[path[0]!] = replaceAt(copy[path[0]!], path.slice(1), value);
  return copy;
}

/** Strange values, as JSON text: huge, negative and fractional numbers, wrong types, deep nests. */
const oddValue = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.constantFrom('1e308', '-1e308', '-1', '0', '9007199254740993', '0.5', '""', 'null', '[]', '{}', '"x"'),
  // deep enough to overflow any recursive walk of the value (validators, messages, JSON.stringify)
  fc.constantFrom(300, 100_000).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
);

const MARK = '\u0000fuzz-hole\u0000';
const HOLE = JSON.stringify(MARK);

/** Texts: arbitrary JSON, arbitrary strings, deep nests, and valid documents with one value replaced. */
function texts(valid: unknown): fc.Arbitrary<string> {
  const paths = pathsOf(valid);
  const withOdd = fc
    .tuple(fc.constantFrom(...paths), oddValue)
    .map(([path, value]) => JSON.stringify(replaceAt(valid, path, MARK)).replace(HOLE, () => value));
  return fc.oneof(
    fc.json(),
    fc.string(),
    fc.integer({ min: 1, max: 200_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
    withOdd,
    withOdd.map((text) => text.slice(0, -3)),
  );
}

async function userErrorOrValue(read: () => Promise<unknown>): Promise<void> {
  try {
    await read();
  } catch (err) {
    assert.ok(isUserError(err), `not a UserError: ${(err as Error).stack ?? String(err)}`);
    assert.ok((err as Error).message.length > 0);
  }
}

/** Writes texts made from `valid` to `<temp dir>/<name>`, one at a time, and has `read` read each. */
async function fuzzReader(
  t: TestContext,
  name: string,
  valid: unknown,
  read: (file: string) => Promise<unknown>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fuzz-reader-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, name);
  await fc.assert(
    fc.asyncProperty(texts(valid), async (text) => {
      writeFileSync(file, text);
      await userErrorOrValue(() => read(file));
    }),
    { numRuns: 150 },
  );
}

test('the workload loader answers any text with a workload or a UserError', (t) =>
  fuzzReader(t, 'config.json', validConfig, (file) => loadWorkload(file, { cwd: join(REPO, 'configs') })));

test('the archive reader answers any text with an archive or a UserError', (t) =>
  fuzzReader(t, 'archive.json', validArchive, (file) => readArchive(file)));

test('nestingBeyond finds the bracket that opens one level too many, and ignores brackets in strings', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 600 }), fc.boolean(), (depth, quoted) => {
      const inner = quoted ? `"${'['.repeat(1000)}"` : '1';
      const text = `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
      assert.equal(nestingBeyond(text), depth > MAX_JSON_DEPTH ? MAX_JSON_DEPTH : -1);
    }),
  );
  assert.equal(nestingBeyond('{"a\\"[[[": [1]}', 1), 11);
});
