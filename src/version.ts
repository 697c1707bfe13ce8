import { readFileSync } from 'node:fs';

/** This tool's version, from its package.json ('unknown' if that cannot be read). */
export function toolVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
