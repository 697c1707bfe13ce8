import { classifyStatus } from './http.js';
import { execa } from 'execa';
import type { SendResult, Transport } from './types.js';

/**
 * `wsk action invoke NAME [--blocking] [-P file] [-i] [--apihost H] [--auth K]`: the argument list
 * after `wsk`. Host and key are passed only when the user gave them as flags; otherwise `wsk`
 * finds its own (environment, WSK_CONFIG_FILE, ~/.wskprops).
 */
export function wskInvokeArgs(opts: {
  readonly application: string;
  readonly blocking: boolean;
  readonly paramFile: string | null;
  readonly insecure: boolean;
  readonly apihost?: string | undefined;
  readonly auth?: string | undefined;
}): string[] {
  const args = ['action', 'invoke', opts.application];
  if (opts.blocking) args.push('--blocking');
  if (opts.paramFile !== null) args.push('-P', opts.paramFile);
  if (opts.insecure) args.push('-i');
  if (opts.apihost !== undefined) args.push('--apihost', opts.apihost);
  if (opts.auth !== undefined) args.push('--auth', opts.auth);
  return args;
}

const ID_IN_HEADER = /with id ([0-9A-Za-z]+)/;
const ID_IN_JSON = /"activationId"\s*:\s*"([0-9A-Za-z]+)"/;

/**
 * The CLI's documented outcomes (reference doc §4.1): 0 ok, 202 blocking call not finished yet
 * (accepted, so ok); otherwise wsk exits with the HTTP status − 256 (246 = 502 application error,
 * 173 = 429 throttled, 148 = 404, 145 = 401...), classified as the HTTP transports do; anything
 * else (e.g. 3, no connection) is an error. The error text is the CLI's `error:` line.
 */
export function parseWskOutput(exitCode: number, stdout: string, stderr: string): SendResult {
  const both = `${stdout}\n${stderr}`;
  const activationId = ID_IN_HEADER.exec(both)?.[1] ?? ID_IN_JSON.exec(both)?.[1] ?? null;
  if (exitCode === 0 || exitCode === 202) return { status: exitCode, outcome: 'ok', activationId, error: null };
  const httpStatus = exitCode + 256;
  const outcome = httpStatus >= 400 && httpStatus < 600 ? classifyStatus(httpStatus, 'openwhisk') : 'error';
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const errorLine = lines.find((l) => l.startsWith('error:')) ?? lines[0] ?? stdout.trim().split(/\r?\n/)[0] ?? '';
  return {
    status: exitCode,
    outcome,
    activationId,
    error: errorLine !== '' ? errorLine : `wsk exited with ${exitCode}`,
  };
}

/** One `wsk` process per invocation (execa), killed on timeout or close(). */
export function createWskCliTransport(spec: {
  readonly wskPath: string;
  readonly argv: readonly (readonly string[])[];
  readonly timeoutMs: number;
}): Transport {
  const abort = new AbortController();
  async function send(instance: number, onWire: () => void): Promise<SendResult> {
    const subprocess = execa(spec.wskPath, [...spec.argv[instance]!], {
      reject: false,
      stdin: 'ignore',
      timeout: spec.timeoutMs,
      cancelSignal: abort.signal,
      maxBuffer: 16 * 1024 * 1024,
    });
    subprocess.once('spawn', onWire);
    const result = await subprocess;
    if (result.timedOut) return { status: null, outcome: 'timeout', activationId: null, error: 'timeout' };
    if (result.isCanceled) return { status: null, outcome: 'error', activationId: null, error: 'cancelled' };
    if (typeof result.exitCode !== 'number') {
      // Never started (ENOENT, EACCES) or killed by a signal. execa's own messages quote the
      // command line, which may hold --auth: build the text from the code only.
      const e = result as { code?: string; signal?: string };
      const error =
        e.code !== undefined
          ? `${e.code}: could not run ${spec.wskPath}`
          : `${spec.wskPath} killed by ${e.signal ?? 'a signal'}`;
      return { status: null, outcome: 'error', activationId: null, error };
    }
    return parseWskOutput(result.exitCode, String(result.stdout), String(result.stderr));
  }
  return {
    send,
    async close() {
      abort.abort();
    },
  };
}
