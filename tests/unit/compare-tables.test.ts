import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTable, tableLines, type Column } from '../../src/compare/tables.js';

interface R {
  name: string;
  n: number | null;
  share: number;
}
const columns: Column<R>[] = [
  { header: 'name', value: (r) => r.name },
  { header: 'n', value: (r) => r.n, digits: 2 },
  { header: 'share', value: (r) => r.share, percent: true },
];

test('text tables align text left and numbers right, with fixed decimals, percentages and - for missing', () => {
  const out = formatTable(columns, [
    { name: 'alpha', n: Math.PI, share: 0.5 },
    { name: 'b', n: null, share: 0.0125 },
  ]);
  assert.equal(
    out,
    ['name      n  share', '-----  ----  -----', 'alpha  3.14  50.0%', 'b         -   1.3%'].join('\n'),
  );
});

test('tableLines yields the header and rule even with no rows', () => {
  assert.deepEqual([...tableLines(columns, [])], ['name  n  share', '----  -  -----']);
});
