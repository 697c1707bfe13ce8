/**
 * Merges per-instance sorted time arrays into one timeline. Ties are broken by instance order,
 * then by event order within the instance, so the result depends only on the inputs.
 *
 * A binary min-heap of instance cursors keyed by (head time, instance), kept in two typed arrays
 * so the hot loop reads no objects: O(n log k), no per-event allocation.
 */
export function mergeTimelines(perInstance: readonly Float64Array[]): {
  times: Float64Array;
  instanceIndex: Uint32Array;
} {
  let total = 0;
  for (const a of perInstance) total += a.length;
  const times = new Float64Array(total);
  const instanceIndex = new Uint32Array(total);

  const k = perInstance.length;
  const cursor = new Uint32Array(k);
  const heapInstance = new Uint32Array(k);
  const heapTime = new Float64Array(k);
  let size = 0;

  /** Moves (inst, t) down from slot `hole` to where the heap order holds. */
  const siftDown = (hole: number, inst: number, t: number): void => {
    for (;;) {
      let c = 2 * hole + 1;
      if (c >= size) break;
      const r = c + 1;
      if (
        r < size &&
        (heapTime[r]! < heapTime[c]! || (heapTime[r] === heapTime[c] && heapInstance[r]! < heapInstance[c]!))
      )
        c = r;
      if (heapTime[c]! > t || (heapTime[c] === t && heapInstance[c]! > inst)) break;
      heapInstance[hole] = heapInstance[c]!;
      heapTime[hole] = heapTime[c]!;
      hole = c;
    }
    heapInstance[hole] = inst;
    heapTime[hole] = t;
  };

  for (let i = 0; i < k; i++) {
    if (perInstance[i]!.length === 0) continue;
    heapInstance[size] = i;
    heapTime[size] = perInstance[i]![0]!;
    size++;
  }
  for (let i = (size >> 1) - 1; i >= 0; i--) siftDown(i, heapInstance[i]!, heapTime[i]!);

  for (let out = 0; out < total; out++) {
    const inst = heapInstance[0]!;
    const source = perInstance[inst]!;
    const c = cursor[inst]!;
    times[out] = source[c]!;
    instanceIndex[out] = inst;
    cursor[inst] = c + 1;
    if (c + 1 < source.length) siftDown(0, inst, source[c + 1]!);
    else if (--size > 0) siftDown(0, heapInstance[size]!, heapTime[size]!);
  }
  return { times, instanceIndex };
}
