import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** `.wskprops` format (reference doc §4.3): one upper-case `KEY=VALUE` per line. */
export function formatWskprops(props: { apihost: string; auth: string; namespace: string }): string {
  return `APIHOST=${props.apihost}\nAUTH=${props.auth}\nNAMESPACE=${props.namespace}\n`;
}

/** Writes `<dataDir>/.wskprops` (owner-readable only: it holds the key) and returns its path. */
export async function writeWskprops(
  dataDir: string,
  props: { apihost: string; auth: string; namespace: string },
): Promise<string> {
  const path = join(dataDir, '.wskprops');
  await writeFile(path, formatWskprops(props), { mode: 0o600 });
  await chmod(path, 0o600); // a file from an older version keeps its mode on writeFile
  return path;
}
