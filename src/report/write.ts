import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { renderReportHtml } from './html.js';
import type { ReportModel } from './model.js';

/** Writes the report as one HTML file (chart.js inlined from node_modules); returns its path. */
export async function writeHtmlReport(model: ReportModel, file: string): Promise<string> {
  const require = createRequire(import.meta.url);
  // The package's exports hide dist/ subpaths; its UMD build sits beside the main entry.
  const chartJs = await readFile(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, renderReportHtml(model, chartJs));
  return file;
}
