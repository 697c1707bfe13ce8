/**
 * `--metrics-port`: live OpenMetrics of a run, served while it dispatches. The metrics are fed in
 * the main thread from the records the dispatch threads already report, never on their hot path.
 */
import { createServer } from 'node:http';
import { Counter, Histogram, type OpenMetricsContentType, Registry } from 'prom-client';
import { type InvocationRecord, invocationOutcomeSchema } from '../contracts/index.js';
import { UserError } from '../errors.js';
import { boundPort, httpUrl, listen } from '../platform/net.js';

/** Bucket bounds, ms: sub-millisecond send lag up to minute-long blocking answers. */
const MS_BUCKETS = [0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000];
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '::1', 'localhost']);

export interface LiveMetricsOptions {
  readonly port: number;
  /** Default 127.0.0.1; anything else is served with a warning on stderr. */
  readonly host?: string;
  readonly warn?: (line: string) => void;
}

/** The run's metrics in a registry of their own (never prom-client's global one). */
export class RunMetrics {
  readonly registry = openMetricsRegistry();
  private readonly issued = new Counter({
    name: 'faas_invocations_issued',
    help: 'Invocations sent to the target so far',
    registers: [this.registry],
  });
  private readonly outcomes = new Counter({
    name: 'faas_invocation_outcomes',
    help: 'Invocations recorded so far, by outcome (as in invocations.ndjson)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  private readonly sendLag = new Histogram({
    name: 'faas_send_lag_ms',
    help: 'Send lag: sent - scheduled, ms',
    buckets: MS_BUCKETS,
    registers: [this.registry],
  });
  private readonly clientLatency = new Histogram({
    name: 'faas_client_latency_ms',
    help: 'Client latency of answered invocations: done - sent, ms',
    buckets: MS_BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    // Every outcome shows from the first scrape, at 0 until it happens.
    for (const outcome of invocationOutcomeSchema.options) this.outcomes.labels(outcome).inc(0);
  }

  add(r: InvocationRecord): void {
    this.outcomes.labels(r.outcome).inc();
    if (r.sent_ms === null) return;
    this.issued.inc();
    if (r.lag_ms !== null) this.sendLag.observe(r.lag_ms);
    if (r.done_ms !== null && r.status !== null) this.clientLatency.observe(r.done_ms - r.sent_ms);
  }

  exposition(): Promise<string> {
    return this.registry.metrics();
  }
}

function openMetricsRegistry(): Registry<OpenMetricsContentType> {
  const registry = new Registry<OpenMetricsContentType>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  return registry;
}

/** A RunMetrics served over HTTP at /metrics until close(). */
export interface LiveMetricsServer {
  readonly metrics: RunMetrics;
  readonly url: string;
  close(): Promise<void>;
}

export async function serveRunMetrics(opts: LiveMetricsOptions): Promise<LiveMetricsServer> {
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK_HOSTS.has(host)) {
    (opts.warn ?? ((l) => process.stderr.write(`${l}\n`)))(
      `warning: --metrics-host ${host}: the run's metrics are served beyond loopback`,
    );
  }
  const metrics = new RunMetrics();
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || new URL(req.url ?? '/', 'http://x').pathname !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metrics.exposition().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await listen(server, { port: opts.port, host }).catch((err: NodeJS.ErrnoException) => {
    throw new UserError(`--metrics-port ${opts.port}: cannot listen on ${host} (${err.code ?? err.message})`);
  });
  return {
    metrics,
    url: `${httpUrl(host, boundPort(server))}/metrics`,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
