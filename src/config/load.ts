import type { Workload } from './types.js';

/**
 * Reads and validates a FaaSProfiler-format workload JSON file. Throws `UserErrors` with one line
 * per problem (JSON path + what was expected). Relative file paths resolve against the config
 * file's folder, then `cwd`.
 */
export async function loadWorkload(path: string, opts: { cwd?: string } = {}): Promise<Workload> {
  void path;
  void opts;
  throw new Error('loadWorkload: not implemented yet');
}
