import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkload } from '../../src/config/load.js';
import { UserErrors } from '../../src/errors.js';
import { recordFactory } from '../../src/invoke/records-writer.js';

const dir = await mkdtemp(join(tmpdir(), 'config-shapes-'));
after(() => rm(dir, { recursive: true, force: true }));

async function load(instances: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const path = join(dir, 'w.json');
  await writeFile(path, JSON.stringify({ test_name: 't', test_duration_in_seconds: 20, instances, ...extra }));
  return loadWorkload(path, { cwd: dir });
}

async function problems(instances: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<string[]> {
  try {
    await load(instances, extra);
  } catch (err) {
    assert.ok(err instanceof UserErrors, String(err));
    return err.lines.map((l) => l.slice(l.indexOf(': ') + 2));
  }
  return assert.fail('expected the config to be rejected');
}

test('ramps and steps become rate pieces clipped to the window; warmup_s is read', async () => {
  const w = await load(
    {
      ramp: { application: 'a', distribution: 'Uniform', rate: [0, 10], activity_window: [5, 30] },
      steps: {
        application: 'a',
        distribution: 'Poisson',
        steps: [
          [2, 5],
          [8, 50],
          [9, 0],
        ],
        activity_window: [4, 15],
      },
    },
    { warmup_s: 3 },
  );
  assert.equal(w.warmupS, 3);
  assert.deepEqual(w.instances[0]!.arrival, {
    kind: 'shaped',
    process: 'Uniform',
    segments: [{ start: 5, end: 20, from: 0, to: 10 }],
  });
  assert.deepEqual(w.instances[1]!.arrival, {
    kind: 'shaped',
    process: 'Poisson',
    segments: [
      { start: 4, end: 8, from: 5, to: 5 },
      { start: 8, end: 9, from: 50, to: 50 },
      { start: 9, end: 15, from: 0, to: 0 },
    ],
  });
});

test('shape rules: one line per problem naming the field', async () => {
  assert.deepEqual(
    await problems(
      {
        both: { application: 'a', distribution: 'Uniform', rate: 1, steps: [[0, 1]] },
        order: {
          application: 'a',
          distribution: 'Uniform',
          steps: [
            [0, 1],
            [5, 2],
            [5, 3],
          ],
        },
        nodist: { application: 'a', steps: [[0, 1]] },
        mixed: { application: 'a', distribution: 'Uniform', rate: 2, azure: { trace: {} } },
        badramp: { application: 'a', distribution: 'Uniform', rate: [1, -2] },
      },
      { warmup_s: -1 },
    ),
    [
      'instances.both.steps: expected either rate or steps, not both',
      'instances.order.steps[2]: expected step times in increasing order, got 5 after 5',
      'instances.nodist.distribution: missing, expected "Uniform" or "Poisson" with steps',
      'instances.mixed: expected either azure.trace or distribution + rate, not both',
      'instances.mixed.azure.trace.invocations: missing, expected a file path (the invocations_per_function_md CSV)',
      'instances.mixed.azure.trace.durations: missing, expected a file path (the function_durations_percentiles CSV)',
      'instances.mixed.azure.trace.minutes: missing, expected [from, to): trace minutes, 0 to 1440',
      'instances.mixed.azure.trace.functions: missing, expected an integer >= 1',
      'instances.badramp.rate[1]: expected a number >= 0 (invocations per second), got -2',
      'warmup_s: expected a number of seconds >= 0, got -1',
    ],
  );
});

test('records carry warmup (scheduled before warmup_s) and trace_function, and nothing otherwise', () => {
  const make = recordFactory({
    startEpochMs: 1_700_000_000_000,
    times: Float64Array.from([0.5, 2.9999, 3, 4]),
    instanceIndex: Uint32Array.from([0, 1, 0, 1]),
    instances: [
      { name: 'plain', application: 'hello' },
      { name: 'replay/abc', application: 'azure-abc', traceFunction: 'abc123' },
    ],
    warmupS: 3,
  });
  const rec = (seq: number) => make(seq, Number.NaN, Number.NaN, -1, 'cancelled', null, null);
  assert.equal(rec(0).warmup, true);
  assert.equal(rec(0).trace_function, undefined);
  assert.deepEqual([rec(1).warmup, rec(1).trace_function], [true, 'abc123']);
  assert.ok(!('warmup' in rec(2)) && !('trace_function' in rec(2)));
  assert.deepEqual([rec(3).warmup, rec(3).trace_function], [undefined, 'abc123']);
});
