import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findSyntaxError, lineAndColumn, parseJsonText } from '../../src/config/json-text.js';

const accepts = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

test('the recogniser accepts every JSON document (any whitespace layout)', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.constantFrom(undefined, 1, '\t'), (value, indent) => {
      assert.equal(findSyntaxError(JSON.stringify(value, null, indent)), null);
    }),
    { numRuns: 500 },
  );
});

test('the recogniser agrees with JSON.parse on damaged documents', () => {
  // Delete, duplicate or replace one character of a valid document.
  const damaged = fc
    .tuple(
      fc.json(),
      fc.nat(),
      fc.constantFrom('', ',', '}', ']', '"', ':', '\\', '\n', 'x', '0', '-', '.', 'e', '\u0001'),
    )
    .map(([json, at, ch]) => {
      const i = json.length === 0 ? 0 : at % json.length;
      return json.slice(0, i) + ch + json.slice(i + (ch === '' ? 1 : at % 2));
    });
  fc.assert(
    fc.property(damaged, (text) => {
      assert.equal(findSyntaxError(text) === null, accepts(text), JSON.stringify(text));
    }),
    { numRuns: 2000 },
  );
});

test('syntax errors name the line, the column and what was expected', () => {
  assert.deepEqual(parseJsonText('{"a": 1,\n  "b": 2,\n}'), {
    ok: false,
    error: 'line 3, column 1: expected a double-quoted string, got "}"',
  });
  assert.deepEqual(parseJsonText('{"a": [1, 2}'), {
    ok: false,
    error: "line 1, column 12: expected ',' or ']', got \"}\"",
  });
  assert.deepEqual(parseJsonText('{"a": tru}'), { ok: false, error: 'line 1, column 10: expected "true", got "}"' });
  assert.deepEqual(parseJsonText('{"a": 1'), {
    ok: false,
    error: "line 1, column 8: expected ',' or '}', got the end of the file",
  });
  assert.deepEqual(parseJsonText('{} {}'), {
    ok: false,
    error: 'line 1, column 4: expected nothing after the JSON value, got "{"',
  });
  assert.deepEqual(
    parseJsonText('\ufeff{"a": 01}'),
    { ok: false, error: "line 1, column 8: expected ',' or '}', got \"1\"" },
    'the BOM is not a column',
  );
  assert.deepEqual(parseJsonText('{"a": 1}'), { ok: true, value: { a: 1 } });
});

test('line and column count from 1', () => {
  assert.deepEqual(lineAndColumn('ab\ncd', 0), { line: 1, column: 1 });
  assert.deepEqual(lineAndColumn('ab\ncd', 3), { line: 2, column: 1 });
  assert.deepEqual(lineAndColumn('ab\ncd', 5), { line: 2, column: 3 });
});
