import { readCsvRows, type TraceTable } from './csv-rows.js';

/**
 * Reads the Azure Functions 2019 trace files (format: docs/trace-replay.md) into typed rows. No
 * sampling or timing here: `src/schedule/` turns these rows into arrivals.
 */

/** Minutes in one day file: count columns `1` … `1440`. */
export const TRACE_MINUTES = 1440;

/** Percentile levels (0–100) and the values at them, ascending levels. */
export interface PercentileTable {
  readonly levels: readonly number[];
  readonly values: readonly number[];
}

/** One function of the invocations file that has invocations in the minutes read. */
export interface TraceFunctionRow {
  readonly owner: string;
  readonly app: string;
  readonly fn: string;
  readonly trigger: string;
  /** Line in the invocations file (header = 1). */
  readonly line: number;
  /** Invocations in each minute of the range read, in order. */
  readonly counts: Uint32Array;
}

const DURATION_LEVELS = [0, 1, 25, 50, 75, 99, 100] as const;
const MEMORY_LEVELS = [1, 5, 25, 50, 75, 95, 99, 100] as const;

const ID_COLUMNS = ['HashOwner', 'HashApp', 'HashFunction'] as const;

const functionKey = (owner: string, app: string, fn: string): string => `${owner}/${app}/${fn}`;
const appKey = (owner: string, app: string): string => `${owner}/${app}`;

/**
 * The functions of an invocations file with at least one invocation in minutes [from, to)
 * (0-based: minute 0 is column `1`), in file order, with their counts for those minutes.
 * Every count of every row is checked (an integer >= 0), not only those in the range.
 */
export async function readInvocations(
  file: string,
  [from, to]: readonly [number, number],
): Promise<TraceFunctionRow[]> {
  const rows: TraceFunctionRow[] = [];
  let table!: TraceTable;
  let ids: number[] = [];
  let trigger = 0;
  let minuteAt: number[] = [];
  const minuteNames = Array.from({ length: TRACE_MINUTES }, (_, i) => String(i + 1));
  await readCsvRows(
    file,
    (t) => {
      table = t;
      ids = t.columns(ID_COLUMNS);
      trigger = t.columns(['Trigger'])[0]!;
      minuteAt = t.columns(minuteNames);
    },
    (row) => {
      const counts = new Uint32Array(to - from);
      let total = 0;
      for (let m = 0; m < TRACE_MINUTES; m++) {
        const text = table.text(row, minuteAt[m]!, minuteNames[m]!);
        const n = Number(text);
        if (text === '' || !Number.isInteger(n) || n < 0 || n > 0xffff_ffff) {
          throw table.problem(row, minuteNames[m]!, `expected an integer count >= 0, got ${JSON.stringify(text)}`);
        }
        if (m >= from && m < to) {
          counts[m - from] = n;
          total += n;
        }
      }
      if (total === 0) return;
      const [owner, app, fn] = ids.map((at, i) => table.text(row, at, ID_COLUMNS[i]!)) as [string, string, string];
      rows.push({ owner, app, fn, trigger: table.text(row, trigger, 'Trigger'), line: row.line, counts });
    },
  );
  return rows;
}

/** Percentile tables by key, read from the named columns of every row. */
async function readPercentiles(
  file: string,
  keyColumns: readonly string[],
  valueColumns: readonly string[],
  levels: readonly number[],
): Promise<Map<string, PercentileTable>> {
  const out = new Map<string, PercentileTable>();
  let table!: TraceTable;
  let keys: number[] = [];
  let values: number[] = [];
  await readCsvRows(
    file,
    (t) => {
      table = t;
      keys = t.columns(keyColumns);
      values = t.columns(valueColumns);
    },
    (row) => {
      const key = keys.map((at, i) => table.text(row, at, keyColumns[i]!)).join('/');
      const v = values.map((at, i) => table.nonNegative(row, at, valueColumns[i]!));
      for (let i = 1; i < v.length; i++) {
        if (v[i]! < v[i - 1]!) {
          throw table.problem(row, valueColumns[i]!, `percentiles must not decrease: ${v[i]} after ${v[i - 1]}`);
        }
      }
      out.set(key, { levels, values: v });
    },
  );
  return out;
}

/** Execution-time percentiles (ms) by `functionKey`. */
export function readDurations(file: string): Promise<Map<string, PercentileTable>> {
  return readPercentiles(
    file,
    ID_COLUMNS,
    DURATION_LEVELS.map((p) => `percentile_Average_${p}`),
    DURATION_LEVELS,
  );
}

/** Allocated-memory percentiles (MB) by `appKey` (the trace gives memory per application). */
export function readMemory(file: string): Promise<Map<string, PercentileTable>> {
  return readPercentiles(
    file,
    ['HashOwner', 'HashApp'],
    MEMORY_LEVELS.map((p) => `AverageAllocatedMb_pct${p}`),
    MEMORY_LEVELS,
  );
}

/** A trace function with what its action needs. */
export interface TraceFunction extends TraceFunctionRow {
  /** null when the durations file has no row for it: an error if it is sampled (see `src/schedule/`). */
  readonly durationsMs: PercentileTable | null;
  /** null when the memory file has no row for its application (the action then uses its default). */
  readonly memoryMb: PercentileTable | null;
}

export interface AzureTraceFiles {
  readonly invocations: string;
  readonly durations: string;
  readonly memory: string | null;
}

/** Every function with invocations in `minutes`, joined with its durations and memory. */
export async function readAzureTrace(
  files: AzureTraceFiles,
  minutes: readonly [number, number],
): Promise<TraceFunction[]> {
  const [rows, durations, memory] = await Promise.all([
    readInvocations(files.invocations, minutes),
    readDurations(files.durations),
    files.memory === null ? Promise.resolve(new Map<string, PercentileTable>()) : readMemory(files.memory),
  ]);
  return rows.map((row) => ({
    ...row,
    durationsMs: durations.get(functionKey(row.owner, row.app, row.fn)) ?? null,
    memoryMb: memory.get(appKey(row.owner, row.app)) ?? null,
  }));
}
