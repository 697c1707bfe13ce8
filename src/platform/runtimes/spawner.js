// whisk-local's process spawner. The platform starts it once, while its own memory is small, and
// asks it to start container processes: forking a large process (the platform, once it holds many
// activations) takes tens of milliseconds and blocks its event loop, forking this one does not.
// It also runs native actions (one process per activation) and reports their output.
//   stdin  (JSON lines): {"t":"spawn","id","command","args","cwd","env"} | {"t":"kill","id"}
//                        | {"t":"exec","id","command","cwd","env","input","timeoutMs"}
//   stdout (JSON lines): {"t":"spawned","id","pid"} | {"t":"error","id","e"} | {"t":"exit","id","code","signal","tail":[...]}
//                        | {"t":"done","id","code","timedOut","lines":[{"s","x","at"}],"e"?}
// Output lines of long-lived containers are kept (the last 50, timestamped) only to explain a crash.
import { spawn } from 'node:child_process';

const children = new Map();
const TAIL = 50;
const now = () => performance.timeOrigin + performance.now();

function reply(msg) {
  process.stdout.write(`${JSON.stringify(msg)}\n`);
}

// A long line's pieces are joined once (joining at every chunk would be quadratic in its length).
function lines(stream, onLine) {
  let pieces = [];
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    let from = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', from)) {
      pieces.push(chunk.slice(from, nl));
      onLine(pieces.join(''));
      pieces = [];
      from = nl + 1;
    }
    if (from < chunk.length) pieces.push(chunk.slice(from));
  });
  stream.on('end', () => {
    if (pieces.length > 0) onLine(pieces.join(''));
  });
}

function start(msg, stdin) {
  let child;
  try {
    child = spawn(msg.command, msg.args ?? [], { cwd: msg.cwd, env: msg.env, stdio: [stdin, 'pipe', 'pipe'] });
  } catch (err) {
    reply({ t: 'error', id: msg.id, e: err.message });
    return null;
  }
  children.set(msg.id, child);
  child.once('error', (err) => {
    children.delete(msg.id);
    reply({ t: 'error', id: msg.id, e: err.message });
  });
  return child;
}

function spawnContainer(msg) {
  const child = start(msg, 'ignore');
  if (child === null) return;
  const tail = [];
  const keep = (s) => (x) => {
    tail.push({ s, x, at: now() });
    if (tail.length > TAIL) tail.shift();
  };
  lines(child.stdout, keep('stdout'));
  lines(child.stderr, keep('stderr'));
  child.once('spawn', () => reply({ t: 'spawned', id: msg.id, pid: child.pid }));
  child.once('close', (code, signal) => {
    if (!children.has(msg.id)) return; // spawn error, already reported
    children.delete(msg.id);
    reply({ t: 'exit', id: msg.id, code, signal, tail });
  });
}

function execNative(msg) {
  const child = start(msg, 'pipe');
  if (child === null) return;
  const out = [];
  lines(child.stdout, (x) => out.push({ s: 'stdout', x, at: now() }));
  lines(child.stderr, (x) => out.push({ s: 'stderr', x, at: now() }));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, msg.timeoutMs);
  child.stdin.on('error', () => {
    /* the executable may not read its input */
  });
  child.stdin.end(msg.input);
  child.once('close', (code) => {
    clearTimeout(timer);
    if (!children.has(msg.id)) return;
    children.delete(msg.id);
    reply({ t: 'done', id: msg.id, code, timedOut, lines: out });
  });
}

let buffered = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffered += chunk;
  for (let nl = buffered.indexOf('\n'); nl !== -1; nl = buffered.indexOf('\n')) {
    const msg = JSON.parse(buffered.slice(0, nl));
    buffered = buffered.slice(nl + 1);
    if (msg.t === 'spawn') spawnContainer(msg);
    else if (msg.t === 'exec') execNative(msg);
    else if (msg.t === 'kill') children.get(msg.id)?.kill('SIGKILL');
  }
});
// The platform is gone (or stopping): take every process down with us.
process.stdin.on('end', () => {
  for (const child of children.values()) child.kill('SIGKILL');
  process.exit(0);
});
