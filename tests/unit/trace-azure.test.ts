import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { UserError } from '../../src/errors.js';
import { INVOCATIONS_HEADER } from '../helpers/azure-trace.js';
import { readAzureTrace, readDurations, readInvocations, readMemory, TRACE_MINUTES } from '../../src/trace/index.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'azure2019');
const files = {
  invocations: join(fixtures, 'invocations_per_function_md.anon.d01.csv'),
  durations: join(fixtures, 'function_durations_percentiles.anon.d01.csv'),
  memory: join(fixtures, 'app_memory_percentiles.anon.d01.csv'),
};
const dir = await mkdtemp(join(tmpdir(), 'trace-azure-'));
after(() => rm(dir, { recursive: true, force: true }));

const HEADER = INVOCATIONS_HEADER;
const row = (fn: string, counts: (number | string)[]) =>
  ['o', 'a', fn, 'http', ...counts, ...new Array(TRACE_MINUTES - counts.length).fill(0)].join(',');

async function csv(name: string, lines: string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

/** The one-line user error a call rejects with. */
async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof UserError, String(err));
    assert.ok(!err.message.includes('\n'), err.message);
    return err.message;
  }
  assert.fail('expected a UserError');
}

test('the sample trace: functions with invocations in the range, their counts, durations and memory joined', async () => {
  const fns = await readAzureTrace(files, [0, 30]);
  assert.ok(fns.length > 0);
  for (const f of fns) {
    assert.equal(f.counts.length, 30);
    assert.ok(f.counts.some((c) => c > 0));
    assert.ok(f.durationsMs !== null && f.durationsMs.values.length === 7);
  }
  assert.ok(fns.some((f) => f.memoryMb !== null));
});

test('bad trace files: one line naming the file, the line and the column', async () => {
  const neg = await csv('neg.csv', [HEADER.join(','), row('f1', [1, 2]), row('f2', [3, -1])]);
  assert.equal(
    await errorOf(readInvocations(neg, [0, 10])),
    `${neg}: line 3, column 2: expected an integer count >= 0, got "-1"`,
  );
  const frac = await csv('frac.csv', [HEADER.join(','), row('f1', [1.5])]);
  assert.match(
    await errorOf(readInvocations(frac, [0, 10])),
    /frac\.csv: line 2, column 1: expected an integer count >= 0, got "1.5"$/,
  );
  const short = await csv('short.csv', [HEADER.join(','), 'o,a,f,http,1,2']);
  assert.match(
    await errorOf(readInvocations(short, [0, 10])),
    /short\.csv: line 2, column 3: missing \(the row has 6 fields\)$/,
  );
  const nocol = await csv('nocol.csv', [HEADER.filter((h) => h !== 'Trigger').join(','), 'o,a,f,1']);
  assert.match(
    await errorOf(readInvocations(nocol, [0, 10])),
    /nocol\.csv: line 1 \(header\): missing column Trigger$/,
  );
  const dur = await csv('dur.csv', [
    'HashOwner,HashApp,HashFunction,percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,percentile_Average_75,percentile_Average_99,percentile_Average_100',
    'o,a,f,1,2,3,x,5,6,7',
  ]);
  assert.match(
    await errorOf(readDurations(dur)),
    /dur\.csv: line 2, column percentile_Average_50: expected a number >= 0, got "x"$/,
  );
  const mem = await csv('mem.csv', ['HashOwner,HashApp,AverageAllocatedMb_pct1', 'o,a,1']);
  assert.match(await errorOf(readMemory(mem)), /mem\.csv: line 1 \(header\): missing columns AverageAllocatedMb_pct5/);
  assert.match(
    await errorOf(readDurations(join(dir, 'absent.csv'))),
    /absent\.csv: cannot read the trace file \(ENOENT\)$/,
  );
});

test('fuzz: any text as an invocations file either reads or fails with one UserError line', async () => {
  await fc.assert(
    fc.asyncProperty(fc.string({ maxLength: 300 }), fc.boolean(), async (body, withHeader) => {
      const path = join(dir, 'fuzz.csv');
      await writeFile(path, withHeader ? `${HEADER.join(',')}\n${body}` : body);
      try {
        await readInvocations(path, [0, 5]);
      } catch (err) {
        assert.ok(err instanceof UserError, String(err));
        assert.ok(!err.message.includes('\n'));
      }
    }),
    { numRuns: 150 },
  );
});
