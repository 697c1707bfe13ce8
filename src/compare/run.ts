import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { listArchives } from '../archive/index.js';
import { UserError } from '../errors.js';
import { writeCsv } from './csv.js';
import { compareArchives } from './compare.js';
import { mergePerf } from './merge.js';
import {
  CLIENT_VIEW_COLUMNS,
  CSV_COLUMNS,
  MONITORING_COLUMNS,
  PERF_COLUMNS,
  STAT_COLUMNS,
  tableLines,
  TEST_SUMMARY_COLUMNS,
  type Column,
} from './tables.js';
import type { Comparison } from './types.js';
import { loadUserPlotting, runUserPlotting } from './user-plot.js';

export interface ComparisonOptions {
  readonly archiveDir: string;
  /** Keep archives made at or after this epoch ms. */
  readonly sinceMs?: number;
  /**
   * Writes the default comparison plots into plotsDir and returns their paths; null for none.
   * Handed in by the CLI, so that compare/ (the data) does not depend on plot/ (the pictures of it).
   */
  readonly plot: ((cmp: Comparison, dir: string) => Promise<string[]>) | null;
  readonly plotsDir: string;
  /** Writes the HTML report of the comparison to `file` (handed in by the CLI, as `plot`); null for none. */
  readonly html: { readonly file: string; readonly write: (cmp: Comparison, file: string) => Promise<string> } | null;
  /** A module exporting comparativePlotting; its outDir is plotsDir. */
  readonly userModule?: string;
  /** Write the merged tables as CSV files into this folder. */
  readonly csvDir?: string;
  /** Print the long tables in full. */
  readonly verbose: boolean;
  /** Rows of the long tables printed without `verbose`. */
  readonly rows: number;
  readonly out: Writable;
  readonly err: Writable;
  readonly logger: Logger;
}

/** Resolves when `out` can take more, or can take nothing any more (closed, failed). */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done).off('close', done).off('error', done);
      resolve();
    };
    out.on('drain', done).on('close', done).on('error', done);
  });
}

/**
 * Writes lines in chunks, waiting when the stream is full (a million-row table through a pipe).
 * Once the reader has gone (`| head`), printing stops quietly: CSV and plots still get written.
 */
async function writeLines(out: Writable, lines: Iterable<string>): Promise<void> {
  let chunk = '';
  let n = 0;
  for (const line of lines) {
    if (out.destroyed) return;
    chunk += `${line}\n`;
    if (++n % 2000 === 0) {
      if (!out.write(chunk)) await drained(out);
      chunk = '';
    }
  }
  if (chunk !== '' && !out.destroyed && !out.write(chunk)) await drained(out);
}

const count = (n: number) => n.toLocaleString('en-US');

/** Prints `shown`, the first rows of a table of `total` rows, with a note when some are left out. */
async function printTable<R>(
  out: Writable,
  title: string,
  columns: readonly Column<R>[],
  shown: readonly R[],
  total: number,
): Promise<void> {
  const note =
    shown.length < total
      ? ` — first ${count(shown.length)} of ${count(total)} rows; -v prints all, --csv DIR writes them`
      : ` (${count(total)} row${total === 1 ? '' : 's'})`;
  await writeLines(out, [`\n== ${title}${note} ==`]);
  if (total > 0) await writeLines(out, tableLines(columns, shown));
}

async function printComparison(opts: ComparisonOptions, cmp: Comparison, activations: number): Promise<void> {
  const { out, verbose, rows } = opts;
  // Long tables: in full only with -v; the preview never builds the whole merged table.
  await printTable(
    out,
    'Combined activation table',
    PERF_COLUMNS,
    verbose ? cmp.perf : mergePerf(cmp.runs, rows),
    activations,
  );
  if (cmp.monitoring.length > 0) {
    await printTable(
      out,
      'Combined monitoring records',
      MONITORING_COLUMNS,
      verbose ? cmp.monitoring : cmp.monitoring.slice(0, rows),
      cmp.monitoring.length,
    );
  }
  await printTable(out, 'Combined stat summary (per test and function)', STAT_COLUMNS, cmp.stats, cmp.stats.length);
  const withRecords = cmp.tests.filter((t) => t.scheduled !== null);
  if (withRecords.length > 0)
    await printTable(out, 'Client view (invoker records)', CLIENT_VIEW_COLUMNS, withRecords, withRecords.length);
  await printTable(out, 'Per-test summary', TEST_SUMMARY_COLUMNS, cmp.tests, cmp.tests.length);
}

async function writeCsvFiles(dir: string, cmp: Comparison): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const path = (name: string) => join(dir, name);
  await writeCsv(path('tests.csv'), CSV_COLUMNS.tests, cmp.tests);
  await writeCsv(path('stats.csv'), CSV_COLUMNS.stats, cmp.stats);
  await writeCsv(path('activations.csv'), CSV_COLUMNS.activations, cmp.perf);
  await writeCsv(path('monitoring.csv'), CSV_COLUMNS.monitoring, cmp.monitoring);
  return ['tests.csv', 'stats.csv', 'activations.csv', 'monitoring.csv'].map(path);
}

/**
 * The comparative-analyzer: reads the archives, prints the merged tables, and writes CSV,
 * default plots and the user's plots as asked. Returns the exit code.
 */
export async function runComparison(opts: ComparisonOptions): Promise<number> {
  const { logger } = opts;
  // A closed stdout (EPIPE from `| head`) ends printing, not the comparison.
  opts.out.on('error', (err: NodeJS.ErrnoException) =>
    logger.warn({ code: err.code }, 'stdout closed; printing stopped'),
  );
  // Load the user's module first: a typo in -c should not cost a read of every archive.
  const userPlotting = opts.userModule === undefined ? null : await loadUserPlotting(opts.userModule);

  let skipped = 0;
  const files = await listArchives(opts.archiveDir, {
    sinceMs: opts.sinceMs,
    warn: (msg) => {
      skipped++;
      opts.err.write(`warning: ${msg}\n`);
      logger.warn(msg);
    },
  });
  if (files.length === 0) {
    const since =
      opts.sinceMs === undefined ? '' : ` made at or after ${new Date(opts.sinceMs).toISOString()} (${opts.sinceMs})`;
    const skippedNote = skipped > 0 ? ` (${skipped} unreadable file${skipped === 1 ? '' : 's'} skipped)` : '';
    throw new UserError(
      `no archives${since} in ${opts.archiveDir}${skippedNote}: archive runs with workload-analyzer -a, or pass --archive-dir`,
    );
  }
  logger.info({ archives: files.map((f) => f.path), skipped }, 'archives read');

  const cmp = compareArchives(files);
  const activations = cmp.tests.reduce((sum, t) => sum + t.count, 0);
  await writeLines(opts.out, [
    `Compared ${files.length} archive${files.length === 1 ? '' : 's'} from ${opts.archiveDir}${skipped > 0 ? ` (${skipped} skipped)` : ''}: ${count(activations)} activations.`,
  ]);
  await printComparison(opts, cmp, activations);

  const written: string[] = [];
  if (opts.csvDir !== undefined) written.push(...(await writeCsvFiles(opts.csvDir, cmp)));
  if (opts.plot !== null) written.push(...(await opts.plot(cmp, opts.plotsDir)));
  if (opts.html !== null) written.push(await opts.html.write(cmp, opts.html.file));
  if (userPlotting !== null) {
    await mkdir(opts.plotsDir, { recursive: true });
    await runUserPlotting(opts.userModule!, userPlotting, { ...cmp, outDir: opts.plotsDir });
    logger.info({ module: opts.userModule }, 'user plotting module done');
  }
  if (written.length > 0) await writeLines(opts.out, ['', ...written.map((p) => `wrote ${p}`)]);
  logger.info({ written, tests: cmp.tests.length, activations }, 'comparison done');
  return 0;
}
