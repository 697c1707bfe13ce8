/**
 * Merges per-instance sorted time arrays into one timeline. Ties are broken by instance order,
 * then by event order within the instance, so the result depends only on the inputs.
 * A binary heap of instance cursors: O(n log k), no per-event allocation.
 */
export function mergeTimelines(perInstance: readonly Float64Array[]): { times: Float64Array; instanceIndex: Uint32Array } {
  let total = 0;
  for (const a of perInstance) total += a.length;
  const times = new Float64Array(total);
  const instanceIndex = new Uint32Array(total);

  const cursor = new Uint32Array(perInstance.length);
  const heap: number[] = [];
  const head = (k: number): number => perInstance[k]![cursor[k]!]!;
  const before = (a: number, b: number): boolean => {
    const ta = head(a);
    const tb = head(b);
    return ta < tb || (ta === tb && a < b);
  };
  const siftDown = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) return;
      const r = l + 1;
      const c = r < heap.length && before(heap[r]!, heap[l]!) ? r : l;
      if (!before(heap[c]!, heap[i]!)) return;
      [heap[c], heap[i]] = [heap[i]!, heap[c]!];
      i = c;
    }
  };

  perInstance.forEach((a, k) => {
    if (a.length > 0) heap.push(k);
  });
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(i);

  for (let out = 0; out < total; out++) {
    const k = heap[0]!;
    const c = cursor[k]!;
    times[out] = perInstance[k]![c]!;
    instanceIndex[out] = k;
    cursor[k] = c + 1;
    if (c + 1 === perInstance[k]!.length) {
      heap[0] = heap[heap.length - 1]!;
      heap.pop();
    }
    if (heap.length > 0) siftDown(0);
  }
  return { times, instanceIndex };
}
