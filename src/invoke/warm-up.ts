import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { elapsedSince } from './clock.js';
import { Dispatcher, type DispatchHooks } from './dispatcher.js';
import { ACTIVATION_HEADER, createHttpTransport } from './transports/http.js';
import type { HttpTransportSpec, PreparedRequest } from './transports/types.js';

/**
 * Short open-loop runs at a high rate, before the test, through the real dispatcher and HTTP send
 * path against a throwaway loopback server: V8 compiles and optimises the hot paths (the deadline
 * wait, the dispatch, undici's WebAssembly parser, our answer handlers) now rather than during the
 * first second of the schedule. Nothing reaches the target. Measured at 5,000/s: without it the
 * first ~0.3 s of a run were sent 8–60 ms late.
 *
 * The requests are the run's own (headers, paths, bodies), sent to the throwaway server, and its
 * answers take both of OpenWhisk's forms (activation id in a header, or only in the body): code
 * optimised for other shapes is thrown away when it first meets the real ones.
 *
 * Two passes, because tearing the first one down (closing its sockets and pool) changes the field
 * types V8 had assumed for undici's and node's objects, which throws away much of the optimised
 * code; the second pass re-optimises it on the generalised types, and its own teardown discards
 * nothing more (measured: 81 functions re-optimised in the run's first 0.5 s after one pass).
 */
const WARM_UP_PASSES = 2;
const WARM_UP_EVENTS = 3000;
const WARM_UP_RATE = 4000;
const BURST_FROM = 1500;
const BURST_SIZE = 200;
/**
 * The warm-up's clock reads as if the run were this far in, and its first event comes after a
 * timer sleep: with clock values small enough to be small integers, or no long wait, V8 learns
 * types and branches the real run does not keep to, and re-optimises at its start.
 */
const CLOCK_AT_S = 10;
/** Bodies beyond this (binary data files can be megabytes) are cut for the warm-up: the code path is the same. */
const MAX_BODY_BYTES = 16 * 1024;
const FIRST_EVENT_AFTER_S = 0.02;

/**
 * `hooksFor(times)` must build the hooks with the same factory as the real run, so that the code
 * optimised here calls the same functions.
 */
export async function warmUpHttpDispatch(
  spec: HttpTransportSpec,
  hooksFor: (times: Float64Array) => DispatchHooks,
  busyWait: boolean,
): Promise<void> {
  // Evenly spaced, but for one burst sent all at once: its requests find no free connection and
  // take the paths a run falling behind takes (new connections, waiting for one, the burst limit).
  const burstAt = (i: number): number => (i >= BURST_FROM && i < BURST_FROM + BURST_SIZE ? BURST_FROM : i);
  const times = Float64Array.from(
    { length: WARM_UP_EVENTS },
    (_, i) => CLOCK_AT_S + FIRST_EVENT_AFTER_S + burstAt(i) / WARM_UP_RATE,
  );
  for (let pass = 0; pass < WARM_UP_PASSES; pass++) await warmUpPass(spec, times, hooksFor(times), busyWait);
}

const WARM_UP_ID = '0123456789abcdef0123456789abcdef';

/** The run's requests, sent to the throwaway server instead, with bodies cut to `MAX_BODY_BYTES`. */
export function warmUpRequests(requests: readonly PreparedRequest[], origin: string): PreparedRequest[] {
  return requests.map((r) => ({ ...r, origin, body: r.body.subarray(0, MAX_BODY_BYTES) }));
}

async function warmUpPass(
  spec: HttpTransportSpec,
  times: Float64Array,
  hooks: DispatchHooks,
  busyWait: boolean,
): Promise<void> {
  let answered = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const n = answered++;
      const body = `{"activationId":"${WARM_UP_ID}"}`;
      // Both of OpenWhisk's forms, and both ways of delimiting a body (length, chunks).
      const headers: Record<string, string | number> = { 'content-type': 'application/json' };
      if (n % 4 !== 0) headers[ACTIVATION_HEADER] = WARM_UP_ID;
      if (n % 2 === 0) headers['content-length'] = body.length;
      res.writeHead(202, headers).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const transport = createHttpTransport({
    ...spec,
    requests: warmUpRequests(spec.requests, `http://127.0.0.1:${port}`),
    insecure: false,
    connections: null,
    preconnect: 0,
  });
  const instances = spec.requests.length;
  const dispatcher = new Dispatcher({
    slice: { times, instanceIndex: Uint32Array.from(times, (_, i) => i % instances), first: 0, stride: 1 },
    transport,
    elapsed: elapsedSince(process.hrtime.bigint() - BigInt(CLOCK_AT_S * 1e9)),
    busyWait,
    ...hooks,
  });
  try {
    await dispatcher.run();
  } finally {
    await transport.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
