import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

/** CSV output shared by the schedule (`--schedule-out`) and the comparison tables (`--csv`). */

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

/**
 * Writes `chunks` to a new file at `path`, in order, waiting for the stream to drain after a full
 * buffer, so a large table never sits in memory as one string. Rejects with the stream's error
 * (Node's message names the path and the reason); the stream is then destroyed.
 */
export async function writeTextChunks(path: string, chunks: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  const failed = once(out, 'error').then(([err]) => {
    throw err;
  });
  failed.catch(() => undefined);
  try {
    for (const chunk of chunks) {
      if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
    }
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
  } catch (err) {
    out.destroy();
    throw err;
  }
}
