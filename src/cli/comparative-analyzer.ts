import { Command, InvalidArgumentError } from 'commander';
import { join, resolve } from 'node:path';
import { parseSince, runComparison } from '../compare/index.js';
import { writeComparisonPlots } from '../plot/index.js';
import { comparisonReportModel, writeHtmlReport } from '../report/index.js';
import { createFileLogger, flushLogger } from '../log.js';
import { numberFlag } from './flags.js';
import { runMain } from './main.js';
import { toolVersion } from '../version.js';

function asParser<T>(parse: (v: string) => T) {
  return (value: string): T => {
    try {
      return parse(value);
    } catch (err) {
      throw new InvalidArgumentError((err as Error).message);
    }
  };
}

async function main(argv: string[]): Promise<number> {
  const program = new Command('comparative-analyzer')
    .version(toolVersion(), '-V, --version', 'print the version and exit')
    .description('Merge archived runs (data_archive/*.json) into comparison tables, CSV files and plots.')
    .option('--archive-dir <dir>', 'folder of archives written by workload-analyzer', 'data_archive')
    .option(
      '-s, --since <time>',
      'only archives made at or after this time: epoch ms or an ISO date (UTC unless zoned)',
      asParser(parseSince),
    )
    .option('-p, --plot', 'write the default comparison plots as PNG (no display needed)', false)
    .option('--plots-dir <dir>', 'folder for plots (default and -c module outputs)', 'comparison_plots')
    .option(
      '--html [file]',
      'write a self-contained HTML report of the runs side by side (default <plots-dir>/comparison_report.html)',
    )
    .option(
      '-c, --custom-plot <module>',
      'a JS (or, under tsx, TS) module exporting comparativePlotting({ tests, perf, stats, outDir })',
    )
    .option('--csv <dir>', 'also write the merged tables as CSV (tests, stats, activations, monitoring)')
    .option('-v, --verbose', 'print the combined activation and monitoring tables in full', false)
    .option(
      '--rows <n>',
      'rows of those long tables printed without -v',
      numberFlag('--rows', { whole: true, min: 0 }),
      20,
    )
    .option('--logs-dir <dir>', 'folder for CA.log', 'logs')
    .option('--debug', 'print stack traces of unexpected errors')
    .exitOverride();
  program.parse(argv);
  const opts = program.opts<{
    archiveDir: string;
    since?: number;
    plot: boolean;
    html?: string | boolean;
    plotsDir: string;
    customPlot?: string;
    csv?: string;
    verbose: boolean;
    rows: number;
    logsDir: string;
  }>();

  const logger = createFileLogger('CA', resolve(opts.logsDir));
  logger.info({ options: opts }, 'comparative-analyzer started');
  try {
    return await runComparison({
      archiveDir: opts.archiveDir,
      sinceMs: opts.since,
      plot: opts.plot ? writeComparisonPlots : null,
      html:
        opts.html === undefined || opts.html === false
          ? null
          : {
              file: resolve(typeof opts.html === 'string' ? opts.html : join(opts.plotsDir, 'comparison_report.html')),
              write: (cmp, file) => writeHtmlReport(comparisonReportModel(cmp, opts.archiveDir), file),
            },
      plotsDir: resolve(opts.plotsDir),
      userModule: opts.customPlot,
      csvDir: opts.csv === undefined ? undefined : resolve(opts.csv),
      verbose: opts.verbose,
      rows: opts.rows,
      out: process.stdout,
      err: process.stderr,
      logger,
    });
  } catch (err) {
    logger.error({ err }, 'comparative-analyzer failed');
    throw err;
  } finally {
    await flushLogger(logger);
  }
}

await runMain(main);
