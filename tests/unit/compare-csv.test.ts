import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { csvField, csvRecord } from '../../src/csv.js';
import { writeCsv } from '../../src/compare/csv.js';

const dirs: string[] = [];
after(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** A strict RFC 4180 reader for the round trip (records end in CRLF). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else {
          field += text[i];
          i++;
        }
        assert.ok(i <= text.length, 'unterminated quote');
      }
    } else if (text[i] === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (text[i] === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      field = '';
      record = [];
      i += 2;
    } else {
      assert.ok(text[i] !== '"' && text[i] !== '\n' && text[i] !== '\r', `bare special character at ${i}`);
      field += text[i];
      i++;
    }
  }
  assert.equal(field, '');
  assert.equal(record.length, 0, 'last record ends with CRLF');
  return records;
}

test('csvField quotes only fields with a comma, quote, CR or LF, doubling quotes', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField('cr\rhere'), '"cr\rhere"');
  assert.equal(csvField(' spaced '), ' spaced ');
  assert.equal(csvField(''), '');
});

test('csvField writes numbers in full precision, booleans as true/false, and NA as an empty field', () => {
  assert.equal(csvField(1709622540000.125), '1709622540000.125');
  assert.equal(csvField(0.1 + 0.2), '0.30000000000000004');
  assert.equal(csvField(-0.5), '-0.5');
  assert.equal(csvField(true), 'true');
  assert.equal(csvField(false), 'false');
  assert.equal(csvField(null), '');
  assert.equal(csvField(undefined), '');
  assert.equal(csvField(Number.NaN), '');
  assert.equal(csvField(Number.POSITIVE_INFINITY), '');
});

test('any record reads back field for field (property)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.string({ unit: fc.constantFrom('a', 'Z', ',', '"', '\r', '\n', ' ', 'é', '0') }), {
        minLength: 1,
        maxLength: 8,
      }),
      (fields) => {
        assert.deepEqual(parseCsv(csvRecord(fields)), [fields]);
      },
    ),
  );
});

test('writeCsv writes a header and one record per row, in column order, across chunks', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'compare-csv-'));
  dirs.push(dir);
  const rows = Array.from({ length: 12_345 }, (_, i) => ({
    id: i,
    name: i % 1000 === 0 ? `row,"${i}"` : `r${i}`,
    ok: i % 2 === 0,
    v: i % 3 === 0 ? null : i / 4,
  }));
  const path = join(dir, 'out.csv');
  await writeCsv(path, ['name', 'id', 'v', 'ok'], rows);
  const records = parseCsv(await readFile(path, 'utf8'));
  assert.deepEqual(records[0], ['name', 'id', 'v', 'ok']);
  assert.equal(records.length, rows.length + 1);
  assert.deepEqual(records[1001], ['row,"1000"', '1000', '250', 'true']);
  assert.deepEqual(records[3], ['r2', '2', '0.5', 'true']);
  assert.deepEqual(records[4], ['r3', '3', '', 'false']);
});

test('writeCsv rejects when the file cannot be created', async () => {
  await assert.rejects(writeCsv(join(tmpdir(), 'no-such-dir-for-csv', 'x', 'out.csv'), ['a'], [{ a: 1 }]), /ENOENT/);
});
