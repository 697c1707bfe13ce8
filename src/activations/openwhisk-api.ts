import { Agent, request, type Dispatcher } from 'undici';
import { UserError } from '../errors.js';
import type { ActivationPageSource } from './source.js';

/** The OpenWhisk REST API lists at most 200 activations per request. */
const API_PAGE = 200;

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
  private readonly dispatcher: Dispatcher;

  constructor(private readonly conn: ApiConnection) {
    this.dispatcher = new Agent({ connect: { rejectUnauthorized: !conn.insecure } });
  }

  get describe(): string {
    return `${this.conn.apihost}/api/v1/namespaces/_/activations`;
  }

  async *pages(sinceMs: number, uptoMs: number): AsyncGenerator<unknown[]> {
    try {
      for (let skip = 0; ; skip += API_PAGE) {
        const page = await this.get(`/api/v1/namespaces/_/activations?docs=true&since=${Math.floor(sinceMs)}&upto=${Math.ceil(uptoMs)}&limit=${API_PAGE}&skip=${skip}`);
        if (!Array.isArray(page)) throw new UserError(`${this.describe} did not return a list of activations`, 3);
        yield page;
        if (page.length < API_PAGE) return;
      }
    } finally {
      await this.dispatcher.close();
    }
  }

  private async get(path: string): Promise<unknown> {
    const url = `${this.conn.apihost}${path}`;
    let res: Dispatcher.ResponseData;
    try {
      res = await request(url, {
        dispatcher: this.dispatcher,
        headers: { authorization: `Basic ${Buffer.from(this.conn.auth).toString('base64')}`, accept: 'application/json' },
      });
    } catch (err) {
      const e = err as Error & { code?: string };
      const hint = /certificate|self.signed|CERT/i.test(`${e.code ?? ''} ${e.message}`) ? ' (self-signed certificate? use -i/--insecure)' : '';
      throw new UserError(`cannot reach the OpenWhisk API at ${this.conn.apihost} (${e.code ?? e.message})${hint}`, 3);
    }
    const text = await res.body.text();
    if (res.statusCode === 401 || res.statusCode === 403) {
      throw new UserError(`the OpenWhisk API at ${this.conn.apihost} refused the auth key (HTTP ${res.statusCode}); check --auth, WHISK_AUTH or ~/.wskprops`, 3);
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
