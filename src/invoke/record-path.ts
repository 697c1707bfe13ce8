import { devNull } from 'node:os';
import type { InvocationRecord } from '../contracts/index.js';
import type { Schedule } from '../schedule/types.js';
import type { RunMetrics } from './live-metrics.js';
import { RecordsWriter, recordFactory } from './records-writer.js';
import { RunTally } from './summary.js';
import { BatchBuilder, mapBatch, type Completion, type CompletionBatch } from './worker-protocol.js';

/** A completion turned into its record (`recordFactory`'s function, taking the same arguments). */
export type RecordMaker = (...completion: Completion) => InvocationRecord;

/** The main thread's part of a run: each batch of completions becomes records, written once and tallied. */
export function recordConsumer(
  makeRecord: RecordMaker,
  writer: RecordsWriter,
  tally: RunTally,
  live: RunMetrics | null,
): (batch: CompletionBatch) => void {
  return (batch) => {
    for (const r of writer.write(mapBatch(batch, makeRecord))) {
      tally.add(r);
      live?.add(r);
    }
  };
}

const WARM_UP_COMPLETIONS = 20_000;
const WARM_UP_BATCH = 250;
const LAGS_NS = [0, 37_311.5, 4_012, 1_250_731.25, 61, 93_480];
const ANSWERS_NS = [352_117.75, 1_000_000, 12_345_678.5, 88_001, 2_731_555];

/**
 * Runs the record path over made-up completions before the test (records to the null device, a
 * scratch tally), through the same factories as the run and with batches cloned as a worker's
 * message is (their objects then have the same shapes), so that V8 has optimised it before the
 * first real batch. Cold, it took ~90% of a core for the run's first 0.4 s at 20,000/s, which on
 * one core the dispatch worker needed (measured: sends 15–58 ms late all that time).
 */
export async function warmUpRecordPath(schedule: Schedule, maxLagMs: number): Promise<void> {
  const n = Math.min(WARM_UP_COMPLETIONS, schedule.times.length);
  const times = schedule.times.subarray(0, n);
  const writer = new RecordsWriter(devNull, n);
  const makeRecord = recordFactory({
    ...schedule,
    times,
    // A fraction, as the real start instant has: V8 specialises on small integers otherwise.
    startEpochMs: performance.timeOrigin + performance.now(),
  });
  const consume = recordConsumer(makeRecord, writer, new RunTally(times, schedule.durationS, maxLagMs), null);
  for (let first = 0; first < n; first += WARM_UP_BATCH) {
    const batch = new BatchBuilder(WARM_UP_BATCH);
    for (let seq = first; seq < Math.min(n, first + WARM_UP_BATCH); seq++) {
      // Lags and answer times of every kind the run has (zero, fractions, milliseconds), and a
      // few failures: code specialised on one kind of number is thrown away at the next.
      const sentNs = times[seq]! * 1e9 + LAGS_NS[seq % LAGS_NS.length]!;
      const doneNs = sentNs + ANSWERS_NS[seq % ANSWERS_NS.length]!;
      const id = seq.toString(16).padStart(32, '0');
      if (seq % 97 === 0) batch.push(seq, sentNs, doneNs, -1, 'error', null, 'ECONNRESET: read ECONNRESET');
      else batch.push(seq, sentNs, doneNs, 202, 'ok', id, null);
    }
    const { batch: built, transfer } = batch.take();
    consume(structuredClone(built, { transfer }));
  }
  await writer.close();
}
