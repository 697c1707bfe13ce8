/**
 * What can go wrong before the first invocation is found before it: the transport does not fit
 * the endpoint, `wsk` is not there, a param/data file cannot be read or parsed, a generic url is
 * not an http(s) URL — all of which the dry run checks too — and, for a real run, no connection
 * to the target opens at all. Each is a UserError (exit 2) naming the input.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import { connect as netConnect, isIP } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { EndpointName, Workload } from '../config/types.js';
import { UserError, UserErrors } from '../errors.js';
import { checkInstanceFiles } from './prepare.js';

/** How long the reachability check waits for the target to answer anything. */
const REACH_TIMEOUT_MS = 5000;

/** Why `transport` cannot reach `endpoint`, or null when it can. */
function endpointTransportProblem(endpoint: EndpointName, transport: 'http' | 'cli'): string | null {
  if (transport !== 'cli') return null;
  if (endpoint === 'generic')
    return 'endpoint "generic" posts to each instance\'s url over HTTP; --transport cli / "transport": "cli" applies to OpenWhisk endpoints only';
  if (endpoint === 'embedded')
    return 'endpoint "embedded" is reached over its REST API; --transport cli / "transport": "cli" cannot be used with it';
  return null;
}

/** The executable `command` names (a path, or a name looked up on PATH), or null when there is none. */
async function findExecutable(command: string, pathVar = process.env['PATH'] ?? ''): Promise<string | null> {
  const candidates =
    isAbsolute(command) || command.includes('/')
      ? [command]
      : pathVar
          .split(delimiter)
          .filter((d) => d !== '')
          .map((d) => join(d, command));
  for (const c of candidates) {
    try {
      await access(c, constants.X_OK);
      return c;
    } catch {
      // next candidate
    }
  }
  return null;
}

/** Generic endpoints: every instance's url must be an http(s) URL. */
function urlProblems(workload: Workload): string[] {
  if (workload.endpoint !== 'generic') return [];
  return workload.instances.flatMap((inst) => {
    if (inst.url === null) return [`instances.${inst.name}.url: required for the generic endpoint`];
    try {
      const u = new URL(inst.url);
      if (u.protocol === 'http:' || u.protocol === 'https:') return [];
    } catch {
      // reported below
    }
    return [`instances.${inst.name}.url: "${inst.url}" is not an http(s) URL`];
  });
}

/**
 * Everything the dry run can know: transport and endpoint fit, `wsk` exists (cli), generic urls
 * are URLs, and every param/data file reads (and parses, for param files).
 */
export async function checkBeforeRun(
  workload: Workload,
  opts: { transport: 'http' | 'cli'; wskPath: string },
): Promise<void> {
  const mismatch = endpointTransportProblem(workload.endpoint, opts.transport);
  if (mismatch !== null) throw new UserError(mismatch);
  if (opts.transport === 'cli' && (await findExecutable(opts.wskPath)) === null) {
    throw new UserError(
      `the wsk CLI "${opts.wskPath}" is not an executable file${opts.wskPath.includes('/') ? '' : ' on PATH'}: install it, or name it with --wsk PATH`,
    );
  }
  const urls = urlProblems(workload);
  if (urls.length > 0) throw new UserErrors(urls);
  if (workload.endpoint === 'embedded') await checkEmbeddedApplications(workload);
  // Reads and parses every param/data file once, as the run will (nothing is sent).
  if (opts.transport === 'http' && workload.endpoint !== 'generic') await checkInstanceFiles(workload);
}

/**
 * The embedded platform deploys the sample functions the workload names (functions/manifest.json)
 * and one action per sampled trace function: any other application is an error before the run.
 */
async function checkEmbeddedApplications(workload: Workload): Promise<void> {
  // Loaded only here: the platform is heavy to import.
  const { readFunctionManifest } = await import('../platform/index.js');
  const manifest = await readFunctionManifest();
  const unknown = [
    ...new Set(workload.instances.filter((i) => i.traceFunction === undefined).map((i) => i.application)),
  ].filter((name) => !Object.hasOwn(manifest.actions, name));
  if (unknown.length > 0) {
    throw new UserError(
      `the embedded endpoint has no function ${unknown.map((n) => `"${n}"`).join(', ')}; its functions (functions/manifest.json): ${Object.keys(manifest.actions).sort().join(', ')}`,
    );
  }
}

/**
 * Null when a connection to `origin` opens within 5 s (with a verified TLS handshake for https,
 * unless `insecure`), else why not, in one line. Nothing is sent over it: the target sees no
 * request that is not in the schedule.
 */
async function unreachable(origin: string, insecure: boolean): Promise<string | null> {
  const url = new URL(origin);
  const https = url.protocol === 'https:';
  const port = Number(url.port || (https ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = https
      ? tlsConnect({ host, port, servername: isIP(host) ? undefined : host, rejectUnauthorized: !insecure })
      : netConnect({ host, port });
    const done = (why: string | null): void => {
      socket.destroy();
      resolve(why);
    };
    socket.setTimeout(REACH_TIMEOUT_MS, () => done(`no connection within ${REACH_TIMEOUT_MS / 1000} s`));
    socket.once(https ? 'secureConnect' : 'connect', () => done(null));
    socket.once('error', (err: Error) => done(err.message));
  });
}

/** A real run's target must answer before the test starts: each distinct origin is tried once. */
export async function checkReachable(origins: readonly string[], insecure: boolean): Promise<void> {
  const problems = (
    await Promise.all(
      [...new Set(origins)].map(async (o) => {
        const why = await unreachable(o, insecure);
        if (why === null) return null;
        const hint = !insecure && /certificate/i.test(why) ? ' (-i skips TLS verification)' : '';
        return `cannot reach ${o} before the test: ${why}${hint}`;
      }),
    )
  ).filter((p): p is string => p !== null);
  if (problems.length > 0) throw new UserErrors(problems);
}
