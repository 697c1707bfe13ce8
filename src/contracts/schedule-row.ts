/**
 * A row of the schedule CSV (`workload-invoker --schedule-out FILE`): one scheduled invocation,
 * seconds from the test start to the microsecond. The header line names the columns and so is the
 * format's version: `time_s,instance,application` (version 1, still read), and
 * `time_s,instance,application,trace_function` (version 2, written): the trace's HashFunction for
 * a trace-replay instance, empty otherwise.
 */
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { ContractError, parseContract } from './problems.js';

export const SCHEDULE_CSV_COLUMNS = ['time_s', 'instance', 'application', 'trace_function'] as const;
export const SCHEDULE_CSV_HEADER = SCHEDULE_CSV_COLUMNS.join(',');
/** Version 1's header, without `trace_function`. */
const SCHEDULE_CSV_HEADER_V1 = SCHEDULE_CSV_COLUMNS.slice(0, 3).join(',');

export const scheduleRowSchema = z.object({
  time_s: z.number().min(0),
  instance: z.string().min(1),
  application: z.string().min(1),
  /** Empty in the file (and absent here) for instances that do not replay a trace. */
  trace_function: z.string().min(1).optional(),
});

export type ScheduleRow = z.infer<typeof scheduleRowSchema>;

/** Reads a whole schedule CSV; a bad header or row is a ContractError naming the line and column. */
export function parseScheduleCsv(text: string, file: string): ScheduleRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      info: true,
      relax_column_count: true,
      record_delimiter: ['\r\n', '\n'],
    }) as unknown as typeof records;
  } catch (err) {
    const e = err as Error & { lines?: number };
    throw new ContractError(file, `not CSV (${e.message})`, e.lines ?? null);
  }
  const header = records[0]?.record.join(',') ?? '';
  if (header !== SCHEDULE_CSV_HEADER && header !== SCHEDULE_CSV_HEADER_V1) {
    throw new ContractError(file, `the header must be "${SCHEDULE_CSV_HEADER}", got "${header}"`, 1);
  }
  const columns = header.split(',').length;
  return records.slice(1).map(({ record, info }) => {
    if (record.length !== columns) {
      throw new ContractError(file, `${record.length} columns, expected ${columns}`, info.lines);
    }
    const [time, instance, application, traceFunction] = record as [string, string, string, string | undefined];
    const row = {
      time_s: time === '' ? Number.NaN : Number(time),
      instance,
      application,
      ...(traceFunction ? { trace_function: traceFunction } : {}),
    };
    return parseContract(scheduleRowSchema, row, { file, what: 'schedule row', line: info.lines });
  });
}
