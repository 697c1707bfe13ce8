import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeadlineTable } from '../../src/invoke/transports/deadlines.js';

interface Entry {
  readonly name: string;
  readonly added: number;
}

/**
 * A table whose expiries are collected, and a promise per entry name that resolves when it
 * expires. The table's sweep timer is unref'd (in a run, the sockets in flight keep the process
 * up), so a test holds the event loop open with a timer of its own until `t.close()`.
 */
function table(limitMs: number) {
  const hold = setInterval(() => undefined, 60_000);
  const expired: { name: string; afterMs: number }[] = [];
  const waiters = new Map<string, () => void>();
  const table = new DeadlineTable<Entry>(limitMs, (e) => {
    expired.push({ name: e.name, afterMs: performance.now() - e.added });
    waiters.get(e.name)?.();
  });
  const t = {
    add: (e: Entry) => table.add(e),
    remove: (slot: number, e: Entry) => table.remove(slot, e),
    close: () => {
      table.close();
      clearInterval(hold);
    },
  };
  const expiryOf = (name: string) => new Promise<void>((resolve) => waiters.set(name, resolve));
  const entry = (name: string): Entry => ({ name, added: performance.now() });
  return { t, expired, expiryOf, entry };
}

test('an entry still present after the limit expires once, no earlier than the limit', { timeout: 5000 }, async () => {
  const { t, expired, expiryOf, entry } = table(40);
  const late = expiryOf('late');
  t.add(entry('late'));
  await late;
  t.close();
  assert.equal(expired.length, 1);
  assert.equal(expired[0]!.name, 'late');
  assert.ok(expired[0]!.afterMs >= 40, `expired after ${expired[0]!.afterMs} ms`);
});

test('entries removed before the limit never expire, also when their slot is reused', { timeout: 5000 }, async () => {
  const { t, expired, expiryOf, entry } = table(30);
  const answered = entry('answered');
  const slot = t.add(answered);
  t.remove(slot, answered);
  // The freed slot goes to the next request; a late remove() for the old one must not touch it.
  const reused = entry('reused');
  assert.equal(t.add(reused), slot);
  t.remove(slot, answered);
  const also = entry('also-answered');
  t.remove(t.add(also), also);
  // Everything above was added before "witness": once it has expired, the others were swept too.
  const witness = expiryOf('witness');
  t.add(entry('witness'));
  await witness;
  t.close();
  assert.deepEqual(expired.map((e) => e.name).sort(), ['reused', 'witness']);
});

test('the table grows past its initial size and expires every entry it holds, each once', {
  timeout: 5000,
}, async () => {
  const { t, expired, expiryOf, entry } = table(20);
  const n = 500;
  for (let i = 0; i < n - 1; i++) t.add(entry(`e${i}`));
  const last = expiryOf(`e${n - 1}`);
  t.add(entry(`e${n - 1}`));
  await last;
  t.close();
  assert.equal(expired.length, n);
  assert.equal(new Set(expired.map((e) => e.name)).size, n);
  assert.ok(expired.every((e) => e.afterMs >= 20));
});
