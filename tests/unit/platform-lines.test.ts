import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineSplitter } from '../../src/platform/containers/lines.js';
import { DEFAULT_PAYLOAD_MAX_BYTES, limitResult } from '../../src/platform/activation-record.js';

test('LineSplitter yields the same complete lines however the text is cut into chunks', () => {
  fc.assert(
    fc.property(
      fc.array(fc.string({ unit: fc.constantFrom('a', 'é', '\n', '{', '"') }), { maxLength: 20 }),
      (chunks) => {
        const text = chunks.join('');
        const got: string[] = [];
        const splitter = new LineSplitter((line) => got.push(line));
        for (const c of chunks) splitter.push(c);
        const expected = text.split('\n').slice(0, -1);
        assert.deepEqual(got, expected);
      },
    ),
  );
});

test('limitResult keeps results up to the limit and turns larger ones into the truncation error', () => {
  const ok = { statusCode: 0 as const, result: { s: 'x'.repeat(10) } };
  assert.equal(limitResult(ok, 100), ok);
  const multiByte = { statusCode: 0 as const, result: { s: 'é'.repeat(40) } }; // 48 characters, 88 bytes
  assert.equal(limitResult(multiByte, 88), multiByte);
  const cut = limitResult(multiByte, 87);
  assert.equal(cut.statusCode, 1);
  assert.equal(
    (cut.result as { error: string }).error,
    `The action produced a response that exceeded the allowed length: 88 > 87 bytes. The truncated response was: ${JSON.stringify(multiByte.result)}`,
  );
  assert.equal(DEFAULT_PAYLOAD_MAX_BYTES, 1048576);
});
