import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { execa } from 'execa';
import { shQuote } from '../../src/monitor/remote.js';

// FAAS_* values are sent to remote hosts inside a shell command line: a real /bin/sh must read
// back exactly what was quoted, whatever it contains.
test('property: shQuote(s) is read back by sh as exactly s', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\0')),
      async (s) => {
        const r = await execa('sh', ['-c', `printf %s ${shQuote(s)}`], { stripFinalNewline: false });
        assert.equal(r.stdout, s);
      },
    ),
    { numRuns: 60 },
  );
});
