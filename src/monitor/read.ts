import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { MonitoringOutput } from '../contracts/index.js';
import type { MonitorSeries } from './types.js';
import { parseBlkparse } from './parsers/blkparse.js';
import { parseCgtop } from './parsers/cgtop.js';
import { parsePerf } from './parsers/perf.js';
import { parsePqos } from './parsers/pqos.js';
import type { ParseOptions } from './parsers/series.js';

const PARSERS: Readonly<Record<string, (text: string, opts: ParseOptions) => MonitorSeries[]>> = {
  perf: parsePerf,
  pqos: parsePqos,
  blktrace: parseBlkparse,
  cgtop: parseCgtop,
};

export interface ReadMonitoringOptions {
  /**
   * The run's start (epoch ms, `RunMetadata.start_ms`): t = 0 for local outputs that carry no
   * `# t=` timestamp of their own (e.g. a FaaSProfiler-style `perf-mon.out`, whose
   * `# started on` line has only 1 s resolution).
   */
  readonly runStartMs?: number;
}

/**
 * Parses a run's monitoring outputs (paths relative to `metadataDir`) into series; unreadable or
 * unknown outputs are skipped with a warning through `warn`. Script logs (kind `script`) are
 * skipped silently; an output that parses to nothing is reported.
 */
export async function readRunMonitoring(
  outputs: readonly MonitoringOutput[],
  metadataDir: string,
  warn: (msg: string) => void,
  opts: ReadMonitoringOptions = {},
): Promise<MonitorSeries[]> {
  const series: MonitorSeries[] = [];
  for (const output of outputs) {
    if (output.kind === 'script') continue;
    const parse = PARSERS[output.kind];
    if (!parse) {
      warn(`monitoring output ${output.path}: unknown kind "${output.kind}", skipped`);
      continue;
    }
    let text: string;
    try {
      text = await readFile(resolve(metadataDir, output.path), 'utf8');
    } catch (err) {
      warn(
        `monitoring output ${output.path}: cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)}), skipped`,
      );
      continue;
    }
    const parsed = parse(text, {
      host: output.host,
      fallbackOriginMs: output.host === 'local' ? (opts.runStartMs ?? null) : null,
    });
    if (parsed.length === 0) warn(`monitoring output ${output.path}: no ${output.kind} data in it`);
    series.push(...parsed);
  }
  return series;
}
