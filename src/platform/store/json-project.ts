/**
 * `fields` projection on a document's JSON text without parsing it: one scan over the text finds
 * the members; wanted ones are copied as text, nested objects with wanted sub-fields (e.g.
 * `response.statusCode`) are projected the same way, everything else is skipped. The text must
 * be `JSON.stringify` output (as every document the store holds is): keys are compared in their
 * canonical quoted form.
 */

/** The requested fields as a tree: per member, keep it whole or keep some of its fields. */
export interface FieldPlan {
  /** Quoted keys (`"start"`), canonical JSON form. */
  readonly keys: readonly string[];
  /** For each key: its whole value, or a plan for some of its fields. */
  readonly members: ReadonlyArray<{ readonly whole: boolean; readonly sub: FieldPlan | undefined }>;
}

export function planFields(fields: ReadonlyArray<readonly string[]>): FieldPlan {
  const groups = new Map<string, { whole: boolean; subPaths: string[][] }>();
  for (const path of fields) {
    const head = path[0]!;
    const g = groups.get(head) ?? { whole: false, subPaths: [] };
    if (path.length === 1) g.whole = true;
    else g.subPaths.push(path.slice(1));
    groups.set(head, g);
  }
  const keys: string[] = [];
  const members: Array<{ whole: boolean; sub: FieldPlan | undefined }> = [];
  for (const [key, g] of groups) {
    keys.push(JSON.stringify(key));
    members.push({ whole: g.whole, sub: g.whole || g.subPaths.length === 0 ? undefined : planFields(g.subPaths) });
  }
  return { keys, members };
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
const COLON = 58;

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

/** Index just after the object last projected by `projectObject` (saves allocating a pair per call). */
let objectEnd = 0;

/** The projection of the object at `text[i]` (`{`), or '' when nothing of it is kept. */
function projectObject(text: string, i: number, plan: FieldPlan): string {
  i = skipWs(text, i + 1);
  let out = '';
  while (text.charCodeAt(i) !== CLOSE_OBJ) {
    if (text.charCodeAt(i) !== QUOTE) throw new SyntaxError('expected a key');
    const keyEnd = endOfString(text, i);
    let member: FieldPlan['members'][number] | undefined;
    let quoted = '';
    const keyLength = keyEnd - i;
    for (let k = 0; k < plan.keys.length; k++) {
      const q = plan.keys[k]!;
      if (q.length === keyLength && text.startsWith(q, i)) {
        member = plan.members[k];
        quoted = q;
        break;
      }
    }
    i = skipWs(text, keyEnd);
    if (text.charCodeAt(i) !== COLON) throw new SyntaxError('expected ":"');
    const valueStart = skipWs(text, i + 1);
    if (member?.sub !== undefined && text.charCodeAt(valueStart) === OPEN_OBJ) {
      const inner = projectObject(text, valueStart, member.sub);
      i = objectEnd;
      if (inner !== '') out += `${out === '' ? '' : ','}${quoted}:${inner}`;
    } else {
      i = endOfValue(text, valueStart);
      if (member?.whole === true) out += `${out === '' ? '' : ','}${quoted}:${text.slice(valueStart, i)}`;
    }
    i = skipWs(text, i);
    if (text.charCodeAt(i) === COMMA) i = skipWs(text, i + 1);
    else if (text.charCodeAt(i) !== CLOSE_OBJ) throw new SyntaxError('expected "," or "}"');
  }
  objectEnd = i + 1;
  return out === '' ? '' : `{${out}}`;
}

/** The projected document as JSON text (same result as `JSON.stringify(project(JSON.parse(text), fields))`). */
export function projectJsonText(text: string, plan: FieldPlan): string {
  const i = skipWs(text, 0);
  if (text.charCodeAt(i) !== OPEN_OBJ) throw new SyntaxError('not a JSON object');
  const out = projectObject(text, i, plan);
  return out === '' ? '{}' : out;
}
