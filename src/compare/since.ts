/** ISO 8601 date, optionally with time and zone: `2024-03-05`, `2024-03-05T07:09`, `2024-03-05T07:09:00.000Z`. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * The `-s` value as epoch ms: a whole number of milliseconds (as the invoker prints), or an ISO
 * date (UTC unless it names a zone). Throws an Error with a one-line message otherwise.
 */
export function parseSince(value: string): number {
  const v = value.trim();
  if (/^\d+$/.test(v)) {
    const ms = Number(v);
    if (Number.isSafeInteger(ms)) return ms;
  } else if (ISO_DATE.test(v)) {
    // A date-time without a zone would be read as local time; comparisons are in UTC.
    const zoned = /T|\s/.test(v) && !/(Z|[+-]\d{2}:?\d{2})$/.test(v) ? `${v.replace(' ', 'T')}Z` : v.replace(' ', 'T');
    const ms = Date.parse(zoned);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new Error(
    `-s/--since expects epoch milliseconds (a whole number, e.g. 1709622540000) or an ISO date (e.g. 2024-03-05T07:09Z), got "${value}"`,
  );
}
