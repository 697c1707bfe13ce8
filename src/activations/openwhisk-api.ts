import { Agent, request, type Dispatcher } from 'undici';
import { UserError } from '../errors.js';
import type { ActivationPageSource } from './source.js';
import { basicAuthHeader } from '../config/wskprops.js';

/** The OpenWhisk REST API lists at most 200 activations per request. */
const API_PAGE = 200;
/** Activations fetched by id per yielded page, and requests in flight while fetching them. */
const BY_ID_BATCH = 200;
const BY_ID_PARALLEL = 8;

export interface ApiConnection {
  /** With scheme, e.g. `https://172.17.0.1`. */
  readonly apihost: string;
  /** `uuid:key`; never printed. */
  readonly auth: string;
  readonly insecure: boolean;
}

/**
 * Activations through `GET /api/v1/namespaces/_/activations?docs=true&since&upto`, paged with
 * `limit=200&skip=n`, for deployments whose records are not in a reachable CouchDB
 * (ElasticSearch stores, managed OpenWhisk). Lists are newest first; overlaps from records
 * arriving while paging are removed by activation id downstream.
 */
export class ApiActivationSource implements ActivationPageSource {
  readonly recordSource = 'api' as const;
  private readonly authorization: string;

  constructor(private readonly conn: ApiConnection) {
    this.authorization = basicAuthHeader(conn.auth);
  }

  get describe(): string {
    return `${this.conn.apihost}/api/v1/namespaces/_/activations`;
  }

  async *pages(sinceMs: number, uptoMs: number): AsyncGenerator<unknown[]> {
    const dispatcher = this.agent();
    try {
      for (let skip = 0; ; skip += API_PAGE) {
        const page = await this.get(
          `/api/v1/namespaces/_/activations?docs=true&since=${Math.floor(sinceMs)}&upto=${Math.ceil(uptoMs)}&limit=${API_PAGE}&skip=${skip}`,
          dispatcher,
        );
        if (!Array.isArray(page)) throw new UserError(`${this.describe} did not return a list of activations`, 3);
        yield page;
        if (page.length < API_PAGE) return;
      }
    } finally {
      await dispatcher.close();
    }
  }

  /**
   * Activations by id (`GET …/activations/<id>`), a few requests at a time; ids the platform does
   * not know (404) are left out. The namespace is the caller's default (`_`), as for listing.
   */
  async *byIds(_namespace: string, ids: readonly string[]): AsyncGenerator<unknown[]> {
    const dispatcher = this.agent();
    try {
      for (let i = 0; i < ids.length; i += BY_ID_BATCH) {
        const batch = ids.slice(i, i + BY_ID_BATCH);
        const docs: unknown[] = [];
        for (let k = 0; k < batch.length; k += BY_ID_PARALLEL) {
          const got = await Promise.all(
            batch
              .slice(k, k + BY_ID_PARALLEL)
              .map((id) => this.get(`/api/v1/namespaces/_/activations/${encodeURIComponent(id)}`, dispatcher, true)),
          );
          for (const d of got) if (d !== null) docs.push(d);
        }
        yield docs;
      }
    } finally {
      await dispatcher.close();
    }
  }

  /** A connection pool for one listing or lookup, closed when it ends. */
  private agent(): Dispatcher {
    return new Agent({ connect: { rejectUnauthorized: !this.conn.insecure } });
  }

  private async get(path: string, dispatcher: Dispatcher, notFoundIsNull = false): Promise<unknown> {
    const url = `${this.conn.apihost}${path}`;
    let res: Dispatcher.ResponseData;
    try {
      res = await request(url, {
        dispatcher,
        headers: { authorization: this.authorization, accept: 'application/json' },
      });
    } catch (err) {
      const e = err as Error & { code?: string };
      const hint = /certificate|self.signed|CERT/i.test(`${e.code ?? ''} ${e.message}`)
        ? ' (self-signed certificate? use -i/--insecure)'
        : '';
      throw new UserError(`cannot reach the OpenWhisk API at ${this.conn.apihost} (${e.code ?? e.message})${hint}`, 3);
    }
    const text = await res.body.text();
    if (notFoundIsNull && res.statusCode === 404) return null;
    if (res.statusCode === 401 || res.statusCode === 403) {
      throw new UserError(
        `the OpenWhisk API at ${this.conn.apihost} refused the auth key (HTTP ${res.statusCode}); check --auth, WHISK_AUTH or ~/.wskprops`,
        3,
      );
    }
    if (res.statusCode !== 200) {
      let reason = text.slice(0, 200);
      try {
        reason = (JSON.parse(text) as { error?: string }).error ?? reason;
      } catch {
        // not JSON: keep the text
      }
      throw new UserError(`the OpenWhisk API at ${this.conn.apihost} answered HTTP ${res.statusCode}: ${reason}`, 3);
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new UserError(`the OpenWhisk API at ${this.conn.apihost} returned a body that is not JSON`, 3);
    }
  }
}
