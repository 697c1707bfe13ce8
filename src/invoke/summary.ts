import { percentilesOf, type Percentiles } from './lag-stats.js';
import {
  type InvocationOutcome,
  type InvocationRecord,
  invocationOutcomeSchema,
  type ScheduleVerdict,
} from '../contracts/index.js';
import { judgeSchedule, type VerdictEvidence } from './verdict.js';

export const OUTCOMES: readonly InvocationOutcome[] = invocationOutcomeSchema.options;

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
/** Outcomes that point at the target refusing or failing to keep up (schedule verdict evidence). */
const PUSHED_BACK: ReadonlySet<InvocationOutcome> = new Set(['throttled', 'platform_error', 'timeout', 'error']);

/** Accumulates what the summary needs as records stream past (no record is kept). */
export class RunTally {
  private readonly lags: Float64Array;
  private readonly outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<InvocationOutcome, number>;
  private readonly statuses = new Map<string, number>();
  private readonly errors = new Map<string, number>();
  private sent = 0;
  private firstSent = Infinity;
  private lastSent = -Infinity;

  /** Sends in each whole second of the test (by send time), for the schedule verdict. */
  private readonly issuedPerSecond: Uint32Array;
  /** Answer times (done − sent) in log-spaced buckets: a p50 for the verdict's evidence. */
  private readonly answerMs = new LogHistogram();
  private late = 0;
  /** Epoch ms of the schedule's zero, read off the first record. */
  private startMs = Number.NaN;
  private pushedBack = 0;
  /** Send-lag percentiles once the records are in: the summary and the verdict share one sort. */
  private lagPercentiles: Percentiles | null = null;

  /**
   * `times`: the schedule's offsets (s), ascending; `maxLagMs`: a send later than this is late.
   */
  constructor(
    private readonly times: Float64Array,
    private readonly durationS: number,
    private readonly maxLagMs = Number.POSITIVE_INFINITY,
  ) {
    this.lags = new Float64Array(times.length).fill(NaN);
    this.issuedPerSecond = new Uint32Array(secondsOf(durationS));
  }

  /** Invocations that failed so far (anything but ok). */
  get failures(): number {
    let n = 0;
    for (const o of OUTCOMES) if (o !== 'ok') n += this.outcomes[o];
    return n;
  }

  add(r: InvocationRecord): void {
    this.lagPercentiles = null;
    if (Number.isNaN(this.startMs)) this.startMs = r.scheduled_ms - this.times[r.seq]! * 1000;
    this.outcomes[r.outcome]++;
    if (r.sent_ms !== null) {
      this.sent++;
      this.firstSent = Math.min(this.firstSent, r.sent_ms);
      this.lastSent = Math.max(this.lastSent, r.sent_ms);
      this.lags[r.seq] = r.lag_ms ?? NaN;
      if ((r.lag_ms ?? 0) > this.maxLagMs) this.late++;
      const second = Math.floor(this.times[r.seq]! + (r.lag_ms ?? 0) / 1000);
      if (second >= 0 && second < this.issuedPerSecond.length) this.issuedPerSecond[second]!++;
      if (r.done_ms !== null && r.status !== null) this.answerMs.add(r.done_ms - r.sent_ms);
      const status = r.status === null ? 'none' : String(r.status);
      this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    }
    if (PUSHED_BACK.has(r.outcome)) this.pushedBack++;
    if (r.error !== null && (this.errors.has(r.error) || this.errors.size < MAX_DISTINCT_ERRORS)) {
      this.errors.set(r.error, (this.errors.get(r.error) ?? 0) + 1);
    }
  }

  private lagMs(): Percentiles {
    this.lagPercentiles ??= percentilesOf(this.lags);
    return this.lagPercentiles;
  }

  summary(recordsPath: string, interrupted: boolean): RunSummary {
    const spanS = (this.lastSent - this.firstSent) / 1000;
    return {
      scheduled: this.times.length,
      sent: this.sent,
      outcomes: { ...this.outcomes },
      statuses: Object.fromEntries([...this.statuses].sort((a, b) => b[1] - a[1])),
      topErrors: [...this.errors]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([error, count]) => ({ error, count })),
      achievedRate: this.sent >= 2 && spanS > 0 ? (this.sent - 1) / spanS : null,
      lagMs: this.lagMs(),
      recordsPath,
      interrupted,
    };
  }

  /** The verdict on the run's schedule (see verdict.ts). */
  verdict(extra: {
    readonly evidence: Omit<VerdictEvidence, 'dropped' | 'pushedBack' | 'clientLatencyP50Ms'>;
    readonly aborted: boolean;
  }): ScheduleVerdict {
    return judgeSchedule({
      durationS: this.durationS,
      maxLagMs: this.maxLagMs,
      requestedPerSecond: perSecond(this.times, this.issuedPerSecond.length),
      issuedPerSecond: this.issuedPerSecond,
      requested: this.times.length,
      issued: this.sent,
      sendSpanS: this.sent === 0 ? 0 : (this.lastSent - this.startMs) / 1000,
      late: this.late,
      lag: this.lagMs(),
      evidence: {
        ...extra.evidence,
        dropped: this.outcomes.dropped,
        pushedBack: this.pushedBack,
        clientLatencyP50Ms: this.answerMs.quantile(0.5),
      },
      aborted: extra.aborted,
    });
  }
}

/** Whole seconds a test of `durationS` spans (its last, partial second included). */
function secondsOf(durationS: number): number {
  return Math.max(1, Math.ceil(durationS));
}

/** Scheduled invocations in each whole second. */
function perSecond(times: Float64Array, seconds: number): Uint32Array {
  const out = new Uint32Array(seconds);
  for (const t of times) out[Math.min(seconds - 1, Math.floor(t))]!++;
  return out;
}

/** Counts of positive values in buckets 10^(i/20) ms wide, from 1 µs to about 10^5 s. */
class LogHistogram {
  private static readonly PER_DECADE = 20;
  private static readonly MIN_EXP = -3;
  private readonly buckets = new Float64Array(LogHistogram.PER_DECADE * 11);
  private total = 0;

  add(ms: number): void {
    const i = Math.floor((Math.log10(Math.max(ms, 1e-3)) - LogHistogram.MIN_EXP) * LogHistogram.PER_DECADE);
    this.buckets[Math.min(this.buckets.length - 1, Math.max(0, i))]!++;
    this.total++;
  }

  /** The upper edge of the bucket holding quantile q; null when empty. */
  quantile(q: number): number | null {
    if (this.total === 0) return null;
    let seen = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i]!;
      if (seen >= q * this.total) return 10 ** (LogHistogram.MIN_EXP + (i + 1) / LogHistogram.PER_DECADE);
    }
    return null;
  }
}

const fmtMs = (v: number): string =>
  Number.isNaN(v) ? '-' : v < 1 ? `${(v * 1000).toFixed(1)} µs` : `${v.toFixed(2)} ms`;

/** One line: the schedule verdict. */
function formatVerdict(v: ScheduleVerdict): string {
  const worst =
    v.worst_second === null
      ? ''
      : `, worst second ${(100 * v.worst_second.ratio).toFixed(0)}% (second ${v.worst_second.second})`;
  return `schedule: ${v.kept ? 'kept' : 'NOT kept'}: issued ${v.issued} of ${v.requested} (${v.issued_rate.toFixed(1)}/s of ${v.requested_rate.toFixed(1)}/s requested)${worst}, ${v.late} sent over ${v.max_lag_ms} ms late`;
}

/** The human summary printed at the end of a run (one fact per line). */
export function formatSummary(s: RunSummary, verdict?: ScheduleVerdict): string {
  const failed = OUTCOMES.filter((o) => o !== 'ok' && s.outcomes[o] > 0).map((o) => `${o} ${s.outcomes[o]}`);
  const lines = [
    `${s.interrupted ? 'interrupted' : 'done'}: ${s.scheduled} scheduled, ${s.sent} sent, ${s.outcomes.ok} ok, ${failed.length > 0 ? `failed: ${failed.join(', ')}` : '0 failed'}`,
    `status: ${
      Object.entries(s.statuses)
        .map(([k, v]) => `${k} ×${v}`)
        .join(', ') || '-'
    }`,
    `achieved rate: ${s.achievedRate === null ? '-' : `${s.achievedRate.toFixed(1)}/s`}; send lag p50 ${fmtMs(s.lagMs.p50)}, p99 ${fmtMs(s.lagMs.p99)}, max ${fmtMs(s.lagMs.max)}`,
    ...(verdict === undefined ? [] : [formatVerdict(verdict)]),
    ...s.topErrors.map((e) => `error ×${e.count}: ${e.error}`),
    `records: ${s.recordsPath}`,
  ];
  return `${lines.join('\n')}\n`;
}
