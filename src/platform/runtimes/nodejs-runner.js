// whisk-local's nodejs runtime: one action per process, driven by the platform over a line protocol
// on the Unix socket $WHISK_LOCAL_SOCKET (one JSON message per line each way):
//   runtime → platform: {"t":"ready","c":<container id>} once, {"t":"init","ok":true|false,"e"?},
//                       and per run {"id":N,"ok":true,"r":result,"l":[logs]} | {"id":N,"ok":false,"e":msg,"l":[logs]}
//   platform → runtime: {"t":"init","file":F,"main":M} | {"t":"run","id":N,"p":{params},"env":{...}}
// What the action writes through process.stdout/stderr (console.*) is captured per activation (an
// AsyncLocalStorage context, so interleaved activations keep their own logs) and sent with the reply.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import net from 'node:net';
import { pathToFileURL } from 'node:url';

const proto = net.createConnection(process.env.WHISK_LOCAL_SOCKET);
const containerId = Number(process.env.WHISK_LOCAL_CONTAINER);
delete process.env.WHISK_LOCAL_SOCKET;
delete process.env.WHISK_LOCAL_CONTAINER;
proto.on('error', () => process.exit(1));
// Replies finished in the same turn of the event loop go out in one write (one wake-up of the platform).
let outgoing = '';
function write(line) {
  if (outgoing === '') setImmediate(flush);
  outgoing += line;
}
function flush() {
  const data = outgoing;
  outgoing = '';
  proto.write(data);
}
const send = (msg) => write(`${JSON.stringify(msg)}\n`);
const activations = new AsyncLocalStorage();
let entry = null;

function timestamp() {
  const t = performance.timeOrigin + performance.now();
  const whole = Math.floor(t);
  const nanos = Math.min(999999, Math.round((t - whole) * 1e6));
  return `${new Date(whole).toISOString().slice(0, 23)}${String(nanos).padStart(6, '0')}Z`;
}

function capture(stream, name) {
  const original = stream.write.bind(stream);
  stream.write = (chunk, encoding, cb) => {
    const act = activations.getStore();
    if (act === undefined) return original(chunk, encoding, cb);
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const parts = (act.partial[name] + text).split('\n');
    act.partial[name] = parts.pop();
    for (const line of parts) act.logs.push(`${timestamp()} ${name}: ${line}`);
    const done = typeof encoding === 'function' ? encoding : cb;
    if (typeof done === 'function') process.nextTick(done);
    return true;
  };
}
capture(process.stdout, 'stdout');
capture(process.stderr, 'stderr');

function finish(act, msg) {
  for (const name of ['stdout', 'stderr']) {
    if (act.partial[name] !== '') act.logs.push(`${timestamp()} ${name}: ${act.partial[name]}`);
  }
  msg.l = act.logs;
  let line;
  try {
    line = JSON.stringify(msg);
  } catch (err) {
    line = JSON.stringify({
      id: msg.id,
      ok: false,
      e: `The action did not produce a valid JSON response: ${err.message}`,
      l: act.logs,
    });
  }
  write(`${line}\n`);
}

function describe(err) {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** A rejected promise is an application error carrying the serialised reason, as OpenWhisk's runtime does. */
function serializeRejection(reason) {
  if (reason === undefined || reason === null) return {};
  if (reason instanceof Error) return { name: reason.name, message: reason.message, stack: reason.stack };
  return reason;
}

function run(msg) {
  const act = { logs: [], partial: { stdout: '', stderr: '' } };
  if (msg.env) Object.assign(process.env, msg.env);
  let out;
  try {
    out = activations.run(act, entry, msg.p ?? {});
  } catch (err) {
    if (err instanceof Error && err.stack) activations.run(act, () => console.error(err.stack));
    finish(act, { id: msg.id, ok: false, e: `An error has occurred: ${describe(err)}` });
    return;
  }
  if (out !== null && typeof out === 'object' && typeof out.then === 'function') {
    out.then(
      (value) => finish(act, { id: msg.id, ok: true, r: value === undefined ? null : value }),
      (reason) => finish(act, { id: msg.id, ok: true, r: { error: serializeRejection(reason) } }),
    );
  } else {
    finish(act, { id: msg.id, ok: true, r: out === undefined ? null : out });
  }
}

async function init(msg) {
  try {
    let mod;
    if (msg.file.endsWith('.mjs')) mod = await import(pathToFileURL(msg.file).href);
    else mod = createRequire(msg.file)(msg.file);
    const candidate = mod.__ow_entry ?? mod[msg.main] ?? (msg.main === 'main' ? (mod.default ?? mod) : undefined);
    if (typeof candidate !== 'function') throw new Error(`the action code does not define a function '${msg.main}'`);
    entry = candidate;
    send({ t: 'init', ok: true });
  } catch (err) {
    send({ t: 'init', ok: false, e: `Initialization has failed due to: ${describe(err)}` });
  }
}

let buffered = '';
proto.setEncoding('utf8');
proto.on('data', (chunk) => {
  buffered += chunk;
  for (let nl = buffered.indexOf('\n'); nl !== -1; nl = buffered.indexOf('\n')) {
    const line = buffered.slice(0, nl);
    buffered = buffered.slice(nl + 1);
    const msg = JSON.parse(line);
    if (msg.t === 'run') run(msg);
    else if (msg.t === 'init') void init(msg);
  }
});
// The platform closed the connection (stopping, or the container is removed).
proto.on('close', () => process.exit(0));
proto.write(`${JSON.stringify({ t: 'ready', c: containerId })}\n`);
