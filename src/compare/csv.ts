import { csvRecord, writeTextChunks, type CsvValue } from '../csv.js';

/** Records per write: large enough to be fast, small enough to keep memory flat on big tables. */
const RECORDS_PER_CHUNK = 5000;

/** Writes `rows` as CSV with a header of `columns` (the keys written, in order). */
export async function writeCsv<R extends object>(
  path: string,
  columns: readonly (keyof R & string)[],
  rows: readonly R[],
): Promise<void> {
  function* chunks(): Generator<string> {
    yield csvRecord(columns);
    for (let i = 0; i < rows.length; i += RECORDS_PER_CHUNK) {
      let chunk = '';
      for (const row of rows.slice(i, i + RECORDS_PER_CHUNK))
        chunk += csvRecord(columns.map((c) => row[c] as CsvValue));
      yield chunk;
    }
  }
  await writeTextChunks(path, chunks());
}
