import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ActivationJournal,
  JOURNAL_FILE,
  parseJournal,
  type JournalEntry,
} from '../../src/platform/activation-journal.js';

const action = {
  namespace: 'guest',
  name: 'f',
  path: 'guest/f',
  version: '0.0.1',
  limits: { timeout: 60_000, memory: 256, logs: 10, concurrency: 1 },
  exec: { kind: 'nodejs:20' },
};
const entry = (id: string): JournalEntry => ({ id, arrival: 1, action });

test('parseJournal keeps whole entries and skips a line torn by a kill', () => {
  const text = `${JSON.stringify(entry('a'))}\n${JSON.stringify(entry('b'))}\n{"id":"c","arr`;
  assert.deepEqual(
    parseJournal(text).map((e) => e.id),
    ['a', 'b'],
  );
  assert.deepEqual(parseJournal('[1]\nnull\n{"id":3}\n'), []);
});

test('the journal keeps entries until settled, compacts to unfinished ids, and empties on a clean close', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'journal-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, JOURNAL_FILE);
  const ids = (): string[] => parseJournal(readFileSync(file, 'utf8')).map((e) => e.id);

  const first = ActivationJournal.open(dir, { storeFlushed: async () => undefined });
  assert.deepEqual(first.left, []);
  first.journal.settled();
  first.journal.accepted(entry('a'));
  first.journal.accepted(entry('b'));
  first.journal.finished('a');
  // a process killed here leaves both ids
  const second = ActivationJournal.open(dir, { storeFlushed: async () => undefined, compactAfter: 3 });
  assert.deepEqual(
    second.left.map((e) => e.id),
    ['a', 'b'],
  );
  second.journal.close(); // not settled: the old entries must stay
  assert.deepEqual(ids(), ['a', 'b']);

  let flushes = 0;
  const third = ActivationJournal.open(dir, { storeFlushed: async () => void flushes++, compactAfter: 3 });
  third.journal.settled();
  assert.deepEqual(ids(), []);
  third.journal.accepted(entry('c'));
  third.journal.accepted(entry('d'));
  third.journal.finished('c');
  third.journal.accepted(entry('e')); // third line: compaction after the store flush
  await new Promise((r) => setImmediate(r));
  assert.equal(flushes, 1);
  assert.deepEqual(ids().sort(), ['d', 'e']);
  third.journal.close();
  assert.deepEqual(ids(), []);
});
