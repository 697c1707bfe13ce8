import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { type InvocationRecord, parseInvocationRecordLine } from './invocation-record.js';
import type { ContractError } from './problems.js';

/**
 * Streams the invocation records (NDJSON), one object per line, without holding the file. A line
 * that breaks the record contract is a ContractError naming the file, the line and the field —
 * except the file's last line when it is cut short: a run killed while writing leaves one, and
 * that is reported through `warn` instead, so the records before it stay usable.
 */
export async function* readInvocationRecords(
  path: string,
  warn: (msg: string) => void,
): AsyncGenerator<InvocationRecord> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let lineNo = 0;
  /** A line that did not parse; fatal unless it turns out to be the last one. */
  let pending: ContractError | null = null;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    if (pending !== null) throw pending;
    try {
      yield parseInvocationRecordLine(line, path, lineNo);
    } catch (err) {
      const cutShort = err instanceof Error && err.message.includes('not a JSON invocation record');
      if (!cutShort) throw err;
      pending = err as ContractError;
    }
  }
  if (pending !== null)
    warn(`${path}: the last record (line ${lineNo}) is cut short, as a killed run leaves it; ignored`);
}
