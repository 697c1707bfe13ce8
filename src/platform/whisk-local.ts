import type { Logger } from 'pino';

export interface WhiskLocalOptions {
  /** 0 picks a free port. */
  readonly apiPort: number;
  readonly dbPort: number;
  readonly host?: string;
  /** Holds the on-disk store and `.wskprops`; null keeps the store in memory. */
  readonly dataDir: string | null;
  /** Container memory pool, MB (default 2048). */
  readonly memoryMb?: number;
  /** Idle containers are evicted after this many seconds (default 600). */
  readonly keepWarmS?: number;
  readonly logger?: Logger;
}

export interface WhiskLocal {
  /** e.g. `http://127.0.0.1:3233` */
  readonly apihost: string;
  /** Guest key `uuid:key`. */
  readonly auth: string;
  /** `guest` */
  readonly namespace: string;
  /** CouchDB-compatible URL of the activation store, without credentials. */
  readonly dbUrl: string;
  readonly dbName: string;
  readonly dbUser: string;
  readonly dataDir: string | null;
  /** Kills containers, flushes the store, closes servers. */
  stop(): Promise<void>;
}

export async function startWhiskLocal(opts: WhiskLocalOptions): Promise<WhiskLocal> {
  void opts;
  throw new Error('startWhiskLocal: not implemented yet');
}
