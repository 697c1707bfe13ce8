/**
 * How deeply a JSON text nests, checked before anything walks the parsed value: validators,
 * error formatters and JSON.stringify recurse once per level, and a file nested some thousands
 * of levels deep would overflow their stack (an unexpected failure instead of a clear line).
 */

/** Far beyond any workload, metadata or archive; far below what recursion can handle. */
export const MAX_JSON_DEPTH = 256;

/** The offset of the first bracket that opens level `max + 1`, or -1 when the text stays within `max`. */
export function nestingBeyond(text: string, max = MAX_JSON_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 91 || c === 123) {
      if (++depth > max) return i;
    } else if (c === 93 || c === 125) {
      depth--;
    }
  }
  return -1;
}
