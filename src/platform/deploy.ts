/**
 * The sample functions in `functions/` and their deployment: `functions/manifest.json` maps an
 * action name to its code file and settings; `deployFunctions` creates or updates the named
 * actions through an OpenWhisk REST API (whisk-local or a real cluster).
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Agent, request } from 'undici';
import { z } from 'zod';
import { basicAuthHeader, normalizeApiHost } from '../config/wskprops.js';
import { UserError, UserErrors } from '../errors.js';
import { IDENTIFIER_RE, LIMIT_RANGES } from './action.js';
import { findPackageRoot } from './runtimes/index.js';

export interface FunctionSpec {
  readonly kind: string;
  /** Relative to the manifest's folder. */
  readonly file: string;
  readonly main?: string;
  readonly memory?: number;
  readonly timeout?: number;
  readonly web?: boolean;
  /** Extension: `limits.concurrency` (nodejs only). */
  readonly concurrency?: number;
}

export interface FunctionManifest {
  /** Action name (e.g. `primes-python`) → how to create it. */
  readonly actions: Record<string, FunctionSpec>;
}

/** A manifest limit: the range the API accepts for it. */
const limitField = (key: keyof typeof LIMIT_RANGES) =>
  z.number().int().min(LIMIT_RANGES[key][0]).max(LIMIT_RANGES[key][1]).optional();

const specSchema = z.strictObject({
  kind: z.string().min(1),
  file: z.string().min(1),
  main: z.string().regex(IDENTIFIER_RE, 'must be an identifier').optional(),
  memory: limitField('memory'),
  timeout: limitField('timeout'),
  web: z.boolean().optional(),
  concurrency: limitField('concurrency'),
});
const manifestSchema = z.strictObject({
  actions: z.record(
    z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_@.-]*(\/[A-Za-z0-9_][A-Za-z0-9_@.-]*)?$/, 'is not a valid action name'),
    specSchema,
  ),
});

/** `functions/manifest.json` of this package. */
export function defaultManifestPath(): string {
  return join(findPackageRoot(), 'functions', 'manifest.json');
}

/** Reads `functions/manifest.json` (or the given one). */
export async function readFunctionManifest(path?: string): Promise<FunctionManifest> {
  const file = resolve(path ?? defaultManifestPath());
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UserError(
      `cannot read the function manifest ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new UserErrors(
      parsed.error.issues.map((i) => `${file}: ${i.path.map(String).join('.') || '(root)'}: ${i.message}`),
    );
  }
  return parsed.data;
}

export interface DeployTarget {
  readonly apihost: string;
  readonly auth: string;
  readonly insecure?: boolean;
}

/** The PUT body OpenWhisk expects for one manifest entry. */
export function actionPutBody(name: string, spec: FunctionSpec, code: Buffer): Record<string, unknown> {
  const text = code.toString('utf8');
  // Executables that are not text travel base64-encoded, as OpenWhisk expects binary code.
  const binary = spec.kind === 'native' && Buffer.compare(Buffer.from(text, 'utf8'), code) !== 0;
  const limits: Record<string, number> = {};
  if (spec.memory !== undefined) limits['memory'] = spec.memory;
  if (spec.timeout !== undefined) limits['timeout'] = spec.timeout;
  if (spec.concurrency !== undefined) limits['concurrency'] = spec.concurrency;
  return {
    namespace: '_',
    name,
    exec: {
      kind: spec.kind,
      code: binary ? code.toString('base64') : text,
      binary,
      ...(spec.main !== undefined ? { main: spec.main } : {}),
    },
    limits,
    parameters: [],
    annotations:
      spec.web === true
        ? [
            { key: 'web-export', value: true },
            { key: 'raw-http', value: false },
            { key: 'final', value: true },
          ]
        : [],
  };
}

/** One action to create or update: its name and the PUT body OpenWhisk expects. */
export interface ActionPut {
  readonly name: string;
  readonly body: Record<string, unknown>;
}

/** The code of a manifest entry (a UserError naming the manifest and the file when unreadable). */
export async function readActionCode(manifestFile: string, name: string, spec: FunctionSpec): Promise<Buffer> {
  const codePath = resolve(dirname(manifestFile), spec.file);
  try {
    return await readFile(codePath);
  } catch (err) {
    throw new UserError(
      `${manifestFile}: actions.${name}.file: cannot read ${codePath} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
}

/** Creates or updates actions, one PUT each, through an OpenWhisk-compatible REST API. */
export async function putActions(target: DeployTarget, actions: readonly ActionPut[]): Promise<void> {
  const base = normalizeApiHost(target.apihost);
  const dispatcher = new Agent({ connect: { rejectUnauthorized: target.insecure !== true } });
  const authorization = basicAuthHeader(target.auth);
  try {
    for (const { name, body } of actions) {
      const path = name.split('/').map(encodeURIComponent).join('/');
      let status: number;
      let text: string;
      try {
        const res = await request(`${base}/api/v1/namespaces/_/actions/${path}?overwrite=true`, {
          method: 'PUT',
          dispatcher,
          headers: { authorization, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        status = res.statusCode;
        text = await res.body.text();
      } catch (err) {
        throw new UserError(`deploying ${name}: cannot reach ${base} (${(err as Error).message})`);
      }
      if (status !== 200) {
        let message = text;
        try {
          message = String((JSON.parse(text) as { error?: unknown }).error ?? text);
        } catch {
          // not JSON: keep the text
        }
        throw new UserError(`deploying ${name} to ${base}: HTTP ${status}: ${message}`);
      }
    }
  } finally {
    await dispatcher.close();
  }
}

/**
 * Creates or updates the named actions from the manifest on an OpenWhisk-compatible API host.
 * An application the manifest does not have is a UserError naming it.
 */
export async function deployFunctions(
  target: DeployTarget,
  applications: readonly string[],
  manifestPath?: string,
): Promise<void> {
  const file = resolve(manifestPath ?? defaultManifestPath());
  const manifest = await readFunctionManifest(file);
  const names = [...new Set(applications)];
  const unknown = names.filter((n) => !Object.hasOwn(manifest.actions, n));
  if (unknown.length > 0) {
    throw new UserError(
      `unknown application${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}: not in ${file}; available: ${Object.keys(manifest.actions).sort().join(', ')}`,
    );
  }
  const actions: ActionPut[] = [];
  for (const name of names) {
    const spec = manifest.actions[name]!;
    actions.push({ name, body: actionPutBody(name, spec, await readActionCode(file, name, spec)) });
  }
  await putActions(target, actions);
}
