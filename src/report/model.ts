/**
 * What an HTML report shows, as plain data (pure: no I/O, no HTML): facts, the schedule verdict,
 * tables and chart.js configurations. html.ts lays it out; write.ts writes the file.
 */
import type { AnalysisResult } from '../analysis/analyze-run.js';
import {
  type Cell,
  functionPercentilesGrid,
  type Grid,
  invocationGrids,
  performanceSummaryGrid,
  statSummaryGrid,
} from '../analysis/format-tables.js';
import { STAT_COLUMNS, TEST_SUMMARY_COLUMNS, type Column } from '../compare/tables.js';
import type { Comparison } from '../compare/types.js';
import type { RunMetadata, ScheduleVerdict } from '../contracts/index.js';
import { analyzerCharts } from '../plot/analyzer-plots.js';
import { comparisonCharts, type NamedChart } from '../plot/compare-plots.js';

/** Monitored counters drawn at most (one chart each); the tables still list every series. */
const MAX_COUNTER_CHARTS = 8;

export interface ReportTable extends Grid {
  readonly title: string;
}

export interface ReportModel {
  readonly title: string;
  /** Label → value lines shown first (run metadata). */
  readonly facts: readonly (readonly [string, string])[];
  /** Per run (one for an analysis, one per test of a comparison): null when the run has none. */
  readonly verdicts: readonly { readonly test: string; readonly verdict: ScheduleVerdict }[];
  readonly tables: readonly ReportTable[];
  readonly charts: readonly NamedChart[];
}

const iso = (ms: number) => new Date(ms).toISOString();

function metadataFacts(m: RunMetadata | null): [string, string][] {
  if (m === null) return [];
  return [
    ['endpoint', `${m.endpoint} (${m.transport})`],
    ['api host', m.api_host ?? '-'],
    ['duration (s)', String(m.duration_s)],
    ['seed', String(m.seed)],
    ['invocations scheduled', String(m.invocations)],
    ['interrupted', m.interrupted ? 'yes' : 'no'],
    ['tool version', m.tool_version],
  ];
}

/** The report of one analysed run (workload-analyzer --html). */
export function runReportModel(
  r: AnalysisResult,
  metadata: RunMetadata | null,
  configPath: string | null,
): ReportModel {
  const tables: ReportTable[] = [
    { title: 'Stat summary (rate and throughput in invocations/s)', ...statSummaryGrid(r.functions, false) },
    { title: 'Performance summary: all, warm and cold starts (ms)', ...performanceSummaryGrid(r.performance) },
    { title: 'Per-function percentiles (ms)', ...functionPercentilesGrid(r.functions) },
  ];
  if (r.invocations) {
    const inv = invocationGrids(r.invocations);
    tables.push(
      { title: "Invocations and failures by kind (the invoker's records)", ...inv.counts },
      { title: 'Client-side latency', ...inv.latency },
    );
  }
  return {
    title: `faas-profiler report: ${r.testName}`,
    facts: [
      ['test', r.testName],
      ['started', iso(r.sinceMs)],
      ['config', configPath ?? '-'],
      ['activations analysed', String(r.table.size)],
      ...metadataFacts(metadata),
    ],
    verdicts: metadata?.verdict ? [{ test: r.testName, verdict: metadata.verdict }] : [],
    tables,
    charts: analyzerCharts(r.table, r.testName, r.sinceMs, r.monitoring.slice(0, MAX_COUNTER_CHARTS)),
  };
}

const cellOf = (v: Cell | boolean): Cell => (typeof v === 'boolean' ? String(v) : v);

function columnsGrid<R>(columns: readonly Column<R>[], rows: readonly R[]): Grid {
  return { headers: columns.map((c) => c.header), rows: rows.map((row) => columns.map((c) => cellOf(c.value(row)))) };
}

/** The report of a comparison (comparative-analyzer --html): runs side by side. */
export function comparisonReportModel(cmp: Comparison, archiveDir: string): ReportModel {
  return {
    title: `faas-profiler comparison: ${cmp.tests.length} run${cmp.tests.length === 1 ? '' : 's'}`,
    facts: [
      ['archives', archiveDir],
      ['runs', cmp.tests.map((t) => t.test).join(', ')],
    ],
    verdicts: [],
    tables: [
      { title: 'Per-test summary', ...columnsGrid(TEST_SUMMARY_COLUMNS, cmp.tests) },
      { title: 'Stat summary per test and function', ...columnsGrid(STAT_COLUMNS, cmp.stats) },
    ],
    charts: comparisonCharts(cmp),
  };
}
