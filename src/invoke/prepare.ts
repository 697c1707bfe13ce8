import { readFile } from 'node:fs/promises';
import { UserError, UserErrors } from '../errors.js';
import type { Workload } from '../config/types.js';
import { genericRequest } from './transports/generic-http.js';
import { actionInvokeRequest } from './transports/openwhisk-http.js';
import type { PreparedRequest, TransportSpec } from './transports/types.js';
import { webActionRequest } from './transports/web-action.js';
import { wskInvokeArgs } from './transports/wsk-cli.js';

/** Where OpenWhisk is, for the HTTP transports (null for generic endpoints). */
export interface OpenWhiskTarget {
  readonly apihost: string;
  readonly auth: string;
  readonly namespace: string;
}

async function readOnce(cache: Map<string, Promise<Buffer>>, path: string, what: string): Promise<Buffer> {
  let p = cache.get(path);
  if (p === undefined) {
    p = readFile(path).catch((err: NodeJS.ErrnoException) => {
      throw new UserError(`${what} ${path}: cannot read it (${err.code ?? err.message})`);
    });
    cache.set(path, p);
  }
  return p;
}

async function jsonBody(
  cache: Map<string, Promise<Buffer>>,
  paramFile: string | null,
  instance: string,
): Promise<Uint8Array> {
  if (paramFile === null) return Buffer.from('{}');
  const bytes = await readOnce(cache, paramFile, `instances.${instance}.param_file`);
  try {
    JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new UserError(`instances.${instance}.param_file ${paramFile}: not valid JSON (${(err as Error).message})`);
  }
  return bytes;
}

/**
 * Reads every param/data file once and parses the param files, as `prepareHttpRequests` will:
 * the check the dry run makes without a target.
 */
export async function checkInstanceFiles(workload: Workload): Promise<void> {
  const cache = new Map<string, Promise<Buffer>>();
  await Promise.all(
    workload.instances.map((inst) =>
      inst.dataFile !== null
        ? readOnce(cache, inst.dataFile, `instances.${inst.name}.data_file`)
        : jsonBody(cache, inst.paramFile, inst.name),
    ),
  );
}

/**
 * Builds one request per instance, reading every param/data file once before the run (a file
 * that cannot be read or parsed is a UserError naming the instance and the file).
 */
export async function prepareHttpRequests(
  workload: Workload,
  target: OpenWhiskTarget | null,
): Promise<PreparedRequest[]> {
  const cache = new Map<string, Promise<Buffer>>();
  const problems: string[] = [];
  const requests = await Promise.all(
    workload.instances.map(async (inst): Promise<PreparedRequest | null> => {
      if (workload.endpoint === 'generic') {
        if (inst.url === null) {
          problems.push(`instances.${inst.name}.url: required for the generic endpoint`);
          return null;
        }
        return genericRequest(inst.url, inst.data);
      }
      if (target === null) throw new Error('an OpenWhisk target is required for this endpoint');
      if (inst.dataFile !== null) {
        const data = await readOnce(cache, inst.dataFile, `instances.${inst.name}.data_file`);
        return webActionRequest({
          apihost: target.apihost,
          namespace: target.namespace,
          application: inst.application,
          dataFile: inst.dataFile,
          data,
        });
      }
      const body = await jsonBody(cache, inst.paramFile, inst.name);
      return actionInvokeRequest({
        apihost: target.apihost,
        auth: target.auth,
        namespace: target.namespace,
        application: inst.application,
        blocking: workload.blocking,
        body,
      });
    }),
  );
  if (problems.length > 0) throw new UserErrors(problems);
  return requests as PreparedRequest[];
}

export interface SpecOptions {
  readonly transport: 'http' | 'cli';
  readonly insecure: boolean;
  readonly timeoutMs: number;
  /** Sockets per origin per worker; null = as many as requests in flight. */
  readonly connections: number | null;
  /** A worker's share of the workload's mean rate, invocations/s (sizes the sockets opened before the test). */
  readonly ratePerWorker: number;
  readonly wskPath: string;
  /** Passed to `wsk` only when the user gave them as flags. */
  readonly flagApihost?: string | undefined;
  readonly flagAuth?: string | undefined;
}

/** The plain-data description of the transport the workers build. */
export async function buildTransportSpec(
  workload: Workload,
  target: OpenWhiskTarget | null,
  opts: SpecOptions,
): Promise<TransportSpec> {
  if (opts.transport === 'cli') {
    const binary = workload.instances.filter((inst) => inst.dataFile !== null);
    if (binary.length > 0) {
      throw new UserErrors(
        binary.map(
          (inst) =>
            `instances.${inst.name}.data_file: binary data goes to a web action over HTTP; not possible with the cli transport`,
        ),
      );
    }
    const argv = workload.instances.map((inst) =>
      wskInvokeArgs({
        application: inst.application,
        blocking: workload.blocking,
        paramFile: inst.paramFile,
        insecure: opts.insecure,
        apihost: opts.flagApihost,
        auth: opts.flagAuth,
      }),
    );
    return { kind: 'cli', wskPath: opts.wskPath, argv, timeoutMs: opts.timeoutMs };
  }
  return {
    kind: 'http',
    flavour: workload.endpoint === 'generic' ? 'generic' : 'openwhisk',
    requests: await prepareHttpRequests(workload, target),
    insecure: opts.insecure,
    timeoutMs: opts.timeoutMs,
    connections: opts.connections,
    preconnect: preconnectSockets(opts.ratePerWorker, opts.connections),
  };
}

/** Bounds of the sockets opened to each origin before the test. */
const MIN_PRECONNECT = 8;
const MAX_PRECONNECT = 128;

/**
 * Sockets to open per origin before the test: a quarter of a second's worth of requests at
 * ~128 µs each (rate / 40), within 8–128, never more than `--connections`. While a target's
 * first answers are slow, an unbounded pool otherwise opens a connection per request (a sink
 * counted 50–300 in the first second at 5,000/s), and each connect delays its request; with
 * enough sockets ready, none was opened during the run and p99 send lag fell from 2–3.5 ms to
 * 0.55–1.5 ms.
 */
export function preconnectSockets(ratePerWorker: number, connections: number | null): number {
  const wanted = Math.min(MAX_PRECONNECT, Math.max(MIN_PRECONNECT, Math.ceil(ratePerWorker / 40)));
  return connections === null ? wanted : Math.min(connections, wanted);
}
