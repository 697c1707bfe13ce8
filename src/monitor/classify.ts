/** What a monitoring output file holds, judged by its name (our scripts' and FaaSProfiler's). */
export type MonitorKind = 'perf' | 'pqos' | 'blktrace' | 'cgtop' | 'script';

const RULES: readonly (readonly [RegExp, MonitorKind])[] = [
  [/\.log$/i, 'script'],
  [/^perf[\w.-]*\.(csv|out|txt)$/i, 'perf'],
  [/^pqos[\w.-]*\.(csv|out|txt)$/i, 'pqos'],
  [/^(blktrace|blkparse)[\w.-]*\.(out|txt)$/i, 'blktrace'],
  [/^(systemd-)?cgtop[\w.-]*\.(out|txt)$/i, 'cgtop'],
];

/**
 * `perf.csv`, `perf-mon.out` → perf; `pqos.csv`, `pqos-msr-mon.out` → pqos; `blktrace.out`,
 * `blktrace-mon.out` → blktrace; `cgtop.out`, `systemd-cgtop_<time>.txt` → cgtop; anything else
 * (script logs, files a user script wrote) → script, an opaque output that is kept but not parsed.
 */
export function classifyOutput(fileName: string): MonitorKind {
  for (const [pattern, kind] of RULES) if (pattern.test(fileName)) return kind;
  return 'script';
}
