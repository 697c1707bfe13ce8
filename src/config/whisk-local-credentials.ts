/**
 * `<data dir>/credentials.json`: everything a client needs to reach a whisk-local (API URL and
 * key, activation store URL with its user and password), written by whisk-local (0600) and read
 * by the invoker and the analyzer (`--whisk-local DIR`) so nobody copies keys by hand.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { writePrivateFile } from '../private-file.js';
import { isJsonObject } from './json-text.js';

export const CREDENTIALS_FILE = 'credentials.json';
/** The data dir a standalone `whisk-local` uses unless told otherwise. */
export const DEFAULT_WHISK_LOCAL_DIR = '.whisk-local';

export interface WhiskLocalCredentials {
  /** e.g. `http://127.0.0.1:3233` */
  readonly api_url: string;
  /** The API key `uuid:key`. */
  readonly auth: string;
  readonly namespace: string;
  /** The activation store's URL with user and password in it. */
  readonly db_url: string;
  readonly db_name: string;
}

const FIELDS = ['api_url', 'auth', 'namespace', 'db_url', 'db_name'] as const;

/** Writes the file readable by the owner only (an existing file is narrowed too) and returns its path. */
export async function writeWhiskLocalCredentials(dir: string, creds: WhiskLocalCredentials): Promise<string> {
  const path = join(dir, CREDENTIALS_FILE);
  const body: Record<string, string> = {};
  for (const f of FIELDS) body[f] = creds[f];
  await writePrivateFile(path, `${JSON.stringify(body, null, 2)}\n`);
  return path;
}

/** Validates the file's text: one UserError line naming the file and the first bad field. */
export function parseWhiskLocalCredentials(text: string, file: string): WhiskLocalCredentials {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UserError(`${file}: not valid JSON (delete it and restart whisk-local to make a new one)`);
  }
  if (!isJsonObject(value)) throw new UserError(`${file}: expected a JSON object with ${FIELDS.join(', ')}`);
  for (const f of FIELDS) {
    const v = value[f];
    if (typeof v !== 'string' || v === '') throw new UserError(`${file}: field "${f}" must be a non-empty string`);
  }
  for (const f of ['api_url', 'db_url'] as const) {
    if (!URL.canParse(value[f] as string)) throw new UserError(`${file}: field "${f}" is not a URL`);
  }
  return Object.fromEntries(FIELDS.map((f) => [f, value[f] as string])) as unknown as WhiskLocalCredentials;
}

/**
 * The credentials of the whisk-local whose data dir is `dirOrFile` (or the file itself). A missing
 * file says where it was looked for.
 */
export async function readWhiskLocalCredentials(dirOrFile: string): Promise<WhiskLocalCredentials> {
  const isDir = await stat(dirOrFile).then(
    (s) => s.isDirectory(),
    () => !dirOrFile.endsWith('.json'),
  );
  const file = isDir ? join(dirOrFile, CREDENTIALS_FILE) : dirOrFile;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new UserError(`${file}: no whisk-local credentials (start whisk-local with --data-dir ${dirOrFile} first)`);
    throw new UserError(`${file}: cannot read whisk-local credentials (${code ?? (err as Error).message})`);
  }
  return parseWhiskLocalCredentials(text, file);
}

/** The saved API key and store password of a data dir, if it has a valid credentials file. */
export async function savedWhiskLocalSecrets(dir: string): Promise<{ auth: string; dbPassword: string } | null> {
  const file = join(dir, CREDENTIALS_FILE);
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  const creds = parseWhiskLocalCredentials(text, file);
  return { auth: creds.auth, dbPassword: decodeURIComponent(new URL(creds.db_url).password) };
}
