import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { UserError } from '../../src/errors.js';
import { MAX_START_AHEAD_MS, parseStartAt } from '../../src/invoke/start-at.js';

const NOW = Date.parse('2026-03-01T10:00:00Z');

test('--start-at reads epoch ms and ISO 8601 with a zone as the same instant', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: MAX_START_AHEAD_MS }), (ahead) => {
      const at = NOW + ahead;
      assert.equal(parseStartAt(String(at), NOW), at);
      assert.equal(parseStartAt(new Date(at).toISOString(), NOW), at);
    }),
  );
  assert.equal(parseStartAt('2026-03-01T12:30:00+02:00', NOW), NOW + 30 * 60_000);
});

test('--start-at refuses a past instant, one too far ahead, a time without a zone, and garbage', () => {
  const cases: [string, RegExp][] = [
    [String(NOW), /already past/],
    ['2026-03-01T09:59:59Z', /already past/],
    [String(NOW + MAX_START_AHEAD_MS + 1), /ahead/],
    ['2026-03-01T10:05:00', /ISO 8601/],
    ['soon', /ISO 8601/],
    ['', /ISO 8601/],
  ];
  for (const [text, re] of cases) {
    assert.throws(
      () => parseStartAt(text, NOW),
      (e: unknown) => e instanceof UserError && re.test(e.message) && !e.message.includes('\n'),
      text,
    );
  }
});
