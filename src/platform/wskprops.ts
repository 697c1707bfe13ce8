import { join } from 'node:path';
import { writePrivateFile } from '../private-file.js';

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
  await writePrivateFile(path, formatWskprops(props));
  return path;
}
