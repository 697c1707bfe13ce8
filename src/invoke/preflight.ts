import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import type { EndpointName, TransportName } from '../config/types.js';
import { UserError } from '../errors.js';

/**
 * Checks a run can make before its first invocation, shared by `--dry-run` and the real run so
 * both reject the same combinations.
 */

/** Why this endpoint cannot be reached over this transport, or null when it can. */
export function transportEndpointProblem(endpoint: EndpointName, transport: TransportName): string | null {
  if (transport !== 'cli') return null;
  if (endpoint === 'generic')
    return 'endpoint "generic" posts to each instance\'s url over HTTP; --transport cli / "transport": "cli" applies to OpenWhisk endpoints only';
  if (endpoint === 'embedded')
    return 'endpoint "embedded" is reached over its REST API; --transport cli / "transport": "cli" cannot be used with it';
  return null;
}

/** The executable `command` names (a path, or a name looked up on PATH), or null when there is none. */
export async function findExecutable(command: string, pathVar = process.env.PATH ?? ''): Promise<string | null> {
  const candidates =
    isAbsolute(command) || command.includes('/')
      ? [command]
      : pathVar
          .split(delimiter)
          .filter((dir) => dir !== '')
          .map((dir) => join(dir, command));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; try the next folder
    }
  }
  return null;
}

/** Throws one UserError line when the transport cannot work with this endpoint or `wsk` is missing. */
export async function checkTransport(endpoint: EndpointName, transport: TransportName, wskPath: string): Promise<void> {
  const problem = transportEndpointProblem(endpoint, transport);
  if (problem !== null) throw new UserError(problem);
  if (transport === 'cli' && (await findExecutable(wskPath)) === null)
    throw new UserError(
      `--transport cli needs the wsk binary: "${wskPath}" is not an executable file nor on PATH (--wsk PATH)`,
    );
}
