/**
 * Trace replay end to end on the embedded endpoint (real whisk-local, real CLIs): the sampled
 * functions run the azure-trace action with their percentiles, warm-up invocations are marked in
 * the records and left out of the analyzer's statistics, and the trace-function table compares
 * measured durations with the trace's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INVOCATIONS_HEADER } from '../helpers/azure-trace.js';
import { runAnalyzer } from './analyzer-helpers.js';
import { isolatedEnv, readRecords, runInvoker, tempDir, writeConfig } from './invoker-helpers.js';

const MINUTES = 1440;

/** A two-function trace: `busy` at 8 invocations a minute for 12 minutes, `rare` once. */
function writeTrace(dir: string): void {
  const header = INVOCATIONS_HEADER;
  const counts = (f: (m: number) => number) => Array.from({ length: MINUTES }, (_, m) => (m < 12 ? f(m) : 0));
  const busy = `${'b'.repeat(64)}`;
  const rare = `${'c'.repeat(64)}`;
  writeFileSync(
    join(dir, 'inv.csv'),
    [
      header,
      ['o', 'a', busy, 'http', ...counts(() => 8)],
      ['o', 'a', rare, 'timer', ...counts((m) => (m === 6 ? 1 : 0))],
    ]
      .map((r) => r.join(','))
      .join('\n'),
  );
  const levels = [0, 1, 25, 50, 75, 99, 100];
  writeFileSync(
    join(dir, 'dur.csv'),
    [
      ['HashOwner', 'HashApp', 'HashFunction', ...levels.map((p) => `percentile_Average_${p}`)].join(','),
      ['o', 'a', busy, 70, 75, 90, 100, 110, 125, 130].join(','),
      ['o', 'a', rare, 20, 20, 30, 40, 50, 60, 60].join(','),
    ].join('\n'),
  );
}

test('embedded trace replay: warm-up apart, durations follow the trace (p50 within 10%), per-function table', async () => {
  const dir = tempDir('trace-emb');
  writeTrace(dir);
  const config = writeConfig(
    dir,
    { endpoint: 'embedded', test_name: 'trace_emb', test_duration_in_seconds: 12, warmup_s: 3 },
    {
      replay: {
        application: 'az',
        azure: {
          trace: {
            invocations: 'inv.csv',
            durations: 'dur.csv',
            minutes: [0, 12],
            functions: 5,
            iat: 'equidistant',
            minute_s: 1,
          },
        },
      },
    },
  );
  const logs = join(dir, 'logs');
  const r = await runInvoker(['-c', config, '--out-dir', logs, '--no-progress'], isolatedEnv(dir), dir);
  assert.equal(r.code, 0, r.stderr);
  const records = readRecords(logs);
  assert.equal(records.length, 97);
  const start = Math.min(...records.map((x) => x.scheduled_ms));
  for (const x of records) {
    assert.equal(x.outcome, 'ok', JSON.stringify(x));
    assert.match(x.trace_function ?? '', /^[bc]{64}$/);
    assert.equal(x.application, `az-${x.trace_function!.slice(0, 12)}`);
  }
  const warmup = records.filter((x) => x.warmup === true);
  // 8 a second, equidistant: the first three seconds hold 24 (the rare one comes at minute 6).
  assert.equal(warmup.length, 24);
  assert.ok(warmup.every((x) => x.scheduled_ms - start < 3000 + 200));

  const a = await runAnalyzer(['--logs-dir', logs, '--json'], { cwd: dir });
  assert.equal(a.code, 0, a.stderr);
  const json = JSON.parse(a.stdout) as {
    records: number;
    warmup: { warmup_s: number; excluded: boolean; activations: number };
    trace_functions: {
      func_name: string;
      invocations: number;
      cold: number;
      duration_p50: number;
      trace_duration_p50: number;
    }[];
    functions: Record<string, { count: number }>;
  };
  assert.deepEqual(
    { ...json.warmup, latency: undefined },
    { warmup_s: 3, excluded: true, activations: 24, latency: undefined },
  );
  assert.equal(json.records, 97 - 24);
  assert.equal(json.functions[`az-${'b'.repeat(12)}`]!.count, 96 - 24);
  const [busy, rare] = json.trace_functions;
  assert.equal(busy!.func_name, `az-${'b'.repeat(12)}`);
  assert.equal(busy!.invocations, 72);
  assert.equal(rare!.invocations, 1);
  assert.equal(rare!.cold, 1, 'a function invoked once starts cold');
  assert.equal(busy!.trace_duration_p50, 100);
  assert.ok(
    Math.abs(busy!.duration_p50 - 100) <= 10,
    `measured duration p50 ${busy!.duration_p50} ms against the trace's 100 ms`,
  );

  const all = await runAnalyzer(['--logs-dir', logs, '--json', '--include-warmup'], { cwd: dir });
  assert.equal((JSON.parse(all.stdout) as { records: number }).records, 97);
});
