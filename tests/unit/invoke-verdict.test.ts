import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  dueBy,
  isBehind,
  judgeSchedule,
  likelyCause,
  MIN_JUDGED_PER_SECOND,
  type VerdictEvidence,
  type VerdictInput,
  worstSecond,
} from '../../src/invoke/verdict.js';

const calm: VerdictEvidence = {
  dropped: 0,
  pushedBack: 0,
  clientLatencyP50Ms: 1,
  cpuS: 1,
  wallS: 1,
  loadAverage: 0.5,
  cores: 2,
};

function input(
  perSecondRequested: number[],
  perSecondIssued: number[],
  extra: Partial<VerdictInput> = {},
): VerdictInput {
  const requested = perSecondRequested.reduce((a, b) => a + b, 0);
  const issued = perSecondIssued.reduce((a, b) => a + b, 0);
  return {
    durationS: perSecondRequested.length,
    maxLagMs: 10,
    requestedPerSecond: perSecondRequested,
    issuedPerSecond: perSecondIssued,
    requested,
    issued,
    sendSpanS: perSecondRequested.length,
    late: 0,
    lag: { p50: 0.1, p99: 0.5, max: 1 },
    evidence: calm,
    aborted: false,
    ...extra,
  };
}

test('a run that issued everything on time keeps its schedule', () => {
  const v = judgeSchedule(input([100, 100, 100], [100, 100, 100]));
  assert.equal(v.kept, true);
  assert.equal(v.reason, null);
  assert.equal(v.requested_rate, 100);
  assert.equal(v.issued_rate, 100);
  assert.deepEqual(v.worst_second, { second: 0, requested: 100, issued: 100, ratio: 1 });
});

test('one second under 90% of its requests, or over 1% late, is a schedule not kept, with the reason', () => {
  const slowSecond = judgeSchedule(input([100, 100, 100], [100, 85, 115]));
  assert.equal(slowSecond.kept, false);
  assert.match(slowSecond.reason!, /second 1 issued 85 of 100 \(85%\)/);
  const late = judgeSchedule(input([100, 100, 100], [100, 100, 100], { late: 4 }));
  assert.equal(late.kept, false);
  assert.match(late.reason!, /4 invocations \(1\.3%\) were sent over 10 ms late or not at all/);
  const justUnder = judgeSchedule(input([100, 100, 100], [100, 100, 100], { late: 3 }));
  assert.equal(justUnder.kept, true);
});

test('the worst second is the lowest ratio among seconds with enough requests', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(200), fc.nat(200)), { minLength: 1, maxLength: 30 }), (pairs) => {
      const req = pairs.map(([r]) => r);
      const iss = pairs.map(([, i]) => i);
      const w = worstSecond(req, iss);
      const judged = pairs.map(([r, i], s) => ({ s, r, i })).filter((x) => x.r >= MIN_JUDGED_PER_SECOND);
      if (judged.length === 0) return assert.equal(w, null);
      const min = Math.min(...judged.map((x) => x.i / x.r));
      assert.ok(w !== null && w.ratio === min && w.requested >= MIN_JUDGED_PER_SECOND);
    }),
  );
});

test('the cause named follows the evidence: drops, then target push-back, then CPU', () => {
  assert.match(
    likelyCause({ ...calm, dropped: 3, pushedBack: 50 }, 100),
    /^connections: .* 3 invocations were dropped/,
  );
  assert.match(likelyCause({ ...calm, pushedBack: 5 }, 100), /^target back-pressure: 5 invocations/);
  assert.match(likelyCause({ ...calm, clientLatencyP50Ms: 450 }, 100), /^target back-pressure: answers took 450 ms/);
  assert.match(likelyCause({ ...calm, cpuS: 1.9, wallS: 1 }, 100), /^CPU: the invoker used 1\.90 cores/);
});

test('dueBy counts scheduled times up to now; isBehind needs 50 due and under 80% sent', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 0, max: 100, noNaN: true })),
      fc.double({ min: -1, max: 101, noNaN: true }),
      (ts, now) => {
        const times = Float64Array.from(ts).sort();
        assert.equal(dueBy(times, now), ts.filter((t) => t <= now).length);
      },
    ),
  );
  assert.equal(isBehind(30, 49), false);
  assert.equal(isBehind(39, 50), true);
  assert.equal(isBehind(40, 50), false);
});

test('a run that overran its test is not credited with the requested rate', () => {
  const v = judgeSchedule(input([100, 100], [100, 100], { sendSpanS: 20 }));
  assert.equal(v.requested_rate, 100);
  assert.equal(v.issued_rate, 10);
});
