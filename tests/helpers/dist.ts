import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Builds dist/ when one of the named CLIs (`workload-invoker`, ...) is missing from it, so that a
 * test file run on its own works; `npm test` builds first.
 */
export async function ensureBuilt(...programs: string[]): Promise<void> {
  const built = () => programs.every((p) => existsSync(join(ROOT, 'dist', 'cli', `${p}.js`)));
  if (built()) return;
  await new Promise<void>((resolve, reject) =>
    execFile(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')],
      { cwd: ROOT },
      () => (built() ? resolve() : reject(new Error('build failed'))),
    ),
  );
}
