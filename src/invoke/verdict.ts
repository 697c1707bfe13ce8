/**
 * Did the run keep its schedule? Pure: the numbers come from the run's records and schedule.
 * Definitions (docs/invoker.md, "Schedule verdict"):
 * - requested: invocations the schedule holds; issued: invocations actually sent.
 * - requested rate = requested ÷ test duration; issued rate = issued ÷ the longer of the test
 *   duration and the time from the start to the last send (a run that overran is not credited
 *   with the requested rate).
 * - the worst second: over each whole second of the test with at least MIN_JUDGED_PER_SECOND
 *   scheduled invocations, issued (by send time) ÷ requested (by scheduled time), lowest first.
 * - late: sent more than `maxLagMs` after their scheduled time.
 * The schedule is kept when no judged second falls below MIN_SECOND_RATIO and at most
 * MAX_LATE_SHARE of the requested invocations were late or never sent.
 */

import type { ScheduleVerdict, WorstSecond } from '../contracts/index.js';

const MIN_SECOND_RATIO = 0.9;
const MAX_LATE_SHARE = 0.01;
/** A second with fewer scheduled invocations is not judged by its ratio: one send crossing its
 * boundary would swing it (its invocations still count as late when they are). */
export const MIN_JUDGED_PER_SECOND = 10;
/** `--abort-if-behind`: stop once fewer than this share of the invocations due so far were sent. */
const ABORT_BEHIND_RATIO = 0.8;
/** ... and only once this many were due (the very first milliseconds are too few to judge). */
const ABORT_MIN_DUE = 50;

/** What the run measured, besides the per-second counts. */
export interface VerdictInput {
  readonly durationS: number;
  readonly maxLagMs: number;
  /** Invocations scheduled in each whole second of the test (index = second). */
  readonly requestedPerSecond: ArrayLike<number>;
  /** Invocations sent in each whole second of the test. */
  readonly issuedPerSecond: ArrayLike<number>;
  readonly requested: number;
  readonly issued: number;
  /** Seconds from the test start to the last send (0 when nothing was sent). */
  readonly sendSpanS: number;
  readonly late: number;
  readonly lag: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly evidence: VerdictEvidence;
  readonly aborted: boolean;
}

/** What points at a cause when the schedule was not kept. */
export interface VerdictEvidence {
  /** Dropped because the in-flight bound was full. */
  readonly dropped: number;
  /** Answered 429 or 503 (throttled), or failed without an answer from the target. */
  readonly pushedBack: number;
  /** p50 of done − sent over answered invocations, ms (null: none answered). */
  readonly clientLatencyP50Ms: number | null;
  /** CPU seconds the invoker process used, and wall seconds of the run. */
  readonly cpuS: number;
  readonly wallS: number;
  readonly loadAverage: number;
  readonly cores: number;
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function worstSecond(requested: ArrayLike<number>, issued: ArrayLike<number>): WorstSecond | null {
  let worst: WorstSecond | null = null;
  for (let s = 0; s < requested.length; s++) {
    const r = requested[s]!;
    if (r < MIN_JUDGED_PER_SECOND) continue;
    const i = issued[s] ?? 0;
    const ratio = i / r;
    if (worst === null || ratio < worst.ratio) worst = { second: s, requested: r, issued: i, ratio };
  }
  return worst;
}

/** The likeliest cause of a missed schedule, from the evidence, as a short clause. */
export function likelyCause(e: VerdictEvidence, requested: number): string {
  if (e.dropped > 0) return `connections: the in-flight bound was full and ${e.dropped} invocations were dropped`;
  if (e.pushedBack >= Math.max(1, 0.01 * requested)) {
    return `target back-pressure: ${e.pushedBack} invocations were throttled or refused by the target`;
  }
  if (e.clientLatencyP50Ms !== null && e.clientLatencyP50Ms > 100) {
    return `target back-pressure: answers took ${e.clientLatencyP50Ms.toFixed(0)} ms (p50), holding connections`;
  }
  const busy = e.wallS > 0 ? e.cpuS / e.wallS : 0;
  return `CPU: the invoker used ${busy.toFixed(2)} cores for the run, with a load average of ${e.loadAverage.toFixed(1)} on ${e.cores} cores`;
}

export function judgeSchedule(input: VerdictInput): ScheduleVerdict {
  const worst = worstSecond(input.requestedPerSecond, input.issuedPerSecond);
  const unsent = input.requested - input.issued;
  const missed = input.late + unsent;
  const problems: string[] = [];
  if (input.aborted)
    problems.push(`stopped by --abort-if-behind (under ${ABORT_BEHIND_RATIO * 100}% of what was due had been sent)`);
  if (worst !== null && worst.ratio < MIN_SECOND_RATIO) {
    problems.push(
      `second ${worst.second} issued ${worst.issued} of ${worst.requested} (${(worst.ratio * 100).toFixed(0)}%)`,
    );
  }
  if (missed > MAX_LATE_SHARE * input.requested) {
    const share = input.requested > 0 ? (100 * missed) / input.requested : 0;
    problems.push(
      `${missed} invocations (${share.toFixed(1)}%) were sent over ${input.maxLagMs} ms late or not at all`,
    );
  }
  const kept = problems.length === 0;
  const duration = input.durationS > 0 ? input.durationS : 1;
  return {
    requested: input.requested,
    issued: input.issued,
    requested_rate: input.requested / duration,
    issued_rate: input.issued / Math.max(duration, input.sendSpanS),
    lag_p50_ms: finiteOrNull(input.lag.p50),
    lag_p99_ms: finiteOrNull(input.lag.p99),
    lag_max_ms: finiteOrNull(input.lag.max),
    worst_second: worst,
    max_lag_ms: input.maxLagMs,
    late: input.late,
    unsent,
    kept,
    reason: kept ? null : `${problems.join('; ')}; likely cause: ${likelyCause(input.evidence, input.requested)}`,
    aborted: input.aborted,
  };
}

/** How many invocations of the ascending schedule are due by `elapsedS`. */
export function dueBy(times: Float64Array, elapsedS: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! <= elapsedS) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `--abort-if-behind`: whether a run that has sent `sent` of `due` is 20% behind. */
export function isBehind(sent: number, due: number): boolean {
  return due >= ABORT_MIN_DUE && sent < ABORT_BEHIND_RATIO * due;
}

/** The one warning line printed when the schedule was not kept. */
export function verdictWarning(v: ScheduleVerdict): string {
  return `warning: the schedule was not kept: ${v.reason} (issued ${v.issued} of ${v.requested}, ${v.issued_rate.toFixed(1)}/s of ${v.requested_rate.toFixed(1)}/s requested; send lag p99 ${v.lag_p99_ms === null ? '-' : `${v.lag_p99_ms.toFixed(2)} ms`})`;
}
