/**
 * Actions as whisk-local keeps them, and the validation of `PUT .../actions/{name}` bodies
 * (OpenWhisk's `WhiskActionPut`). Pure: no I/O.
 */
import { isJsonObject } from '../config/json-text.js';
import type { Action, ActionLimits, KeyValue, RuntimeFamily } from '../contracts/index.js';

export type { Action, RuntimeFamily } from '../contracts/index.js';

export const DEFAULT_LIMITS: ActionLimits = { timeout: 60_000, memory: 256, logs: 10, concurrency: 1 };

export const LIMIT_RANGES = {
  timeout: [100, 300_000],
  memory: [128, 2048],
  logs: [0, 10],
  concurrency: [1, 500],
} as const satisfies Record<keyof ActionLimits, readonly [number, number]>;

/** A request the API rejects with `status` and `{"error": message}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const NAME_RE = /^[A-Za-z0-9_][A-Za-z0-9_@.\- ]{0,255}$/;
/** What `exec.main` must be: a JavaScript/Python function name. */
export const IDENTIFIER_RE = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function isValidEntityName(name: string): boolean {
  return NAME_RE.test(name) && !name.endsWith(' ');
}

/** `nodejs:default` → `nodejs:20` etc.; null for kinds whisk-local cannot run. */
export function runtimeFamily(kind: string): RuntimeFamily | null {
  const [family] = kind.split(':');
  if (family === 'nodejs' || family === 'python') return family;
  if (kind === 'native' || kind === 'blackbox') return 'native';
  return null;
}

function resolveKind(kind: string): string {
  if (kind === 'nodejs:default') return `nodejs:${process.versions.node.split('.')[0]}`;
  if (kind === 'python:default') return 'python:3';
  return kind;
}

function keyValues(v: unknown, field: string): KeyValue[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v))
    throw new ApiError(400, `The request content was malformed: ${field} must be an array of {key, value}.`);
  return v.map((kv, i) => {
    if (!isJsonObject(kv) || typeof kv['key'] !== 'string')
      throw new ApiError(400, `The request content was malformed: ${field}[${i}] must be {key, value}.`);
    return { key: kv['key'], value: kv['value'] ?? null };
  });
}

function limit(v: unknown, key: keyof ActionLimits, fallback: number, maxMemoryMb: number): number {
  if (v === undefined || v === null) return fallback;
  const [min, rangeMax] = LIMIT_RANGES[key];
  const max = key === 'memory' ? Math.min(rangeMax, maxMemoryMb) : rangeMax;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ApiError(
      400,
      `The request content was malformed: limits.${key} must be a whole number in ${min}..${max}, got ${JSON.stringify(v)}.`,
    );
  }
  return v;
}

export interface ActionRef {
  readonly namespace: string;
  readonly packageName: string | null;
  readonly name: string;
}

/** `ns/[pkg/]name`: an action's key in the registry and the `path` annotation of its activations. */
export function actionPath(ref: ActionRef): string {
  return ref.packageName === null ? `${ref.namespace}/${ref.name}` : `${ref.namespace}/${ref.packageName}/${ref.name}`;
}

/**
 * Builds the action a PUT body describes. `previous` is the existing action when updating:
 * fields the body leaves out are kept from it, as OpenWhisk does, and the version's patch
 * number goes up.
 */
export function actionFromPut(
  ref: ActionRef,
  body: unknown,
  previous: Action | null,
  revision: number,
  maxMemoryMb: number,
  now: number,
): Action {
  if (!isJsonObject(body))
    throw new ApiError(400, 'The request content was malformed: the body must be a JSON object.');
  const execIn = body['exec'];
  let exec: Action['exec'];
  if (execIn === undefined && previous) {
    exec = previous.exec;
  } else {
    if (!isJsonObject(execIn) || typeof execIn['kind'] !== 'string')
      throw new ApiError(400, 'The request content was malformed: exec.kind is required.');
    const kind = resolveKind(execIn['kind']);
    const family = runtimeFamily(kind);
    if (family === null)
      throw new ApiError(
        400,
        `The request content was malformed: kind "${kind}" is not supported by whisk-local (nodejs[:N], python[:3], native).`,
      );
    const code = execIn['code'];
    if (family === 'native' && (typeof code !== 'string' || code.length === 0) && execIn['image'] !== undefined) {
      throw new ApiError(
        400,
        'The request content was malformed: whisk-local runs no docker images; give a blackbox/native action its executable in exec.code.',
      );
    }
    if (typeof code !== 'string' || code.length === 0)
      throw new ApiError(400, 'The request content was malformed: exec.code must be a non-empty string.');
    const main = execIn['main'] ?? 'main';
    if (typeof main !== 'string' || !IDENTIFIER_RE.test(main))
      throw new ApiError(400, 'The request content was malformed: exec.main must be an identifier.');
    const binary = execIn['binary'] === true;
    if (binary && family !== 'native')
      throw new ApiError(
        400,
        `The request content was malformed: binary (zip) ${family} actions are not supported by whisk-local; send the code as text.`,
      );
    exec = { kind, family, code, main, binary };
  }
  const limitsIn = body['limits'];
  if (limitsIn !== undefined && limitsIn !== null && !isJsonObject(limitsIn))
    throw new ApiError(400, 'The request content was malformed: limits must be an object.');
  const base = previous?.limits ?? DEFAULT_LIMITS;
  const l = (limitsIn ?? {}) as Record<string, unknown>;
  const limits: ActionLimits = {
    timeout: limit(l['timeout'], 'timeout', base.timeout, maxMemoryMb),
    memory: limit(l['memory'], 'memory', base.memory, maxMemoryMb),
    logs: limit(l['logs'], 'logs', base.logs, maxMemoryMb),
    concurrency: limit(l['concurrency'], 'concurrency', base.concurrency, maxMemoryMb),
  };
  const parameters =
    body['parameters'] === undefined && previous ? previous.parameters : keyValues(body['parameters'], 'parameters');
  const annotations =
    body['annotations'] === undefined && previous
      ? previous.annotations
      : keyValues(body['annotations'], 'annotations');
  const web = annotations.find((a) => a.key === 'web-export');
  return {
    namespace: ref.namespace,
    packageName: ref.packageName,
    name: ref.name,
    path: actionPath(ref),
    version: previous ? bumpPatch(previous.version) : '0.0.1',
    revision,
    exec,
    limits,
    parameters,
    annotations,
    webExport: web !== undefined && (web.value === true || web.value === 'true'),
    updated: now,
  };
}

function bumpPatch(version: string): string {
  const parts = version.split('.').map(Number);
  const [major = 0, minor = 0, patch = 0] = parts.every(Number.isFinite) ? parts : [0, 0, 0];
  return `${major}.${minor}.${patch + 1}`;
}

/** The action as `GET .../actions/{name}` returns it (`withCode` false for lists). */
export function actionJson(a: Action, withCode: boolean): Record<string, unknown> {
  const exec: Record<string, unknown> = withCode
    ? {
        kind: a.exec.kind,
        code: a.exec.code,
        ...(a.exec.main !== 'main' ? { main: a.exec.main } : {}),
        binary: a.exec.binary,
      }
    : { binary: a.exec.binary };
  return {
    namespace: a.packageName ? `${a.namespace}/${a.packageName}` : a.namespace,
    name: a.name,
    version: a.version,
    exec,
    limits: a.limits,
    parameters: a.parameters,
    annotations: [...a.annotations.filter((x) => x.key !== 'exec'), { key: 'exec', value: a.exec.kind }],
    publish: false,
    updated: a.updated,
  };
}

/** Action parameters overlaid with the invocation's (body wins). */
export function mergeParams(a: Action, body: Record<string, unknown>): Record<string, unknown> {
  if (a.parameters.length === 0) return body;
  const out: Record<string, unknown> = {};
  for (const p of a.parameters) out[p.key] = p.value;
  return Object.assign(out, body);
}
