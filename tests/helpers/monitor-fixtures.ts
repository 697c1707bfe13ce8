import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { silentLogger } from '../../src/log.js';
import { type MonitoringSession, startRuntimeMonitoring } from '../../src/monitor/scripts.js';
import type { MonitorSeries } from '../../src/monitor/types.js';

/** A capture from tests/fixtures/monitor/. */
export const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/monitor/${name}`, import.meta.url), 'utf8');

/** The series named `metric`; fails the test, listing what there is, when it is missing. */
export const seriesNamed = (series: MonitorSeries[], metric: string): MonitorSeries => {
  const s = series.find((x) => x.metric === metric);
  assert.ok(s, `series ${metric} missing; have: ${series.map((x) => x.metric).join(', ')}`);
  return s;
};

export const values = (s: MonitorSeries) => s.points.map((p) => p.value);

/** A run folder whose path has spaces (removed after the test), with a metadata dir and a monitoring dir inside. */
export function runDir(
  t: { after: (fn: () => void) => void },
  prefix = 'faas monitor run ',
): { meta: string; mon: string } {
  const meta = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(meta, { recursive: true, force: true }));
  return { meta, mon: join(meta, 'monitoring') };
}

/** Why perf cannot count software events system-wide here, or null when it can. */
export async function perfUnavailable(): Promise<string | null> {
  const r = await execa('perf', ['stat', '-a', '-e', 'context-switches', 'true'], { reject: false });
  if (r.failed && (r as { code?: string }).code === 'ENOENT') return 'perf not installed: apt-get install linux-perf';
  return r.exitCode === 0 ? null : `perf cannot count system-wide here (${r.stderr.split('\n')[0]})`;
}

/** Starts the runtime script on this machine only, collecting warnings into `warnings`. */
export function localMonitoring(
  dirs: { readonly meta: string; readonly mon: string },
  script: string | null,
  durationS: number,
  warnings: string[],
): MonitoringSession {
  return startRuntimeMonitoring({
    script,
    targets: [],
    durationS,
    monitoringDir: dirs.mon,
    metadataDir: dirs.meta,
    logger: silentLogger(),
    warn: (m) => warnings.push(m),
  });
}
