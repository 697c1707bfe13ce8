import type { InvocationOutcome } from '../../contracts/index.js';

/** What a transport learned about one invocation. `dropped`/`cancelled` are the dispatcher's business. */
export interface SendResult {
  /** HTTP status or CLI exit code; null when nothing answered (network error, timeout). */
  readonly status: number | null;
  readonly outcome: Exclude<InvocationOutcome, 'dropped' | 'cancelled'>;
  readonly activationId: string | null;
  readonly error: string | null;
}

/** Sends one invocation of an instance (index into the schedule's instances). */
export interface Transport {
  /**
   * Never rejects: every failure becomes a SendResult. `onWire` is called when the request
   * actually leaves (written to a connection, or the process started); not at all if it never does.
   */
  send(instance: number, onWire: () => void): Promise<SendResult>;
  /**
   * Before the test (and again before a start far ahead): make connections to the targets ready,
   * opening those missing (sends nothing), so the first sends are not late.
   */
  preconnect?(): Promise<void>;
  /** Aborts whatever is still in flight (their sends resolve with errors) and frees sockets. */
  close(): Promise<void>;
}

/** One prepared HTTP request per instance: built once before the run, reused for every send. */
export interface PreparedRequest {
  /** `https://host:port` */
  readonly origin: string;
  /** Path with query string. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/**
 * Everything a worker needs to build its transport: plain data only (it crosses the
 * worker_threads boundary by structured clone). Files are already read.
 */
export type TransportSpec =
  | {
      readonly kind: 'http';
      /** `openwhisk` maps 502 → app_error and reads activation ids; `generic` only knows 2xx/429. */
      readonly flavour: 'openwhisk' | 'generic';
      readonly requests: readonly PreparedRequest[];
      readonly insecure: boolean;
      readonly timeoutMs: number;
      /** Sockets per origin; null = a new one whenever none is free (see `MAX_CONNECTING` for the one wait). */
      readonly connections: number | null;
      /** Sockets opened to each origin before the test (see `preconnectSockets`). */
      readonly preconnect: number;
    }
  | {
      readonly kind: 'cli';
      readonly wskPath: string;
      /** Per instance: the argument list after `wsk` (credentials included only if given as flags). */
      readonly argv: readonly (readonly string[])[];
      readonly timeoutMs: number;
    };

/** The HTTP transport's settings (OpenWhisk REST, web actions, generic endpoints). */
export type HttpTransportSpec = Omit<Extract<TransportSpec, { kind: 'http' }>, 'kind'>;
