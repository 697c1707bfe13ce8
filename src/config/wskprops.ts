import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';

/**
 * OpenWhisk API host and auth key resolution, as the `wsk` CLI does it (reference doc §4.3):
 * flags, then `WHISK_APIHOST`/`WHISK_AUTH`, then the props file (`WSK_CONFIG_FILE`, else
 * `~/.wskprops`). Each value is resolved on its own, so the host may come from a flag and the key
 * from the file. The key is never part of an error message.
 */
export interface WhiskCredentials {
  /** With scheme, no trailing slash, e.g. `https://172.17.0.1`. */
  readonly apihost: string;
  /** `uuid:key` */
  readonly auth: string;
}

export interface CredentialSources {
  readonly apihost?: string | undefined;
  readonly auth?: string | undefined;
  readonly env?: NodeJS.ProcessEnv;
  /** Home folder for `~/.wskprops` (tests). */
  readonly home?: string;
}

/** `KEY=VALUE` lines; `#` starts a comment; lines that do not split into exactly two parts are skipped. */
export function parseWskProps(text: string): Map<string, string> {
  const props = new Map<string, string>();
  for (const rawLine of text.split(/\r?\n/)) {
    const hash = rawLine.indexOf('#');
    const line = (hash >= 0 ? rawLine.slice(0, hash) : rawLine).trim();
    if (line === '') continue;
    const parts = line.split('=');
    if (parts.length !== 2) continue;
    props.set(parts[0]!.trim().toUpperCase(), parts[1]!.trim());
  }
  return props;
}

/** The HTTP Basic `authorization` header value for an OpenWhisk auth key (`uuid:key`). */
export function basicAuthHeader(auth: string): string {
  return `Basic ${Buffer.from(auth).toString('base64')}`;
}

/** `host:443/` → `https://host:443`; a host with a scheme keeps it. */
export function normalizeApiHost(host: string): string {
  const trimmed = host.trim().replace(/\/+$/, '');
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
}

/** Where the props file is, and whether it is consulted at all (`WSK_CONFIG_FILE=""` disables it). */
function wskPropsPath(env: NodeJS.ProcessEnv, home: string): { path: string | null; describe: string } {
  const configured = env['WSK_CONFIG_FILE'];
  if (configured !== undefined) {
    return configured === ''
      ? { path: null, describe: 'WSK_CONFIG_FILE (set but empty)' }
      : { path: configured, describe: `WSK_CONFIG_FILE (${configured})` };
  }
  const path = join(home, '.wskprops');
  return { path, describe: `~/.wskprops (${path})` };
}

async function readProps(path: string | null): Promise<Map<string, string>> {
  if (path === null) return new Map();
  try {
    return parseWskProps(await readFile(path, 'utf8'));
  } catch {
    // The CLI treats an unreadable props file as empty.
    return new Map();
  }
}

function nonEmpty(v: string | undefined): string | undefined {
  return v !== undefined && v.trim() !== '' ? v.trim() : undefined;
}

/**
 * Resolves each value without failing: `undefined` where nothing was found. Used where the
 * credentials are optional (the CLI transport lets `wsk` find its own; metadata wants the host).
 */
export async function lookupWhiskCredentials(
  src: CredentialSources,
): Promise<{ apihost?: string; auth?: string; looked: string }> {
  const env = src.env ?? process.env;
  const where = wskPropsPath(env, src.home ?? homedir());
  let apihost = nonEmpty(src.apihost) ?? nonEmpty(env['WHISK_APIHOST']);
  let auth = nonEmpty(src.auth) ?? nonEmpty(env['WHISK_AUTH']);
  if (apihost === undefined || auth === undefined) {
    const props = await readProps(where.path);
    apihost ??= nonEmpty(props.get('APIHOST'));
    auth ??= nonEmpty(props.get('AUTH'));
  }
  const looked = `--apihost/--auth, WHISK_APIHOST/WHISK_AUTH, ${where.describe}`;
  return {
    ...(apihost !== undefined ? { apihost: normalizeApiHost(apihost) } : {}),
    ...(auth !== undefined ? { auth } : {}),
    looked,
  };
}

/** Both values, or one UserError line naming every place looked at. */
export async function resolveWhiskCredentials(src: CredentialSources): Promise<WhiskCredentials> {
  const { apihost, auth, looked } = await lookupWhiskCredentials(src);
  if (apihost === undefined || auth === undefined) {
    const missing = [apihost === undefined ? 'API host' : null, auth === undefined ? 'auth key' : null].filter(
      (m) => m !== null,
    );
    throw new UserError(`no OpenWhisk ${missing.join(' or ')} found; looked at ${looked}`);
  }
  return { apihost, auth };
}
