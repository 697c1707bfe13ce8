/**
 * Where the runtimes live and how a container process for each kind is started. The runner
 * scripts are plain .js/.py files under src/platform/runtimes/, found from the package root so
 * that both dist/ and src/ (tsx) builds use the same files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuntimeFamily } from '../action.js';

let packageRoot: string | null = null;

/** The folder holding this project's package.json (searched upwards from this module). */
export function findPackageRoot(): string {
  if (packageRoot !== null) return packageRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (
      existsSync(candidate) &&
      (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'faas-profiler'
    ) {
      packageRoot = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('whisk-local: cannot find the faas-profiler package root (package.json)');
    dir = parent;
  }
}

export function runnerPath(family: Exclude<RuntimeFamily, 'native'>): string {
  return join(
    findPackageRoot(),
    'src',
    'platform',
    'runtimes',
    family === 'nodejs' ? 'nodejs-runner.js' : 'python_runner.py',
  );
}

export interface ProcessCommand {
  readonly command: string;
  readonly args: readonly string[];
}

/** The long-lived process that runs actions of a nodejs or python kind. */
export function runtimeCommand(family: Exclude<RuntimeFamily, 'native'>, memoryMb: number): ProcessCommand {
  if (family === 'nodejs')
    return { command: process.execPath, args: [`--max-old-space-size=${memoryMb}`, runnerPath('nodejs')] };
  return { command: process.env['WHISK_LOCAL_PYTHON'] ?? 'python3', args: ['-B', runnerPath('python')] };
}

/** How the action's code file is named in its container folder. */
export function codeFileName(family: RuntimeFamily, code: string): string {
  if (family === 'python') return 'action.py';
  if (family === 'native') return 'exec';
  // ES module syntax needs import(); plain scripts (OpenWhisk's usual `function main`) are CommonJS.
  return /^\s*(export\s|import\s[\s\S]*?from\s)/m.test(code) ? 'action.mjs' : 'action.cjs';
}

/**
 * The file contents for the code. CommonJS nodejs code gets a trailer exporting the entry
 * function, so that a top-level `function main` works without `exports.main` (as in OpenWhisk).
 */
export function codeFileContents(
  family: RuntimeFamily,
  code: string,
  binary: boolean,
  main: string,
  fileName: string,
): string | Buffer {
  if (family === 'native') return binary ? Buffer.from(code, 'base64') : code;
  if (fileName === 'action.cjs') {
    return `${code}\n;try { if (typeof ${main} === 'function') module.exports.__ow_entry = ${main}; } catch (e) { /* not a global */ }\n`;
  }
  return code;
}

/** Environment of container processes: minimal, without the platform's own settings (NODE_OPTIONS etc.). */
export function containerEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'PYTHONPATH', 'NODE_PATH']) {
    const v = process.env[key];
    if (v !== undefined) env[key] = v;
  }
  env['PYTHONUNBUFFERED'] = '1';
  return env;
}
