/**
 * How a file that breaks its contract is reported: one line naming the file, the line (for
 * NDJSON and CSV) and the first field paths that are wrong.
 */
import { MAX_JSON_DEPTH, nestingBeyond } from './json-depth.js';
import type { z } from 'zod';
import { UserError } from '../errors.js';

/** How many schema problems one message lists; the rest are counted. */
const MAX_LISTED = 3;

/** Exit status of every program when an input file breaks its contract (see README, exit codes). */
export const CONTRACT_EXIT_CODE = 2;

/** `a.b[3].c`, or `(top level)` for the value itself. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(top level)' : out;
}

/** The first problems of a zod error, one clause each, on one line. */
export function describeProblems(error: z.ZodError): string {
  const listed = error.issues.slice(0, MAX_LISTED).map((i) => `${fieldPath(i.path)}: ${i.message}`);
  const more = error.issues.length - listed.length;
  return listed.join('; ') + (more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : '');
}

/** A file (or one line of it) that is not what its contract says. */
export class ContractError extends UserError {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly line: number | null = null,
  ) {
    super(`${file}${line === null ? '' : `:${line}`}: ${reason}`, CONTRACT_EXIT_CODE);
    this.name = 'ContractError';
  }
}

/**
 * Parses `value` with `schema`, or throws a ContractError naming `file` (and `line`). `what` names
 * the format in the message, e.g. "run metadata".
 */
export function parseContract<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: { readonly file: string; readonly what: string; readonly line?: number },
): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ContractError(where.file, `invalid ${where.what}: ${describeProblems(parsed.error)}`, where.line ?? null);
}

/** Parses JSON text, or throws a ContractError naming the file (and line) with the parser's reason. */
export function parseJsonText(text: string, where: { readonly file: string; readonly line?: number }): unknown {
  if (nestingBeyond(text) >= 0)
    throw new ContractError(
      where.file,
      `not usable JSON (nested more than ${MAX_JSON_DEPTH} levels deep)`,
      where.line ?? null,
    );
  try {
    return JSON.parse(text);
  } catch (err) {
    // Deep nesting overflows the parser's stack: a RangeError, reported like any other bad JSON.
    const reason = err instanceof RangeError ? 'nested too deeply' : (err as Error).message;
    throw new ContractError(where.file, `not valid JSON (${reason})`, where.line ?? null);
  }
}
