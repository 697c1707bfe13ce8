/** Monitoring series as the analyzer archives them (parsed from perf, pqos, blktrace, cgtop). */
import { z } from 'zod';
import { epochMs } from './numbers.js';

export const monitorPointSchema = z
  .object({
    /**
     * Seconds since `origin_ms` (when null: since the monitor started). perf: the interval's end;
     * pqos: the poll; blktrace: the start of the second; cgtop: the snapshot.
     */
    t: z.number(),
    /** null for `<not counted>` / `<not supported>` / `-`. */
    value: z.number().nullable(),
  })
  .readonly();

/** One monitored quantity over time. */
export const monitorSeriesSchema = z
  .object({
    /** `perf`, `pqos`, `blktrace`, `cgtop`. */
    source: z.string(),
    /** `local` or the remote target's name. */
    host: z.string(),
    /**
     * e.g. `context-switches`, `cpu-clock (CPUs utilized)`, `core 0-5 IPC`, `8,0 write bytes`,
     * `/system.slice memory` (docs/monitoring.md lists every name).
     */
    metric: z.string(),
    unit: z.string().nullable(),
    /**
     * Epoch ms of t = 0 when known (so series line up with activations), else null. Taken from the
     * monitored host's clock: remote hosts need synchronised clocks (NTP) to line up exactly.
     */
    origin_ms: epochMs.nullable(),
    points: z.array(monitorPointSchema).readonly(),
  })
  .readonly();

export type MonitorPoint = z.infer<typeof monitorPointSchema>;
export type MonitorSeries = z.infer<typeof monitorSeriesSchema>;
