/**
 * Replays a list of inter-arrival gaps (FaaSProfiler's `interarrivals_list`): the first element is
 * the time of the first event from test start, each next one the gap after the previous event.
 * Events later than the test duration are cut; no activity window applies.
 */
export function traceTimes(interarrivals: readonly number[], durationS: number): Float64Array {
  const times = new Float64Array(interarrivals.length);
  let n = 0;
  let t = 0;
  for (const gap of interarrivals) {
    t += gap;
    if (t > durationS) break;
    times[n++] = t;
  }
  return times.subarray(0, n);
}
