import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

export type CsvValue = string | number | boolean | null | undefined;

/**
 * One RFC 4180 field: quoted (with inner quotes doubled) only when it holds a comma, a quote, CR
 * or LF. null/undefined and non-finite numbers are empty fields, which pandas and R read as NA.
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One record, CRLF-terminated as RFC 4180 specifies. */
export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** Records per write: large enough to be fast, small enough to keep memory flat on big tables. */
const RECORDS_PER_CHUNK = 5000;

/** Writes `rows` as CSV with a header of `columns` (the keys written, in order). */
export async function writeCsv<R extends object>(path: string, columns: readonly (keyof R & string)[], rows: readonly R[]): Promise<void> {
  const out = createWriteStream(path);
  const failed = once(out, 'error').then(([err]) => { throw err; });
  failed.catch(() => undefined);
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
  };
  await write(csvRecord(columns));
  for (let i = 0; i < rows.length; i += RECORDS_PER_CHUNK) {
    let chunk = '';
    for (const row of rows.slice(i, i + RECORDS_PER_CHUNK)) chunk += csvRecord(columns.map((c) => row[c] as CsvValue));
    await write(chunk);
  }
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
}
