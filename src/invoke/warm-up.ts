import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { elapsedSince } from './clock.js';
import { Dispatcher, type DispatchHooks } from './dispatcher.js';
import { ACTIVATION_HEADER, createHttpTransport } from './transports/http.js';

/**
 * Short open-loop runs at a high rate, before the test, through the real dispatcher and HTTP send
 * path against a throwaway loopback server: V8 compiles and optimises the hot paths (the deadline
 * wait, the dispatch, undici's WebAssembly parser, our answer handlers) now rather than during the
 * first second of the schedule. Nothing reaches the target. Measured at 5,000/s: without it the
 * first ~0.3 s of a run were sent 8–60 ms late.
 *
 * Two passes, because tearing the first one down (closing its sockets and pool) changes the field
 * types V8 had assumed for undici's and node's objects, which throws away much of the optimised
 * code; the second pass re-optimises it on the generalised types, and its own teardown discards
 * nothing more (measured: 81 functions re-optimised in the run's first 0.5 s after one pass).
 */
const WARM_UP_PASSES = 2;
const WARM_UP_EVENTS = 3000;
const WARM_UP_RATE = 4000;

/**
 * `hooksFor(times)` must build the hooks with the same factory as the real run, so that the code
 * optimised here calls the same functions.
 */
export async function warmUpHttpDispatch(hooksFor: (times: Float64Array) => DispatchHooks): Promise<void> {
  const times = Float64Array.from({ length: WARM_UP_EVENTS }, (_, i) => i / WARM_UP_RATE);
  for (let pass = 0; pass < WARM_UP_PASSES; pass++) await warmUpPass(times, hooksFor(times));
}

async function warmUpPass(times: Float64Array, hooks: DispatchHooks): Promise<void> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(202, { [ACTIVATION_HEADER]: 'warm-up' }).end('{"activationId":"warm-up"}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const transport = createHttpTransport({
    flavour: 'openwhisk',
    requests: [{ origin: `http://127.0.0.1:${port}`, path: '/warm-up', headers: { 'content-type': 'application/json' }, body: new Uint8Array(Buffer.from('{}')) }],
    insecure: false,
    timeoutMs: 5000,
    connections: null,
    preconnect: 0,
  });
  const dispatcher = new Dispatcher({
    slice: { times, instanceIndex: new Uint32Array(times.length), first: 0, stride: 1 },
    transport,
    elapsed: elapsedSince(process.hrtime.bigint()),
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
