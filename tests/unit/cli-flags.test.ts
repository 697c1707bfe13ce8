import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError } from 'commander';
import fc from 'fast-check';
import { numberFlag } from '../../src/cli/flags.js';

test('numberFlag accepts exactly the values its rule allows', () => {
  const rules = [
    { whole: true, min: 1 },
    { min: 0, above: true },
    { whole: true, min: 0, max: 65535 },
    { min: 0 },
  ] as const;
  fc.assert(
    fc.property(
      fc.constantFrom(...rules),
      fc.oneof(fc.integer({ min: -5, max: 70000 }), fc.double({ min: -10, max: 10, noNaN: true })),
      (rule, n) => {
        const allowed =
          (!('whole' in rule) || Number.isInteger(n)) &&
          ('above' in rule ? n > rule.min : n >= rule.min) &&
          (!('max' in rule) || n <= rule.max);
        const parse = numberFlag('--x', rule);
        if (allowed)
          assert.equal(parse(String(n)), Number(String(n))); // String(-0) is "0"
        else assert.throws(() => parse(String(n)), InvalidArgumentError);
      },
    ),
  );
});

test('numberFlag names the flag, what it expects and what it got; blank and non-numeric values are refused', () => {
  assert.throws(() => numberFlag('--workers', { whole: true, min: 1 })('0'), {
    message: '--workers expects a whole number >= 1, got "0"',
  });
  assert.throws(() => numberFlag('--timeout-s', { min: 0, above: true })('soon'), {
    message: '--timeout-s expects a number > 0, got "soon"',
  });
  assert.throws(() => numberFlag('--api-port', { whole: true, min: 0, max: 65535 })('70000'), {
    message: '--api-port expects a whole number in 0..65535, got "70000"',
  });
  assert.throws(() => numberFlag('--rows', { whole: true, min: 0 })(' '), InvalidArgumentError);
});
