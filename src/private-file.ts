/** Files that hold a credential (API key, store password): readable by their owner only. */
import { chmod, writeFile } from 'node:fs/promises';

/** Writes `text` to `path` with mode 0600; an existing file, which writeFile leaves at its old mode, is narrowed too. */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  await writeFile(path, text, { mode: 0o600 });
  await chmod(path, 0o600);
}
