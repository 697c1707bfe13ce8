import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { testCategory } from '../../src/compare/category.js';

test('testCategory removes rate tokens wherever they are', () => {
  assert.equal(testCategory('imgresize_50ps'), 'imgresize');
  assert.equal(testCategory('imgresize_2.5ps_run2'), 'imgresize_run2');
  assert.equal(testCategory('10ps_matmul_100ps_cold'), 'matmul_cold');
  assert.equal(testCategory('no_rate_here'), 'no_rate_here');
});

test('testCategory keeps tokens that only look like rates', () => {
  assert.equal(testCategory('x_50pps'), 'x_50pps');
  assert.equal(testCategory('x_ps'), 'x_ps');
  assert.equal(testCategory('x_.5ps'), 'x_.5ps');
  assert.equal(testCategory('x_50ps2'), 'x_50ps2');
  assert.equal(testCategory('x_-5ps'), 'x_-5ps');
  assert.equal(testCategory('x-50ps'), 'x-50ps');
});

test('a name made only of rate tokens is its own category', () => {
  assert.equal(testCategory('50ps'), '50ps');
  assert.equal(testCategory('50ps_100ps'), '50ps_100ps');
});

test('the same experiment at different rates shares one category', () => {
  const token = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
  fc.assert(
    fc.property(
      fc.array(token, { minLength: 1, maxLength: 4 }),
      fc.nat(1000),
      fc.nat(1000),
      fc.nat(4),
      (tokens, r1, r2, at) => {
        const pos = Math.min(at, tokens.length);
        const withRate = (r: number) => [...tokens.slice(0, pos), `${r}ps`, ...tokens.slice(pos)].join('_');
        assert.equal(testCategory(withRate(r1)), testCategory(withRate(r2)));
        assert.equal(testCategory(withRate(r1)), tokens.join('_'));
        // Idempotent.
        assert.equal(testCategory(testCategory(withRate(r1))), tokens.join('_'));
      },
    ),
  );
});
