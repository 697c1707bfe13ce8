import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { readArchive } from '../../src/archive/read.js';
import { readRunMetadata } from '../../src/config/run-metadata-io.js';
import {
  ContractError,
  activationDocSchema,
  formatMetadataOut,
  parseMetadataOut,
  parseScheduleCsv,
  readInvocationRecords,
  SCHEDULE_CSV_HEADER,
  testStartMs,
} from '../../src/contracts/index.js';
import { normaliseActivation } from '../../src/activations/normalise.js';
import { ActionRegistry } from '../../src/platform/action-registry.js';

const FIXTURES = new URL('../fixtures/v0.1.0/', import.meta.url).pathname;

async function scratch(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'contracts-'));
}

async function drain<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** The one-line message a reader throws, or null when it does not throw. */
async function failure(fn: () => Promise<unknown>): Promise<string | null> {
  try {
    await fn();
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

test('files written by 0.1.0 load: run metadata, invocation records, archive, action registry', async () => {
  const meta = await readRunMetadata(join(FIXTURES, 'logs'));
  assert.ok(meta.json !== null, 'the .json beside the .out is read');
  assert.equal(meta.json.start_ms, meta.startMs);
  assert.equal(meta.invocations, meta.json.invocations);
  const warnings: string[] = [];
  const records = await drain(
    readInvocationRecords(join(FIXTURES, 'logs', 'invocations.ndjson'), (m) => warnings.push(m)),
  );
  assert.equal(records.length, meta.invocations);
  assert.deepEqual(warnings, []);
  const archive = await readArchive(join(FIXTURES, 'archive.json'));
  assert.equal(archive.test_name, meta.json.test_name);
  const registry = await ActionRegistry.open(join(FIXTURES, 'actions.json'));
  assert.ok(registry.list('guest', undefined).length > 0, 'the bare-array registry of 0.1.0 is read');
});

test('an archive with an out-of-range number is refused in one line naming the field', async () => {
  const dir = await scratch();
  const good = JSON.parse(await readFile(join(FIXTURES, 'archive.json'), 'utf8'));
  for (const [field, value] of [
    ['created_ms', -1e300],
    ['since_ms', '2024'],
  ] as const) {
    const path = join(dir, `${field}.json`);
    await writeFile(path, JSON.stringify({ ...good, [field]: value }));
    const msg = await failure(() => readArchive(path));
    assert.ok(msg?.startsWith(`${path}: `) && msg.includes(field), String(msg));
    assert.equal(msg?.split('\n').length, 1);
  }
  // 1e400 parses to Infinity: refused as well.
  const path = join(dir, 'inf.json');
  await writeFile(path, JSON.stringify(good).replace(/"since_ms":[0-9.e+]+/, '"since_ms":1e400'));
  assert.match(String(await failure(() => readArchive(path))), /since_ms/);
});

test('run metadata whose start_ms is a string is refused naming the file and the field', async () => {
  const dir = await scratch();
  const json = JSON.parse(await readFile(join(FIXTURES, 'logs', 'test_metadata.json'), 'utf8'));
  const out = await readFile(join(FIXTURES, 'logs', 'test_metadata.out'), 'utf8');
  await writeFile(join(dir, 'test_metadata.out'), out);
  await writeFile(join(dir, 'test_metadata.json'), JSON.stringify({ ...json, start_ms: String(json.start_ms) }));
  const err = await readRunMetadata(dir).then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(err instanceof ContractError, String(err));
  assert.equal(err.exitCode, 2);
  assert.match(err.message, /test_metadata\.json: invalid run metadata: start_ms: /);
});

test('test_metadata.out: the three lines round-trip; a bad line is named by number', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 8.64e15 }),
      fc.string().filter((s) => !/[\r\n]/.test(s) && s.trim() === s),
      fc.nat(),
      (startMs, configPath, invocations) => {
        const out = { startMs, configPath, invocations };
        assert.deepEqual(parseMetadataOut(formatMetadataOut(out), 'm.out'), out);
      },
    ),
  );
  assert.throws(() => parseMetadataOut('soon\nc.json\n3\n', 'm.out'), /^ContractError: m\.out:1: /);
  assert.throws(() => parseMetadataOut('1700000000000\nc.json\n-3\n', 'm.out'), /m\.out:3: /);
});

test('a record line cut in half is an error naming file and line; a cut last line only warns', async () => {
  const dir = await scratch();
  const lines = (await readFile(join(FIXTURES, 'logs', 'invocations.ndjson'), 'utf8')).trimEnd().split('\n');
  assert.ok(lines.length >= 3);
  const middle = join(dir, 'middle.ndjson');
  const half = lines[1]!.slice(0, lines[1]!.length >> 1);
  await writeFile(middle, [lines[0], half, ...lines.slice(2)].join('\n'));
  const msg = await failure(() => drain(readInvocationRecords(middle, () => undefined)));
  assert.ok(msg?.startsWith(`${middle}:2: `), String(msg));

  const last = join(dir, 'last.ndjson');
  await writeFile(last, [...lines.slice(0, -1), half].join('\n'));
  const warnings: string[] = [];
  const kept = await drain(readInvocationRecords(last, (m) => warnings.push(m)));
  assert.equal(kept.length, lines.length - 1);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /cut short/);

  const wrongType = join(dir, 'type.ndjson');
  const rec = JSON.parse(lines[0]!);
  await writeFile(wrongType, `${lines[0]}\n${JSON.stringify({ ...rec, lag_ms: 'late' })}\n`);
  const typeMsg = await failure(() => drain(readInvocationRecords(wrongType, () => undefined)));
  assert.match(String(typeMsg), /:2: invalid invocation record: lag_ms: /);
});

test('a corrupt action registry is refused, never replaced', async () => {
  const dir = await scratch();
  const path = join(dir, 'actions.json');
  const text = await readFile(join(FIXTURES, 'actions.json'), 'utf8');
  const actions = JSON.parse(text);
  await writeFile(path, JSON.stringify([{ ...actions[0], limits: { ...actions[0].limits, memory: 'big' } }]));
  assert.match(
    String(await failure(() => ActionRegistry.open(path))),
    /actions\.json: invalid action registry: \[0\]\.limits\.memory/,
  );
  await writeFile(path, text.slice(0, 40));
  assert.match(String(await failure(() => ActionRegistry.open(path))), /actions\.json: not valid JSON/);
  assert.equal(await readFile(path, 'utf8'), text.slice(0, 40));
});

test('the action registry is written with its format and version and read back', async () => {
  const dir = await scratch();
  const src = await ActionRegistry.open(join(FIXTURES, 'actions.json'));
  const path = join(dir, 'actions.json');
  const reg = await ActionRegistry.open(path);
  for (const a of src.list('guest', undefined)) reg.put(a);
  await reg.flushed();
  const written = JSON.parse(await readFile(path, 'utf8'));
  assert.equal(written.format, 'whisk-local-actions');
  assert.equal(written.version, 1);
  const again = await ActionRegistry.open(path);
  assert.deepEqual(again.list('guest', undefined), src.list('guest', undefined));
});

test('schedule CSV rows: header is the version; a bad row is named by line and field', () => {
  const ok = `${SCHEDULE_CSV_HEADER}\n0.5,a,"pkg/x,y",\n1.000001,b,hello,f00d\n`;
  assert.deepEqual(parseScheduleCsv(ok, 's.csv'), [
    { time_s: 0.5, instance: 'a', application: 'pkg/x,y' },
    { time_s: 1.000001, instance: 'b', application: 'hello', trace_function: 'f00d' },
  ]);
  // Version 1 (no trace_function column) is still read.
  assert.deepEqual(parseScheduleCsv('time_s,instance,application\n0.5,a,x\n', 's.csv'), [
    { time_s: 0.5, instance: 'a', application: 'x' },
  ]);
  assert.throws(() => parseScheduleCsv('t,i,a\n', 's.csv'), /s\.csv:1: the header/);
  assert.throws(() => parseScheduleCsv(`${SCHEDULE_CSV_HEADER}\n0.5,a,x,\n-1,b,y,\n`, 's.csv'), /s\.csv:3: .*time_s/);
  assert.throws(() => parseScheduleCsv(`${SCHEDULE_CSV_HEADER}\n0.5,a\n`, 's.csv'), /s\.csv:2: 2 columns/);
});

test('an activation document with a wrong field type is malformed, and the reason names the field', () => {
  const doc = {
    name: 'f',
    activationId: 'a1',
    namespace: 'guest',
    start: 1000,
    end: 1100,
    duration: 100,
    annotations: [{ key: 'kind', value: 'nodejs:20' }],
    response: { statusCode: 0, result: {} },
  };
  assert.equal(activationDocSchema.safeParse(doc).success, true);
  const out = normaliseActivation({ ...doc, duration: 'long' }, 'db', false);
  assert.equal(out.kind, 'malformed');
  assert.match(out.kind === 'malformed' ? out.reason : '', /^duration: /);
});

test('an archive nested thousands of levels deep is one line, not a stack overflow (fuzz counterexample)', async () => {
  const dir = await scratch();
  const path = join(dir, 'deep.json');
  await writeFile(path, `{"format": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`);
  const msg = await failure(() => readArchive(path));
  assert.match(String(msg), /deep\.json: corrupt JSON \(.*nested more than \d+ levels deep\)+$/);
});

test('the written test start is never after an activation sent from the schedule zero on, stamped in whole ms', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 1e12, max: 4e12, noNaN: true }),
      fc.double({ min: 0, max: 5, noNaN: true }),
      (zero, delay) => {
        const written = testStartMs(zero);
        assert.ok(Number.isInteger(written));
        // OpenWhisk's controller stamps activations with the truncated epoch ms of their arrival.
        assert.ok(written <= Math.floor(zero + delay), `${written} > ${Math.floor(zero + delay)}`);
        assert.ok(zero - written < 1);
      },
    ),
  );
});
