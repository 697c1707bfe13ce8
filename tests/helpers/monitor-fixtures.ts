import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { MonitorSeries } from '../../src/monitor/types.js';

/** A capture from tests/fixtures/monitor/. */
export const fixture = (name: string): string => readFileSync(new URL(`../fixtures/monitor/${name}`, import.meta.url), 'utf8');

/** The series named `metric`; fails the test, listing what there is, when it is missing. */
export const seriesNamed = (series: MonitorSeries[], metric: string): MonitorSeries => {
  const s = series.find((x) => x.metric === metric);
  assert.ok(s, `series ${metric} missing; have: ${series.map((x) => x.metric).join(', ')}`);
  return s;
};

export const values = (s: MonitorSeries) => s.points.map((p) => p.value);
