/**
 * `fields` projection on a document's JSON text without parsing all of it: one scan finds the
 * top-level members; wanted ones are copied as text, and only members with dotted sub-fields
 * (e.g. `response.statusCode`) are parsed. Several times faster than parse + stringify for the
 * analyzer's field list, which is what the `_find` fast path spends its time on.
 */
import { project } from './find-query.js';

/** The requested fields grouped by top-level member. */
export interface FieldPlan {
  readonly members: ReadonlyMap<string, { readonly whole: boolean; readonly subPaths: ReadonlyArray<readonly string[]> }>;
}

export function planFields(fields: ReadonlyArray<readonly string[]>): FieldPlan {
  const members = new Map<string, { whole: boolean; subPaths: string[][] }>();
  for (const path of fields) {
    const head = path[0]!;
    const m = members.get(head) ?? { whole: false, subPaths: [] };
    if (path.length === 1) m.whole = true;
    else m.subPaths.push(path.slice(1));
    members.set(head, m);
  }
  return { members };
}

const QUOTE = 34;
const BACKSLASH = 92;

function skipWs(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return i;
    i++;
  }
}

/** From an opening quote, the index after the closing quote. */
function endOfString(text: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q < 0) throw new SyntaxError('unterminated string');
    // The quote is escaped when an odd number of backslashes precede it.
    let b = q - 1;
    while (text.charCodeAt(b) === BACKSLASH) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1;
    j = q + 1;
  }
}

const OPEN_OBJ = 123;
const CLOSE_OBJ = 125;
const OPEN_ARR = 91;
const CLOSE_ARR = 93;
const COMMA = 44;

/** From the first character of a JSON value, the index after it. */
function endOfValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return endOfString(text, i);
  if (c === OPEN_OBJ || c === OPEN_ARR) {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (d === QUOTE) j = endOfString(text, j) - 1;
      else if (d === OPEN_OBJ || d === OPEN_ARR) depth++;
      else if (d === CLOSE_OBJ || d === CLOSE_ARR) {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    throw new SyntaxError('unterminated container');
  }
  let j = i;
  for (; j < text.length; j++) {
    const d = text.charCodeAt(j);
    if (d === COMMA || d === CLOSE_OBJ || d === CLOSE_ARR || d === 32 || d === 10 || d === 13 || d === 9) break;
  }
  return j;
}

/** The projected document as JSON text (same result as `JSON.stringify(project(JSON.parse(text), fields))`). */
export function projectJsonText(text: string, plan: FieldPlan): string {
  let i = skipWs(text, 0);
  if (text[i] !== '{') throw new SyntaxError('not a JSON object');
  i = skipWs(text, i + 1);
  const out: string[] = [];
  while (text[i] !== '}') {
    const keyStart = i;
    i = endOfString(text, i);
    const keyText = text.slice(keyStart, i);
    const key = keyText.includes('\\') ? (JSON.parse(keyText) as string) : keyText.slice(1, -1);
    i = skipWs(text, i);
    if (text[i] !== ':') throw new SyntaxError('expected ":"');
    const valueStart = skipWs(text, i + 1);
    i = endOfValue(text, valueStart);
    const wanted = plan.members.get(key);
    if (wanted !== undefined) {
      const valueText = text.slice(valueStart, i);
      if (wanted.whole) out.push(`${keyText}:${valueText}`);
      else {
        const sub = project(JSON.parse(valueText), wanted.subPaths);
        if (Object.keys(sub).length > 0) out.push(`${keyText}:${JSON.stringify(sub)}`);
      }
    }
    i = skipWs(text, i);
    if (text[i] === ',') i = skipWs(text, i + 1);
    else if (text[i] !== '}') throw new SyntaxError('expected "," or "}"');
  }
  return `{${out.join(',')}}`;
}
