/**
 * Shared pieces of the workload-analyzer integration tests: OpenWhisk's sample records as
 * stored documents, run metadata files, and the real CLI as a subprocess (from dist/).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunMetadata } from '../../src/contracts/index.js';
import type { StoredActivation } from '../../src/platform/store/index.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ANALYZER = join(REPO, 'bin', 'workload-analyzer.js');
export const PASSWORD = 'some_passw0rd';

/** Environment overrides so the analyzer sees none of the developer's own store or OpenWhisk settings. */
export const CLEAN_ANALYZER_ENV = {
  COUCHDB_URL: '',
  COUCHDB_USER: '',
  COUCHDB_PASSWORD: '',
  ACTIVATIONS_DB: '',
  WHISK_APIHOST: '',
  WHISK_AUTH: '',
  WSK_CONFIG_FILE: '',
};

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real CLI asynchronously (the store under test lives in this process and must keep answering). */
export function runAnalyzer(
  args: readonly string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<CliResult> {
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      [ANALYZER, ...args],
      { cwd: opts.cwd, env: { ...process.env, ...opts.env }, maxBuffer: 256 * 2 ** 20 },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 1
          : 0;
        resolvePromise({ code, stdout, stderr });
      },
    );
  });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `wa-${prefix}-`));
}

/** FaaSProfiler's three-line metadata, plus our JSON when given; returns the .out path. */
export function writeMetadata(
  dir: string,
  startMs: number,
  configPath: string,
  invocations: number,
  json?: Partial<RunMetadata>,
): string {
  mkdirSync(dir, { recursive: true });
  const out = join(dir, 'test_metadata.out');
  writeFileSync(out, `${startMs}\n${configPath}\n${invocations}\n`);
  if (json) {
    const full: RunMetadata = {
      format: 'faas-profiler-run',
      version: 1,
      tool_version: 'test',
      test_name: 'test',
      config_path: configPath,
      start_ms: startMs,
      end_ms: 0,
      duration_s: 0,
      seed: 1,
      endpoint: 'local_openwhisk',
      transport: 'http',
      api_host: null,
      namespace: 'guest',
      blocking: false,
      invocations,
      records_path: 'invocations.ndjson',
      interrupted: false,
      activation_store: null,
      monitoring: [],
      ...json,
    };
    writeFileSync(join(dir, 'test_metadata.json'), JSON.stringify(full));
  }
  return out;
}

/**
 * Reference doc §1.6 sample 1 as CouchDB stores it (sample 1b): the serialized record plus
 * `_id`, `entityType` and `updated`.
 */
export function sample1Doc(): StoredActivation {
  return {
    _id: 'ns/be97c2fed5dc43d097c2fed5dc73d085',
    entityType: 'activation',
    updated: 1570013740010,
    activationId: 'be97c2fed5dc43d097c2fed5dc73d085',
    namespace: 'ns',
    name: 'a',
    subject: 'anon-HfJWZZSG9YE38Y8DJbgp9Xn0YyN',
    version: '0.0.1',
    publish: false,
    start: 1570013740005,
    end: 1570013740007,
    duration: 123,
    response: { statusCode: 0, result: { res: 1 } },
    logs: [],
    annotations: [
      { key: 'causedBy', value: 'sequence' },
      { key: 'path', value: 'ns2/a' },
      { key: 'waitTime', value: 5 },
      { key: 'kind', value: 'testkind' },
      { key: 'limits', value: { concurrency: 1, logs: 1, memory: 128, timeout: 1000 } },
      { key: 'initTime', value: 10 },
    ],
  };
}

/** Sample 4 (a cold Java activation captured from the CLI) in its stored shape: statusCode in `response`. */
export function sample4Doc(): StoredActivation {
  return {
    _id: '[youremail]@mail.com_dev/c51e11cf3bad42a39e11cf3badb2a3a3',
    entityType: 'activation',
    updated: 1568061913490,
    namespace: '[youremail]@mail.com_dev',
    name: 'helloJava',
    version: '0.0.1',
    subject: '[youremail]@mail.com',
    activationId: 'c51e11cf3bad42a39e11cf3badb2a3a3',
    start: 1568061913141,
    end: 1568061913482,
    duration: 341,
    publish: false,
    response: { statusCode: 0, result: { greetings: 'Hello! Welcome to OpenWhisk' } },
    logs: ['2019-09-09T20:45:13.478869Z    stderr: Sep 09, 2019 8:45:13 PM com.example.FunctionApp main'],
    annotations: [
      { key: 'path', value: '[youremail]@mail.com_dev/helloJava' },
      { key: 'waitTime', value: 514 },
      { key: 'kind', value: 'java:8' },
      { key: 'timeout', value: false },
      { key: 'limits', value: { concurrency: 1, logs: 10, memory: 256, timeout: 60000 } },
      { key: 'initTime', value: 308 },
    ],
  };
}
