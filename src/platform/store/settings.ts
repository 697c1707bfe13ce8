import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isJsonObject } from '../../config/json-text.js';
import { UserError, UserErrors } from '../../errors.js';
import { writePrivateFile } from '../../private-file.js';

/** OpenWhisk's local-deployment defaults (ansible `db_local.ini.j2`, `db_prefix: whisk_local_`). */
export const DEFAULT_DB_NAME = 'whisk_local_activations';
export const DEFAULT_USER = 'whisk_admin';
export const DEFAULT_PASSWORD = 'some_passw0rd';
/** The port whisk-local gives the store by default (CouchDB's). */
export const DEFAULT_STORE_PORT = 5984;

export const SETTINGS_FILE = 'store.json';
/** Folder under the data dir holding the LevelDB databases. */
export const DB_FOLDER = 'db';

/** The store's settings file in a data dir (credentials the analyzer needs to reopen it). */
export interface StoreSettings {
  readonly dbName: string;
  readonly user: string;
  readonly password: string;
}

/** Writes `<dataDir>/store.json`, readable by the owner only (it holds the password). */
export async function writeStoreSettings(dataDir: string, settings: StoreSettings): Promise<void> {
  const file = join(dataDir, SETTINGS_FILE);
  const body = { dbName: settings.dbName, user: settings.user, password: settings.password };
  await writePrivateFile(file, `${JSON.stringify(body, null, 2)}\n`);
}

/** Reads `<dataDir>/store.json`, written by `startActivationStore` for on-disk stores. */
export async function readStoreSettings(dataDir: string): Promise<StoreSettings> {
  const file = join(dataDir, SETTINGS_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UserError(`${file}: no activation store settings (is ${dataDir} a whisk-local data dir?)`);
    }
    throw new UserError(`${file}: cannot read (${(err as Error).message})`);
  }
  return parseStoreSettings(text, file);
}

/** Validates the settings file's text; every problem names the file and the field. */
export function parseStoreSettings(text: string, file: string): StoreSettings {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UserError(`${file}: not valid JSON`);
  }
  if (!isJsonObject(value)) throw new UserError(`${file}: expected a JSON object with dbName, user and password`);
  const record = value;
  const problems: string[] = [];
  for (const field of ['dbName', 'user', 'password'] as const) {
    const v = record[field];
    if (typeof v !== 'string' || v.length === 0) problems.push(`${file}: field "${field}" must be a non-empty string`);
  }
  if (problems.length > 0) throw new UserErrors(problems);
  return { dbName: record.dbName as string, user: record.user as string, password: record.password as string };
}
