import { createReadStream } from 'node:fs';
import { CsvError, parse } from 'csv-parse';
import { UserError } from '../errors.js';

/** One data row of a trace CSV file, with its line number (the header is line 1). */
export interface CsvRow {
  readonly line: number;
  readonly fields: readonly string[];
}

/** Reads a header row and names where a problem is: `file: line N, column NAME: …`. */
export class TraceTable {
  private readonly index = new Map<string, number>();

  constructor(
    readonly file: string,
    header: readonly string[],
  ) {
    for (const [i, name] of header.entries()) this.index.set(name.trim(), i);
  }

  /** The position of each named column; a missing one is an error naming the file and the column. */
  columns(names: readonly string[]): number[] {
    const missing = names.filter((n) => !this.index.has(n));
    if (missing.length > 0) {
      const shown =
        missing.length > 3 ? `${missing.slice(0, 3).join(', ')} and ${missing.length - 3} more` : missing.join(', ');
      throw new UserError(`${this.file}: line 1 (header): missing column${missing.length > 1 ? 's' : ''} ${shown}`);
    }
    return names.map((n) => this.index.get(n)!);
  }

  problem(row: CsvRow, column: string, message: string): UserError {
    return new UserError(`${this.file}: line ${row.line}, column ${column}: ${message}`);
  }

  /** The text of a column, or an error when the row is too short to have it. */
  text(row: CsvRow, at: number, column: string): string {
    const v = row.fields[at];
    if (v === undefined) throw this.problem(row, column, `missing (the row has ${row.fields.length} fields)`);
    return v;
  }

  /** A finite number >= 0 (durations, memory). */
  nonNegative(row: CsvRow, at: number, column: string): number {
    const v = this.text(row, at, column);
    const n = v.trim() === '' ? Number.NaN : Number(v);
    if (!Number.isFinite(n) || n < 0)
      throw this.problem(row, column, `expected a number >= 0, got ${JSON.stringify(v)}`);
    return n;
  }
}

/**
 * Streams a CSV file: calls `onHeader` once, then `onRow` for every data row. A file that cannot
 * be read or is not CSV is one UserError naming the file (and the line, when csv-parse knows it).
 */
export async function readCsvRows(
  file: string,
  onHeader: (table: TraceTable) => void,
  onRow: (row: CsvRow) => void,
): Promise<void> {
  const input = createReadStream(file);
  const parser = input.pipe(parse({ info: true, relax_column_count: true, skip_empty_lines: true, bom: true }));
  // pipe() does not forward the file's errors (ENOENT, EISDIR…): hand them to the parser.
  input.on('error', (err) => parser.destroy(err));
  let sawHeader = false;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!sawHeader) {
        sawHeader = true;
        onHeader(new TraceTable(file, record));
      } else {
        onRow({ line: info.lines, fields: record });
      }
    }
  } catch (err) {
    if (err instanceof UserError) throw err;
    if (err instanceof CsvError) throw new UserError(`${file}: not a valid CSV file: ${err.message}`);
    const e = err as NodeJS.ErrnoException;
    throw new UserError(`${file}: cannot read the trace file (${e.code ?? e.message})`);
  } finally {
    parser.destroy();
  }
  if (!sawHeader) throw new UserError(`${file}: empty file, expected a header row`);
}
