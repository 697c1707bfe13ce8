import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Activation } from '../../src/activations/types.js';
import { ActivationTable, formatCell, formatTable, metricValues } from '../../src/analysis/index.js';

function act(i: number): Activation {
  const initTime = i % 3 === 0 ? 40 : 0;
  const duration = 10 + (i % 11) + initTime;
  const waitTime = i % 5;
  return {
    func_name: `f${i % 4}`,
    activationId: `id${i}`,
    namespace: i % 10 === 0 ? 'other' : 'guest',
    start: 1000 + i,
    end: 1000 + i + duration,
    duration,
    waitTime,
    initTime,
    latency: duration + waitTime,
    execution: duration - initTime,
    kind: i % 2 ? 'nodejs:20' : 'python:3',
    statusCode: i % 7 === 0 ? null : i % 4,
    cold: initTime > 0,
    result: { i },
  };
}

test('the columnar table grows past its initial capacity and gives every row back as it was added', () => {
  const table = new ActivationTable(true);
  const input = Array.from({ length: 3000 }, (_, i) => act(i));
  for (const a of input) assert.equal(table.add(a), true);
  assert.equal(table.add(act(17)), false, 'same activation id twice');
  assert.equal(table.size, 3000);
  for (const i of [0, 1023, 1024, 2047, 2999]) assert.deepEqual(table.row(i), input[i]);
  assert.deepEqual([...table.functionNames], ['f0', 'f1', 'f2', 'f3']);
  const groups = table.indicesByFunction();
  assert.deepEqual(
    groups.map((g) => g.length),
    [750, 750, 750, 750],
  );
  assert.ok(groups[2]!.every((i) => table.row(i).func_name === 'f2'));
  assert.equal(table.mainNamespace(), 'guest');
  assert.deepEqual([...metricValues(table, 'latency', [3, 4])], [input[3]!.latency, input[4]!.latency]);
  const plain = new ActivationTable(false);
  plain.add(act(1));
  assert.equal('result' in plain.row(0), false, 'results are kept only when asked for');
});

test('text tables align numbers right, text left, and show missing values as -', () => {
  assert.equal(formatCell(null), '-');
  assert.equal(formatCell(2), '2');
  assert.equal(formatCell(2.5), '2.500');
  const lines = formatTable(
    ['name', 'value'],
    [
      ['a', 1.5],
      ['long-name', null],
    ],
  ).split('\n');
  assert.deepEqual(lines, ['name       value', '---------  -----', 'a          1.500', 'long-name      -']);
});
