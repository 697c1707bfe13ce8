import { percentilesOf, type Percentiles } from './lag-stats.js';
import type { InvocationOutcome, InvocationRecord } from '../contracts/index.js';

export const OUTCOMES: readonly InvocationOutcome[] = ['ok', 'app_error', 'throttled', 'error', 'dropped', 'cancelled'];

export interface RunSummary {
  readonly scheduled: number;
  readonly sent: number;
  readonly outcomes: Readonly<Record<InvocationOutcome, number>>;
  /** `"202"`, `"429"`, `"none"` (no answer) → count, over sent invocations. */
  readonly statuses: Readonly<Record<string, number>>;
  /** Up to a few distinct error texts with their counts, most frequent first. */
  readonly topErrors: readonly { readonly error: string; readonly count: number }[];
  /** (sent − 1) / (last send − first send), per second; null with fewer than two sends. */
  readonly achievedRate: number | null;
  /** Send lag (sent − scheduled), ms. */
  readonly lagMs: Percentiles;
  readonly recordsPath: string;
  readonly interrupted: boolean;
}

const MAX_DISTINCT_ERRORS = 50;

/** Accumulates what the summary needs as records stream past (no record is kept). */
export class RunTally {
  private readonly lags: Float64Array;
  private readonly outcomes: Record<InvocationOutcome, number> = {
    ok: 0,
    app_error: 0,
    throttled: 0,
    error: 0,
    dropped: 0,
    cancelled: 0,
  };
  private readonly statuses = new Map<string, number>();
  private readonly errors = new Map<string, number>();
  private sent = 0;
  private firstSent = Infinity;
  private lastSent = -Infinity;

  constructor(private readonly scheduled: number) {
    this.lags = new Float64Array(scheduled).fill(NaN);
  }

  /** Invocations that failed so far (anything but ok). */
  get failures(): number {
    return (
      this.outcomes.app_error +
      this.outcomes.throttled +
      this.outcomes.error +
      this.outcomes.dropped +
      this.outcomes.cancelled
    );
  }

  add(r: InvocationRecord): void {
    this.outcomes[r.outcome]++;
    if (r.sent_ms !== null) {
      this.sent++;
      this.firstSent = Math.min(this.firstSent, r.sent_ms);
      this.lastSent = Math.max(this.lastSent, r.sent_ms);
      this.lags[r.seq] = r.lag_ms ?? NaN;
      const status = r.status === null ? 'none' : String(r.status);
      this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    }
    if (r.error !== null && (this.errors.has(r.error) || this.errors.size < MAX_DISTINCT_ERRORS)) {
      this.errors.set(r.error, (this.errors.get(r.error) ?? 0) + 1);
    }
  }

  summary(recordsPath: string, interrupted: boolean): RunSummary {
    const spanS = (this.lastSent - this.firstSent) / 1000;
    return {
      scheduled: this.scheduled,
      sent: this.sent,
      outcomes: { ...this.outcomes },
      statuses: Object.fromEntries([...this.statuses].sort((a, b) => b[1] - a[1])),
      topErrors: [...this.errors]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([error, count]) => ({ error, count })),
      achievedRate: this.sent >= 2 && spanS > 0 ? (this.sent - 1) / spanS : null,
      lagMs: percentilesOf(this.lags),
      recordsPath,
      interrupted,
    };
  }
}

const fmtMs = (v: number): string =>
  Number.isNaN(v) ? '-' : v < 1 ? `${(v * 1000).toFixed(1)} µs` : `${v.toFixed(2)} ms`;

/** The human summary printed at the end of a run (one fact per line). */
export function formatSummary(s: RunSummary): string {
  const failed = OUTCOMES.filter((o) => o !== 'ok' && s.outcomes[o] > 0).map((o) => `${o} ${s.outcomes[o]}`);
  const lines = [
    `${s.interrupted ? 'interrupted' : 'done'}: ${s.scheduled} scheduled, ${s.sent} sent, ${s.outcomes.ok} ok, ${failed.length > 0 ? `failed: ${failed.join(', ')}` : '0 failed'}`,
    `status: ${
      Object.entries(s.statuses)
        .map(([k, v]) => `${k} ×${v}`)
        .join(', ') || '-'
    }`,
    `achieved rate: ${s.achievedRate === null ? '-' : `${s.achievedRate.toFixed(1)}/s`}; send lag p50 ${fmtMs(s.lagMs.p50)}, p99 ${fmtMs(s.lagMs.p99)}, max ${fmtMs(s.lagMs.max)}`,
    ...s.topErrors.map((e) => `error ×${e.count}: ${e.error}`),
    `records: ${s.recordsPath}`,
  ];
  return `${lines.join('\n')}\n`;
}
