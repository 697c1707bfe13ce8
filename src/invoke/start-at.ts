import { UserError } from '../errors.js';

/** `--start-at` further ahead than this is refused: most likely a typo (seconds for ms, a wrong day). */
export const MAX_START_AHEAD_MS = 24 * 3600 * 1000;

/**
 * Reads `--start-at TIME`: epoch milliseconds (digits only) or an ISO 8601 date-time with a time
 * zone (`Z` or an offset, so every shard reads the same instant). Pure: `nowMs` is the clock.
 * An instant already past, or more than MAX_START_AHEAD_MS ahead, is a UserError.
 */
export function parseStartAt(text: string, nowMs: number): number {
  const t = text.trim();
  let ms: number;
  if (/^\d+$/.test(t)) ms = Number(t);
  else if (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/i.test(t)) ms = Date.parse(t);
  else ms = NaN;
  if (!Number.isFinite(ms)) {
    throw new UserError(
      `--start-at expects epoch ms or an ISO 8601 time with a zone (e.g. 2026-01-01T12:00:00Z), got "${text}"`,
    );
  }
  if (ms <= nowMs) {
    throw new UserError(`--start-at ${text} is already past (now is ${new Date(nowMs).toISOString()})`);
  }
  if (ms - nowMs > MAX_START_AHEAD_MS) {
    throw new UserError(`--start-at ${text} is more than ${MAX_START_AHEAD_MS / 3600_000} h ahead`);
  }
  return ms;
}
