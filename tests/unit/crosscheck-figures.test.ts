/**
 * The FaaSProfiler cross-check's pure part (scripts/crosscheck/figures.ts): reading both
 * analyzers' outputs and recognising FaaSProfiler's stat-summary behaviours only when its figures
 * are exactly what they produce. The script itself needs a FaaSProfiler checkout (not in CI).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  agree,
  configFunctions,
  type FpFunctionFigures,
  functionRows,
  parseFaasProfilerStdout,
  parseOurText,
  runRows,
} from '../../scripts/crosscheck/figures.js';

const FP_STDOUT = [
  'Log file -> logs/WA.log',
  'Invocations by Workload Invoker :12',
  'Records read from CouchDB: 12',
  'Test Dataframe:',
  '    func_name  start',
  'invocation period: 250.5',
  'avg invocation rate: 3.992015968063872',
  'Performance Summary',
  ...['initTime', 'execution', 'latency'].flatMap((m, i) => [
    `Mean ${m} (ms): ${i + 0.5}`,
    `Std ${m} (ms): ${i + 1.25}`,
  ]),
  '***********',
  'Warm Start Performance Summary (count: 12)',
  ...['initTime', 'execution', 'latency'].flatMap((m) => [`Mean ${m} (ms): 7.0`, `Std ${m} (ms): 0.0`]),
  'Cold Start Performance Summary (count: 0)',
  ...['initTime', 'execution', 'latency'].flatMap((m) => [`Mean ${m} (ms): nan`, `Std ${m} (ms): nan`]),
].join('\n');

const OUR_TEXT = `Test: t    since 2026-12-04T05:55:59.193Z    invocations by the workload invoker: 12
Activation records read: 12
Average invocation period: 250.500 ms    average invocation rate: 3.992 /s

Performance summary (ms; percentiles by linear interpolation, sample std with n − 1)
starts  metric (ms)  count  mean    std  p50
------  -----------  -----  ----  -----  ---
all     initTime        12   0.500  1.250    0
all     execution       12   1.500  2.250    1
all     latency         12   2.500  3.250    2
warm    initTime        12      7      0    7
warm    execution       12      7      0    7
warm    latency         12      7      0    7
cold    initTime         0      -      -    -
cold    execution        0      -      -    -
cold    latency          0      -      -    -
`;

test("FaaSProfiler's stdout and our text report give the same run figures, empty groups as null", () => {
  const fp = parseFaasProfilerStdout(FP_STDOUT);
  const ours = parseOurText(OUR_TEXT);
  assert.deepEqual(fp.counts, { all: 12, warm: 12, cold: 0 });
  assert.deepEqual(fp.perf.all.execution, { mean: 1.5, std: 2.25 });
  assert.deepEqual(fp.perf.cold.latency, { mean: null, std: null });
  assert.deepEqual(ours.perf.cold.latency, { mean: null, std: null });
  const rows = runRows(fp, ours);
  assert.deepEqual(
    rows.filter((r) => r.verdict !== 'agree'),
    [],
  );
  const drifted = parseOurText(
    OUR_TEXT.replace('all     latency         12   2.500', 'all     latency         12   2.502'),
  );
  assert.deepEqual(
    runRows(fp, drifted)
      .filter((r) => r.verdict === 'DIFFER')
      .map((r) => r.figure),
    ['all latency mean'],
  );
});

test('agreement: half a unit of the third printed decimal, or 1e-6 relative for large values; null only with null', () => {
  assert.ok(agree(13.524050632911392, 13.524));
  assert.ok(!agree(13.524050632911392, 13.523));
  assert.ok(agree(2_000_000.5, 2_000_001.9));
  assert.ok(agree(null, null));
  assert.ok(!agree(null, 0));
});

const fpRow = (over: Partial<FpFunctionFigures>): FpFunctionFigures => ({
  count: 96,
  cold: 2,
  warm: 94,
  rate: null,
  throughput: (1000 * 96) / 11_000,
  rel_stress: null,
  capacity_factor: 4.5,
  first_start: 1000,
  last_end: 12_000,
  ...over,
});
const ourRow = { count: 96, cold: 2, warm: 94, rate: 8, throughput: 8.0087, rel_stress: 0.9989, capacity_factor: 4.5 };

test('an instance without activity_window is recognised only when FaaSProfiler reports no rate and its first-activation throughput', () => {
  const config = { firstHasWindow: false, firstRate: 8, rateInstances: 1 };
  const rows = functionRows('primes-python', fpRow({}), ourRow, config);
  assert.deepEqual(
    rows.filter((r) => r.verdict.startsWith('known')).map((r) => r.figure),
    ['primes-python rate', 'primes-python throughput', 'primes-python rel_stress'],
  );
  assert.ok(rows.every((r) => r.verdict !== 'DIFFER'));
  // Any other throughput is a real disagreement, not the known behaviour.
  const off = functionRows('primes-python', fpRow({ throughput: 9.5 }), ourRow, config);
  assert.deepEqual(
    off.filter((r) => r.verdict === 'DIFFER').map((r) => r.figure),
    ['primes-python throughput', 'primes-python rate', 'primes-python rel_stress'],
  );
  // Counts are never excused.
  const fewer = functionRows('primes-python', fpRow({ count: 95 }), ourRow, config);
  assert.ok(fewer.some((r) => r.figure === 'primes-python count' && r.verdict === 'DIFFER'));
});

test("FaaSProfiler's sample config: two rated instances of example_app1, whose first rate FaaSProfiler reports", () => {
  const config = JSON.parse(
    readFileSync(join('tests', 'fixtures', 'faasprofiler-configs', 'workload_configs_local_openwhisk.json'), 'utf8'),
  );
  const known = configFunctions(config);
  assert.deepEqual(known.get('example_app1'), { firstHasWindow: true, firstRate: 25, rateInstances: 2 });
  assert.deepEqual(known.get('example_app2'), { firstHasWindow: false, firstRate: null, rateInstances: 0 });
  const fp = fpRow({ rate: 25, throughput: 34.9, rel_stress: 25 / 34.9 });
  const ours = { ...ourRow, count: 96, rate: 35, throughput: 34.9, rel_stress: 35 / 34.9 };
  const rows = functionRows('example_app1', fp, ours, known.get('example_app1'));
  assert.deepEqual(
    rows.filter((r) => r.verdict !== 'agree').map((r) => [r.figure, r.verdict.split(' (')[0]]),
    [
      ['example_app1 rate', 'known: 2 instances'],
      ['example_app1 rel_stress', 'known: 2 instances'],
    ],
  );
});
