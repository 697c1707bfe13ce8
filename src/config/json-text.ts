/**
 * JSON parsing with errors a user can act on: "line 3, column 7: expected ',' or '}', got ']'".
 * V8's own messages give a position only for some mistakes, so on failure a small recogniser
 * walks the text to find where it stops being JSON.
 */
import { MAX_JSON_DEPTH, nestingBeyond } from '../contracts/index.js';

/** A JSON object (not null, not an array). */
export const isJsonObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

export type JsonParse = { ok: true; value: unknown } | { ok: false; error: string };

export function parseJsonText(text: string): JsonParse {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // editors may add a BOM
  const tooDeep = nestingBeyond(body);
  if (tooDeep >= 0) {
    const { line, column } = lineAndColumn(body, tooDeep);
    return { ok: false, error: `line ${line}, column ${column}: nested more than ${MAX_JSON_DEPTH} levels deep` };
  }
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (err) {
    const found = findSyntaxError(body);
    if (found === null) return { ok: false, error: err instanceof Error ? err.message : String(err) };
    const { line, column } = lineAndColumn(body, found.offset);
    return { ok: false, error: `line ${line}, column ${column}: ${found.message}` };
  }
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

class JsonSyntax extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** The first syntax error of `text` per RFC 8259, or null if it is valid JSON. */
export function findSyntaxError(text: string): { offset: number; message: string } | null {
  let i = 0;
  const got = (): string => (i >= text.length ? 'the end of the file' : JSON.stringify(text[i]));
  const fail = (what: string): never => {
    throw new JsonSyntax(i, `expected ${what}, got ${got()}`);
  };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string): void => {
    for (const ch of word) {
      if (text[i] !== ch) fail(`${JSON.stringify(word)}`);
      i++;
    }
  };
  const digits = (): void => {
    if (!/[0-9]/.test(text[i] ?? '')) fail('a digit');
    while (/[0-9]/.test(text[i] ?? '')) i++;
  };
  const number = (): void => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  const string = (): void => {
    if (text[i] !== '"') fail('a double-quoted string');
    i++;
    for (;;) {
      const ch = text[i];
      if (ch === undefined) fail("a closing '\"'");
      else if (ch === '"') {
        i++;
        return;
      } else if (ch === '\\') {
        i++;
        if (text[i] === 'u') {
          i++;
          for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail('a hex digit');
        } else if (text[i] !== undefined && '"\\/bfnrt'.includes(text[i]!)) i++;
        else fail('an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)');
      } else if (ch.charCodeAt(0) < 0x20) fail('no control character inside a string (escape it)');
      else i++;
    }
  };
  const sequence = (close: string, item: () => void): void => {
    i++;
    ws();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      ws();
      if (text[i] === ',') {
        i++;
        ws();
      } else if (text[i] === close) {
        i++;
        return;
      } else fail(`',' or '${close}'`);
    }
  };
  const value = (): void => {
    const ch = text[i];
    if (ch === '{') {
      sequence('}', () => {
        string();
        ws();
        if (text[i] !== ':') fail("':'");
        i++;
        ws();
        value();
      });
    } else if (ch === '[') sequence(']', value);
    else if (ch === '"') string();
    else if (ch === 't') literal('true');
    else if (ch === 'f') literal('false');
    else if (ch === 'n') literal('null');
    else if (ch === '-' || (ch !== undefined && /[0-9]/.test(ch))) number();
    else fail('a JSON value');
  };
  try {
    ws();
    value();
    ws();
    if (i < text.length) fail('nothing after the JSON value');
    return null;
  } catch (err) {
    if (err instanceof JsonSyntax) return { offset: err.offset, message: err.message };
    throw err;
  }
}
