import { SCHEDULE_CSV_HEADER } from '../contracts/index.js';
import { csvField, writeTextChunks } from '../csv.js';
import { UserError } from '../errors.js';
import type { Schedule } from './types.js';

const ROWS_PER_CHUNK = 4096;

/**
 * Writes the schedule CSV (src/contracts/schedule-row.ts: `time_s,instance,application,trace_function`,
 * the last column the HashFunction of a trace-replay instance, empty otherwise) rows (microsecond
 * precision), streaming: rows go out in
 * chunks of a few thousand and the writer waits for the stream to drain, so 10 million rows never
 * sit in memory as one string.
 */
export async function writeScheduleCsv(schedule: Schedule, path: string): Promise<void> {
  const suffix = schedule.instances.map(
    (inst) => `,${csvField(inst.name)},${csvField(inst.application)},${csvField(inst.traceFunction)}\n`,
  );
  const { times, instanceIndex } = schedule;
  function* chunks(): Generator<string> {
    yield `${SCHEDULE_CSV_HEADER}\n`;
    for (let i = 0; i < times.length; i += ROWS_PER_CHUNK) {
      let chunk = '';
      const end = Math.min(times.length, i + ROWS_PER_CHUNK);
      for (let j = i; j < end; j++) chunk += times[j]!.toFixed(6) + suffix[instanceIndex[j]!]!;
      yield chunk;
    }
  }
  try {
    await writeTextChunks(path, chunks());
  } catch (err) {
    // Node's message names the path and the reason, e.g. "ENOENT: no such file or directory, open '…'".
    throw new UserError(`cannot write the schedule CSV: ${err instanceof Error ? err.message : String(err)}`);
  }
}
