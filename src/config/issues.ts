import type { z } from 'zod';
import { isJsonObject } from './json-text.js';

/** Where in the workload JSON a problem is: keys and array indices from the top. */
export type JsonPath = readonly (string | number)[];

/** One thing wrong with a config, reported as one line. */
export interface Problem {
  readonly path: JsonPath;
  readonly message: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** `instances.instance4.rate`, `activity_window[1]`, `instances["my app"]`. */
export function formatPath(path: JsonPath): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

/** A short rendering of a value the user wrote. */
export function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** One problem per zod issue (one per key for unknown keys); needs `reportInput: true`. */
export function problemsFromIssues(issues: readonly z.core.$ZodIssue[]): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push({ path: [...path, key], message: 'unknown key' });
    } else if (issue.input === undefined) {
      problems.push({ path, message: `missing, ${issue.message}` });
    } else {
      problems.push({ path, message: `${issue.message}, got ${describeValue(issue.input)}` });
    }
  }
  return problems;
}

/** `path: message`, or just the message for the document itself. */
export function formatProblem({ path, message }: Problem): string {
  return path.length === 0 ? message : `${formatPath(path)}: ${message}`;
}

/**
 * Sorts problems into the order their fields appear in the document (then by message), so the
 * report reads top to bottom like the file. Keys the document lacks sort after present ones.
 */
export function inDocumentOrder(problems: readonly Problem[], doc: unknown): Problem[] {
  const rank = (path: JsonPath): number[] => {
    const out: number[] = [];
    let node: unknown = doc;
    for (const key of path) {
      if (typeof key === 'number') {
        out.push(key);
        node = Array.isArray(node) ? node[key] : undefined;
      } else if (isJsonObject(node)) {
        const at = Object.keys(node).indexOf(key);
        out.push(at < 0 ? Number.MAX_SAFE_INTEGER : at);
        node = node[key];
      } else {
        out.push(Number.MAX_SAFE_INTEGER);
        node = undefined;
      }
    }
    return out;
  };
  const compare = (a: number[], b: number[]): number => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return a.length - b.length;
  };
  return problems
    .map((p) => ({ p, r: rank(p.path) }))
    .sort((x, y) => compare(x.r, y.r))
    .map(({ p }) => p);
}
