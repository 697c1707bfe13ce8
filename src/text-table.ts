/**
 * The one aligned text table of the project: header, a rule of dashes, then rows; columns two
 * spaces apart, each left- or right-aligned, trailing blanks trimmed. Callers format their cells.
 */

/** The table's lines one at a time, so a long table is written without one giant string. */
export function* alignedLines(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  rightAligned: readonly boolean[],
): Generator<string> {
  const widths = headers.map((h) => h.length);
  for (const row of rows) for (let c = 0; c < widths.length; c++) widths[c] = Math.max(widths[c]!, row[c]?.length ?? 0);
  const line = (cells: readonly string[]) =>
    widths
      .map((w, c) => (rightAligned[c] ? (cells[c] ?? '').padStart(w) : (cells[c] ?? '').padEnd(w)))
      .join('  ')
      .trimEnd();
  yield line(headers);
  yield line(widths.map((w) => '-'.repeat(w)));
  for (const row of rows) yield line(row);
}

export function alignedTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  rightAligned: readonly boolean[],
): string {
  return [...alignedLines(headers, rows, rightAligned)].join('\n');
}
