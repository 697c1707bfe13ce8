import { basename } from 'node:path';
import type { Activation } from '../activations/types.js';
import type { ArchiveFile, ArchiveV1 } from '../archive/index.js';
import { configuredInstances, configuredRate, isInstanceOf } from '../analysis/index.js';
import type { MetricStats } from '../analysis/types.js';
import { testCategory } from './category.js';
import {
  FUNCTION_SCALAR_COLUMNS,
  STAT_METRICS,
  STAT_STATISTICS,
  type MonitoringRow,
  type PerfRow,
  type StatRow,
  type TestRun,
} from './types.js';

/**
 * Labels each archive with its test name; when several archives share a name (the same test run
 * again), each gets `<name>@<file stem>` so their rows stay apart.
 */
export function labelRuns(files: readonly ArchiveFile[]): TestRun[] {
  const seen = new Map<string, number>();
  for (const f of files) seen.set(f.archive.test_name, (seen.get(f.archive.test_name) ?? 0) + 1);
  return files.map(({ path, archive }) => {
    const shared = (seen.get(archive.test_name) ?? 0) > 1;
    return {
      test: shared ? `${archive.test_name}@${basename(path, '.json')}` : archive.test_name,
      test_name: archive.test_name,
      category: testCategory(archive.test_name),
      file: path,
      archive,
    };
  });
}

export interface ApplicationInfo {
  readonly distribution: string | null;
  readonly rate: number | null;
}

/**
 * Distribution(s) and configured rate of each function of a run, read from the archived workload
 * config as the analyzer reads it; the analyzer's archived per-function rate wins when present.
 */
export function applicationInfo(archive: ArchiveV1): Map<string, ApplicationInfo> {
  const instances = configuredInstances(archive.config);
  const names = new Set([
    ...archive.functions.map((f) => f.func_name),
    ...instances.map((i) => i.application.slice(i.application.lastIndexOf('/') + 1)),
  ]);
  const out = new Map<string, ApplicationInfo>();
  for (const name of names) {
    const mine = instances.filter((i) => isInstanceOf(i, name));
    const distributions = [...new Set(mine.map((i) => i.distribution))].sort();
    const archived = archive.functions.find((f) => f.func_name === name)?.rate ?? null;
    out.set(name, {
      distribution: distributions.length > 0 ? distributions.join('+') : null,
      rate: archived ?? configuredRate(instances, name),
    });
  }
  return out;
}

function isSortedByStart(acts: readonly Activation[]): boolean {
  for (let i = 1; i < acts.length; i++) if (acts[i]!.start < acts[i - 1]!.start) return false;
  return true;
}

/**
 * The combined activation table: every run's activations in run order, each run sorted by start,
 * with `start_rel_s` measured from the earliest start of the same test and application. With
 * `limit`, only the first rows (a terminal preview without building a million rows).
 */
export function mergePerf(runs: readonly TestRun[], limit = Number.POSITIVE_INFINITY): PerfRow[] {
  const rows: PerfRow[] = [];
  for (const run of runs) {
    if (rows.length >= limit) break;
    const info = applicationInfo(run.archive);
    const archived = run.archive.activations;
    const acts = isSortedByStart(archived) ? archived : [...archived].sort((a, b) => a.start - b.start);
    const firstStart = new Map<string, number>();
    for (const a of acts) if (!firstStart.has(a.func_name)) firstStart.set(a.func_name, a.start);
    for (const a of acts) {
      if (rows.length >= limit) break;
      const app = info.get(a.func_name);
      rows.push({
        test: run.test,
        category: run.category,
        func_name: a.func_name,
        distribution: app?.distribution ?? null,
        rate: app?.rate ?? null,
        activationId: a.activationId,
        start: a.start,
        end: a.end,
        start_rel_s: (a.start - firstStart.get(a.func_name)!) / 1000,
        duration: a.duration,
        waitTime: a.waitTime,
        initTime: a.initTime,
        latency: a.latency,
        execution: a.execution,
        cold: a.cold,
        statusCode: a.statusCode,
        kind: a.kind,
      });
    }
  }
  return rows;
}

/** Every `<metric>_<stat>` column of a StatRow, in table order. */
export const STAT_METRIC_COLUMNS = STAT_METRICS.flatMap((m) => STAT_STATISTICS.map((s) => `${m}_${s}` as const));

/** The combined stat summary: each run's archived per-function summary, flattened, with its test. */
export function mergeStats(runs: readonly TestRun[]): StatRow[] {
  return runs.flatMap((run) =>
    run.archive.functions.map((f): StatRow => {
      const flat: Record<string, number | null> = {};
      for (const m of STAT_METRICS) {
        const st: MetricStats = f[m];
        for (const s of STAT_STATISTICS) flat[`${m}_${s}`] = st[s];
      }
      const scalars = Object.fromEntries(FUNCTION_SCALAR_COLUMNS.map((c) => [c, f[c]]));
      return { test: run.test, category: run.category, ...scalars, ...flat } as StatRow;
    }),
  );
}

/** The combined monitoring records: every point of every series, with its test. */
export function mergeMonitoring(runs: readonly TestRun[]): MonitoringRow[] {
  const rows: MonitoringRow[] = [];
  for (const run of runs) {
    for (const s of run.archive.monitoring) {
      for (const p of s.points) {
        rows.push({
          test: run.test,
          source: s.source,
          host: s.host,
          metric: s.metric,
          unit: s.unit,
          t: p.t,
          t_test_s: s.origin_ms === null ? null : (s.origin_ms + p.t * 1000 - run.archive.since_ms) / 1000,
          value: p.value,
        });
      }
    }
  }
  return rows;
}
