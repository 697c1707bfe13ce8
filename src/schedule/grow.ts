/** Room for a Poisson count of mean `expected`: the mean + 8 standard deviations. */
export const poissonCapacity = (expected: number): number => Math.ceil(expected + 8 * Math.sqrt(expected) + 16);

/** A copy of `times` with half as much room again (for the astronomically rare short buffer). */
export function grown(times: Float64Array): Float64Array<ArrayBuffer> {
  const out = new Float64Array(Math.ceil(times.length * 1.5));
  out.set(times);
  return out;
}
