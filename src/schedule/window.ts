import type { ActivityWindow } from '../config/types.js';

/** The interval [start, end) in which a synthetic instance fires: its window clipped to the test. */
export function effectiveWindow(window: ActivityWindow | null, durationS: number): ActivityWindow {
  if (window === null) return [0, durationS];
  const start = Math.min(Math.max(window[0], 0), durationS);
  return [start, Math.max(start, Math.min(window[1], durationS))];
}
