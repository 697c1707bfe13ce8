/**
 * Pure part of the FaaSProfiler cross-check: reads the figures both analyzers print, lines them
 * up and says which agree. No I/O here; scripts/crosscheck-faasprofiler.ts runs the programs.
 */
import { alignedTable } from '../../src/text-table.js';

export const GROUPS = ['all', 'warm', 'cold'] as const;
export const METRICS = ['initTime', 'execution', 'latency'] as const;
type Group = (typeof GROUPS)[number];
type Metric = (typeof METRICS)[number];

/** Mean and sample std of one metric in one group (null: empty group, FaaSProfiler's `nan`). */
export interface MeanStd {
  readonly mean: number | null;
  readonly std: number | null;
}

/** What either analyzer prints about the whole run. */
export interface RunFigures {
  readonly records: number;
  readonly periodMs: number | null;
  readonly ratePerS: number | null;
  readonly counts: Record<Group, number>;
  readonly perf: Record<Group, Record<Metric, MeanStd>>;
}

/** One function's row of the stat summary (FaaSProfiler's from its pickled dataframes). */
export interface FunctionFigures {
  readonly count: number;
  readonly cold: number;
  readonly warm: number;
  readonly rate: number | null;
  readonly throughput: number | null;
  readonly rel_stress: number | null;
  readonly capacity_factor: number | null;
}

/** FaaSProfiler's per-function row also carries the span its fallback throughput needs. */
export interface FpFunctionFigures extends FunctionFigures {
  readonly first_start: number;
  readonly last_end: number;
}

/** What the workload config says about one function, as FaaSProfiler's stat summary reads it. */
export interface ConfigFunction {
  /** The first instance (in the config's key order) naming it has an `activity_window` list. */
  readonly firstHasWindow: boolean;
  /** The first instance's `rate` (FaaSProfiler's), null when it has none. */
  readonly firstRate: number | null;
  /** Number of Uniform/Poisson instances naming it (ours sums their rates). */
  readonly rateInstances: number;
}

/** Per application, what FaaSProfiler's stat summary reads from the config's `instances`. */
export function configFunctions(config: unknown): Map<string, ConfigFunction> {
  const found = new Map<string, ConfigFunction>();
  const instances = (config as { instances?: Record<string, Record<string, unknown>> } | null)?.instances ?? {};
  for (const inst of Object.values(instances)) {
    const app = inst.application;
    if (typeof app !== 'string') continue;
    const timed = inst.distribution === 'Uniform' || inst.distribution === 'Poisson';
    const seen = found.get(app);
    if (seen) {
      found.set(app, { ...seen, rateInstances: seen.rateInstances + (timed ? 1 : 0) });
      continue;
    }
    found.set(app, {
      firstHasWindow: Array.isArray(inst.activity_window),
      firstRate: typeof inst.rate === 'number' ? inst.rate : null,
      rateInstances: timed ? 1 : 0,
    });
  }
  return found;
}

const num = (s: string): number | null => {
  const v = Number(s);
  return s.toLowerCase() === 'nan' || !Number.isFinite(v) ? null : v;
};

function emptyPerf(): Record<Group, Record<Metric, MeanStd>> {
  const perf = {} as Record<Group, Record<Metric, MeanStd>>;
  for (const g of GROUPS) {
    perf[g] = {} as Record<Metric, MeanStd>;
    for (const m of METRICS) perf[g][m] = { mean: null, std: null };
  }
  return perf;
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`cannot find ${what} in the output`);
  return value;
}

/**
 * FaaSProfiler's WorkloadAnalyzer stdout: `Records read from CouchDB: N`, `invocation period: X`,
 * `avg invocation rate: X`, then three blocks of `Mean <metric> (ms): X` / `Std <metric> (ms): X`
 * (all activations, then `Warm Start ... (count: N)`, then `Cold Start ... (count: N)`).
 */
export function parseFaasProfilerStdout(text: string): RunFigures {
  const lines = text.split('\n');
  const records = need(text.match(/^Records read from CouchDB: (\d+)$/m)?.[1], 'the record count');
  const perf = emptyPerf();
  const counts: Record<Group, number> = { all: Number(records), warm: 0, cold: 0 };
  let group: Group | null = null;
  for (const line of lines) {
    if (line === 'Performance Summary') group = 'all';
    const block = line.match(/^(Warm|Cold) Start Performance Summary \(count: (\d+)\)$/);
    if (block) {
      group = block[1] === 'Warm' ? 'warm' : 'cold';
      counts[group] = Number(block[2]);
    }
    const stat = line.match(/^(Mean|Std) (initTime|execution|latency) \(ms\): (\S+)$/);
    if (stat && group !== null) {
      const cell = perf[group][stat[2] as Metric];
      perf[group][stat[2] as Metric] =
        stat[1] === 'Mean' ? { ...cell, mean: num(stat[3]!) } : { ...cell, std: num(stat[3]!) };
    }
  }
  const period = text.match(/^invocation period: (\S+)$/m)?.[1];
  const rate = text.match(/^avg invocation rate: (\S+)$/m)?.[1];
  return {
    records: Number(records),
    periodMs: period === undefined ? null : num(period),
    ratePerS: rate === undefined ? null : num(rate),
    counts,
    perf,
  };
}

/**
 * Our workload-analyzer's text report: `Activation records read: N`, the average invocation
 * period and rate line, and the performance summary table (`<group> <metric> <count> <mean> <std> ...`;
 * `-` for an empty group).
 */
export function parseOurText(text: string): RunFigures {
  const records = need(text.match(/^Activation records read: (\d+)/m)?.[1], 'the record count');
  const pr = text.match(/^Average invocation period: (\S+) ms +average invocation rate: (\S+) \/s/m);
  const perf = emptyPerf();
  const counts: Record<Group, number> = { all: 0, warm: 0, cold: 0 };
  const table = need(text.split(/^Performance summary.*$/m)[1], 'the performance summary');
  for (const line of table.split('\n')) {
    const cells = line.trim().split(/\s+/);
    const [g, m, count, mean, std] = cells;
    if (!GROUPS.includes(g as Group) || !METRICS.includes(m as Metric)) continue;
    counts[g as Group] = Number(count);
    perf[g as Group][m as Metric] = { mean: mean === '-' ? null : num(mean!), std: std === '-' ? null : num(std!) };
  }
  return {
    records: Number(records),
    periodMs: pr ? num(pr[1]!) : null,
    ratePerS: pr ? num(pr[2]!) : null,
    counts,
    perf,
  };
}

/**
 * Agreement within what our text report prints: 0.0005 absolute (half a unit of its third
 * decimal) or 1e-6 relative, whichever is larger. Both null (an empty group) agree.
 */
export function agree(fp: number | null, ours: number | null): boolean {
  if (fp === null || ours === null) return fp === ours;
  return Math.abs(fp - ours) <= Math.max(0.0005, 1e-6 * Math.abs(fp));
}

export interface Row {
  readonly figure: string;
  readonly fp: number | null;
  readonly ours: number | null;
  /** `agree`, `DIFFER`, or `known: <why>` for a documented FaaSProfiler defect, checked. */
  readonly verdict: string;
}

const plain = (figure: string, fp: number | null, ours: number | null): Row => ({
  figure,
  fp,
  ours,
  verdict: agree(fp, ours) ? 'agree' : 'DIFFER',
});

export function runRows(fp: RunFigures, ours: RunFigures): Row[] {
  const rows = [
    plain('activation records', fp.records, ours.records),
    plain('invocation period (ms)', fp.periodMs, ours.periodMs),
    plain('avg invocation rate (/s)', fp.ratePerS, ours.ratePerS),
  ];
  for (const g of GROUPS) {
    if (g !== 'all') rows.push(plain(`${g} count`, fp.counts[g], ours.counts[g]));
    for (const m of METRICS) {
      rows.push(plain(`${g} ${m} mean`, fp.perf[g][m].mean, ours.perf[g][m].mean));
      rows.push(plain(`${g} ${m} std`, fp.perf[g][m].std, ours.perf[g][m].std));
    }
  }
  return rows;
}

/**
 * One function's stat-summary rows. Two FaaSProfiler behaviours are recognised, and only when
 * its figures are exactly what that behaviour produces:
 * - the function's first instance has no `activity_window` (a Uniform/Poisson instance running
 *   the whole test, or an `interarrivals_list`): its rate lookup fails, so it reports no rate and
 *   counts throughput from the function's first activation instead of the test start;
 * - several Uniform/Poisson instances name the function: it takes the first one's rate, we sum them.
 */
export function functionRows(
  name: string,
  fp: FpFunctionFigures | undefined,
  ours: FunctionFigures | undefined,
  config: ConfigFunction | undefined,
): Row[] {
  const rows: Row[] = [];
  const field = (key: keyof FunctionFigures) => ({ fp: fp?.[key] ?? null, ours: ours?.[key] ?? null });
  for (const key of ['count', 'cold', 'warm', 'capacity_factor'] as const) {
    const { fp: a, ours: b } = field(key);
    rows.push(plain(`${name} ${key}`, a, b));
  }
  const rate = field('rate');
  const tput = field('throughput');
  const stress = field('rel_stress');
  const noWindow = fp !== undefined && config !== undefined && !config.firstHasWindow;
  const fallbackTput = fp === undefined ? null : (1000 * fp.count) / (fp.last_end - fp.first_start);
  if (noWindow && fp.rate === null && fp.rel_stress === null && agree(fp.throughput, fallbackTput)) {
    const why =
      'known: first instance has no activity_window (FaaSProfiler: no rate, throughput from first activation)';
    rows.push({ figure: `${name} rate`, ...rate, verdict: agree(rate.fp, rate.ours) ? 'agree' : why });
    rows.push({ figure: `${name} throughput`, ...tput, verdict: agree(tput.fp, tput.ours) ? 'agree' : why });
    rows.push({ figure: `${name} rel_stress`, ...stress, verdict: agree(stress.fp, stress.ours) ? 'agree' : why });
    return rows;
  }
  rows.push(plain(`${name} throughput`, tput.fp, tput.ours));
  const firstRateOnly =
    config !== undefined && config.rateInstances > 1 && agree(rate.fp, config.firstRate) && !agree(rate.fp, rate.ours);
  if (firstRateOnly) {
    const why = `known: ${config.rateInstances} instances (FaaSProfiler: first one's rate; ours: their sum)`;
    rows.push({ figure: `${name} rate`, ...rate, verdict: why });
    rows.push({ figure: `${name} rel_stress`, ...stress, verdict: agree(stress.fp, stress.ours) ? 'agree' : why });
    return rows;
  }
  rows.push(plain(`${name} rate`, rate.fp, rate.ours));
  rows.push(plain(`${name} rel_stress`, stress.fp, stress.ours));
  return rows;
}

const cell = (v: number | null) => (v === null ? '-' : String(Number(v.toFixed(6))));

export function formatRows(rows: readonly Row[]): string {
  return alignedTable(
    ['figure', 'FaaSProfiler', 'ours', 'verdict'],
    rows.map((r) => [r.figure, cell(r.fp), cell(r.ours), r.verdict]),
    [false, true, true, false],
  );
}
