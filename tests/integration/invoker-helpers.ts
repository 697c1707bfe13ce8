/**
 * Shared pieces of the invoker integration tests: a recording loopback HTTP(S) server, temp
 * configs, and the real CLI as a subprocess (from dist/: `npm test` builds first).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { after } from 'node:test';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InvocationRecord } from '../../src/contracts/index.js';
import type { RunMetadata } from '../../src/contracts/index.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const INVOKER = join(REPO, 'bin', 'workload-invoker.js');
export const FAKE_WSK = join(REPO, 'tests', 'fixtures', 'fake-wsk', 'wsk');

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

export interface RecordingServer {
  readonly origin: string;
  readonly requests: SeenRequest[];
  /** Requests being handled right now, and the most ever at once. */
  readonly concurrency: { now: number; max: number };
  close(): Promise<void>;
}

export type Handler = (req: SeenRequest, res: ServerResponse) => void;

/** A list for the file's recording servers; every one in it is closed once the file's tests end. */
export function serversClosedAfterTests(): RecordingServer[] {
  const servers: RecordingServer[] = [];
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  return servers;
}

/** A loopback server that records every request (body included) before `handler` answers it. */
export async function startRecordingServer(
  handler: Handler,
  tls?: { key: string; cert: string },
): Promise<RecordingServer> {
  const requests: SeenRequest[] = [];
  const concurrency = { now: 0, max: 0 };
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    concurrency.now++;
    concurrency.max = Math.max(concurrency.max, concurrency.now);
    res.on('close', () => concurrency.now--);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(seen);
      handler(seen, res);
    });
  };
  const server: Server = tls ? createHttpsServer(tls, onRequest) : createHttpServer(onRequest);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    origin: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    concurrency,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `${prefix}-`));
}

/** A self-signed certificate for 127.0.0.1, made with openssl; null when openssl is absent. */
export function selfSignedCert(dir: string): { key: string; cert: string } | null {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  const r = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  if (r.status !== 0 || !existsSync(cert)) return null;
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
}

/** A FaaSProfiler-format workload in `dir`; `instances` as in the JSON. */
export function writeConfig(dir: string, fields: Record<string, unknown>, instances: Record<string, unknown>): string {
  const path = join(dir, 'workload.json');
  const config = {
    test_name: 'invoker_test',
    test_duration_in_seconds: 1,
    random_seed: 7,
    blocking_cli: false,
    ...fields,
    instances,
    perf_monitoring: { runtime_script: null, post_script: null },
  };
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

/**
 * A generic-endpoint workload in a new temp dir (prefix `prefix`): one Uniform instance at
 * `rate`/s for `durationS` against a loopback target that `handler` answers; the target joins
 * `servers` (closed after the file's tests).
 */
export async function genericWorkload(
  servers: RecordingServer[],
  prefix: string,
  opts: { readonly durationS: number; readonly rate: number; readonly handler: Handler },
): Promise<{ server: RecordingServer; dir: string; config: string }> {
  const server = await startRecordingServer(opts.handler);
  servers.push(server);
  const dir = tempDir(prefix);
  const config = writeConfig(
    dir,
    { endpoint: 'generic', test_duration_in_seconds: opts.durationS },
    { a: { application: 'a', url: `${server.origin}/a`, distribution: 'Uniform', rate: opts.rate } },
  );
  return { server, dir, config };
}

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Environment for a CLI run that never sees the developer's own OpenWhisk settings. */
export function isolatedEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: home, CI: '1', ...extra };
  return env;
}

/**
 * Starts the real invoker CLI; `onStdout`/`child` let a test signal it mid-run. Unless
 * `strictVerdict`, the run gets `--allow-late`: on a busy test machine a few sends can be late, and
 * tests that are not about the schedule verdict must not fail on it (invoker-verdict.test.ts is).
 */
export function spawnInvoker(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  opts: { readonly strictVerdict?: boolean } = {},
): { child: ChildProcess; done: Promise<CliResult> } {
  const argv = [INVOKER, ...args, ...(opts.strictVerdict ? [] : ['--allow-late'])];
  const child = spawn(process.execPath, argv, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<CliResult>((r) => child.on('close', (code, signal) => r({ code, signal, stdout, stderr })));
  return { child, done };
}

export function runInvoker(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  opts: { readonly strictVerdict?: boolean } = {},
): Promise<CliResult> {
  return spawnInvoker(args, env, cwd, opts).done;
}

export function readRecords(logsDir: string): InvocationRecord[] {
  return readFileSync(join(logsDir, 'invocations.ndjson'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as InvocationRecord);
}

export function readMetadata(logsDir: string): { out: string[]; json: RunMetadata } {
  return {
    out: readFileSync(join(logsDir, 'test_metadata.out'), 'utf8').split('\n'),
    json: JSON.parse(readFileSync(join(logsDir, 'test_metadata.json'), 'utf8')) as RunMetadata,
  };
}

/** Every seq 0..n-1 exactly once. */
export function seqsExactlyOnce(records: readonly InvocationRecord[], n: number): boolean {
  const seqs = records.map((r) => r.seq).sort((a, b) => a - b);
  return seqs.length === n && seqs.every((s, i) => s === i);
}
