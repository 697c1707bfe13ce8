import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { UserError } from '../errors.js';
import type { Schedule } from './types.js';

/** RFC 4180 quoting, only where needed. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const ROWS_PER_CHUNK = 4096;

/**
 * Writes `time_s,instance,application` rows (microsecond precision), streaming: rows go out in
 * chunks of a few thousand and the writer waits for the stream to drain, so 10 million rows never
 * sit in memory as one string.
 */
export async function writeScheduleCsv(schedule: Schedule, path: string): Promise<void> {
  const out = createWriteStream(path);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  const suffix = schedule.instances.map((inst) => `,${csvField(inst.name)},${csvField(inst.application)}\n`);
  const { times, instanceIndex } = schedule;
  try {
    if (!out.write('time_s,instance,application\n')) await Promise.race([once(out, 'drain'), failed]);
    for (let i = 0; i < times.length; i += ROWS_PER_CHUNK) {
      let chunk = '';
      const end = Math.min(times.length, i + ROWS_PER_CHUNK);
      for (let j = i; j < end; j++) chunk += times[j]!.toFixed(6) + suffix[instanceIndex[j]!]!;
      if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
    }
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
  } catch (err) {
    out.destroy();
    // Node's message names the path and the reason, e.g. "ENOENT: no such file or directory, open '…'".
    throw new UserError(`cannot write the schedule CSV: ${err instanceof Error ? err.message : String(err)}`);
  }
}
