import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../src/errors.js';
import { csvField } from '../../src/csv.js';
import { writeScheduleCsv } from '../../src/schedule/csv.js';
import type { Schedule } from '../../src/schedule/types.js';

const dir = await mkdtemp(join(tmpdir(), 'schedule-csv-'));
after(() => rm(dir, { recursive: true, force: true }));

test('rows are time_s,instance,application,trace_function with microsecond precision and CSV quoting', async () => {
  const schedule: Schedule = {
    seed: 1,
    durationS: 10,
    instances: [
      { name: 'instance1', application: 'pkg/act' },
      { name: 'odd,"name"', application: 'a,b', traceFunction: 'f00d' },
    ],
    times: Float64Array.from([0, 0.0000004, 1.23456789, 9.9999999]),
    instanceIndex: Uint32Array.from([0, 1, 0, 1]),
  };
  const file = join(dir, 'small.csv');
  await writeScheduleCsv(schedule, file);
  assert.equal(
    await readFile(file, 'utf8'),
    'time_s,instance,application,trace_function\n' +
      '0.000000,instance1,pkg/act,\n' +
      '0.000000,"odd,""name""","a,b",f00d\n' +
      '1.234568,instance1,pkg/act,\n' +
      '10.000000,"odd,""name""","a,b",f00d\n',
  );
});

test('csvField quotes only what needs it', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a"b'), '"a""b"');
  assert.equal(csvField('line\nbreak'), '"line\nbreak"');
});

test('a large schedule streams out completely and in order', async () => {
  const n = 300_000;
  const times = new Float64Array(n).map((_, i) => i / 1000);
  const schedule: Schedule = {
    seed: 1,
    durationS: n / 1000,
    instances: [
      { name: 'a', application: 'x' },
      { name: 'b', application: 'y' },
    ],
    times,
    instanceIndex: new Uint32Array(n).map((_, i) => i % 2),
  };
  const file = join(dir, 'large.csv');
  await writeScheduleCsv(schedule, file);
  const lines = (await readFile(file, 'utf8')).split('\n');
  assert.equal(lines.length, n + 2, 'header + rows + final empty string');
  assert.equal(lines[1], '0.000000,a,x,');
  assert.equal(lines[n], `${((n - 1) / 1000).toFixed(6)},b,y,`);
  assert.equal(lines[n + 1], '');
});

test('an unwritable destination is a user error naming the path', async () => {
  const schedule: Schedule = {
    seed: 1,
    durationS: 1,
    instances: [],
    times: new Float64Array(0),
    instanceIndex: new Uint32Array(0),
  };
  const bad = join(dir, 'no-such-folder', 'x.csv');
  await assert.rejects(
    writeScheduleCsv(schedule, bad),
    (e: unknown) => e instanceof UserError && e.message.includes(bad) && !e.message.includes('\n'),
  );
});
