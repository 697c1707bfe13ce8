# whisk-local's python runtime: one action per process, driven by the platform over the line protocol
# of nodejs-runner.js on the Unix socket $WHISK_LOCAL_SOCKET:
#   runtime → platform: {"t":"ready","c":<container id>}, {"t":"init","ok":...,"e"?}, {"id":N,"ok":...,"r"|"e":...,"l":[logs]}
#   platform → runtime: {"t":"init","file":F,"main":M} | {"t":"run","id":N,"p":{params},"env":{...}}
# What the action prints through sys.stdout/sys.stderr is captured per activation and sent with its
# reply. Activations run one at a time.
import io
import json
import os
import socket
import sys
import time
import traceback

SOCKET = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)


def timestamp():
    ns = time.time_ns()
    secs, frac = divmod(ns, 1_000_000_000)
    return time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(secs)) + '.%09dZ' % frac


class Capture(io.TextIOBase):
    """A text stream that turns writes into timestamped log lines of the running activation."""

    def __init__(self, name, fallback):
        self.name = name
        self.fallback = fallback
        self.logs = None
        self.partial = ''

    def writable(self):
        return True

    def write(self, s):
        if self.logs is None:
            return self.fallback.write(s)
        parts = (self.partial + s).split('\n')
        self.partial = parts.pop()
        for line in parts:
            self.logs.append('%s %s: %s' % (timestamp(), self.name, line))
        return len(s)

    def begin(self, logs):
        self.logs = logs
        self.partial = ''

    def end(self):
        if self.partial != '':
            self.logs.append('%s %s: %s' % (timestamp(), self.name, self.partial))
        self.logs = None
        self.partial = ''


def send(msg):
    SOCKET.sendall((json.dumps(msg, separators=(',', ':')) + '\n').encode('utf-8'))


def describe(ex):
    return '%s: %s' % (type(ex).__name__, ex)


def main():
    out = Capture('stdout', sys.stdout)
    err = Capture('stderr', sys.stderr)
    sys.stdout = out
    sys.stderr = err
    entry = None
    SOCKET.connect(os.environ.pop('WHISK_LOCAL_SOCKET'))
    send({'t': 'ready', 'c': int(os.environ.pop('WHISK_LOCAL_CONTAINER'))})
    for raw in SOCKET.makefile('rb'):
        msg = json.loads(raw)
        if msg['t'] == 'init':
            try:
                with open(msg['file'], 'r', encoding='utf-8') as f:
                    code = f.read()
                scope = {'__name__': '__action__', '__file__': msg['file']}
                exec(compile(code, msg['file'], 'exec'), scope)
                entry = scope.get(msg['main'])
                if not callable(entry):
                    raise NameError("the action code does not define a function '%s'" % msg['main'])
                send({'t': 'init', 'ok': True})
            except BaseException as ex:  # noqa: BLE001 - any failure of user code is an init failure
                send({'t': 'init', 'ok': False, 'e': 'Initialization has failed due to: ' + describe(ex)})
            continue
        logs = []
        out.begin(logs)
        err.begin(logs)
        os.environ.update(msg.get('env') or {})
        try:
            reply = {'id': msg['id'], 'ok': True, 'r': entry(msg.get('p') or {})}
        except BaseException as ex:  # noqa: BLE001
            traceback.print_exc()
            reply = {'id': msg['id'], 'ok': False, 'e': 'An error has occurred: ' + describe(ex)}
        out.end()
        err.end()
        reply['l'] = logs
        try:
            send(reply)
        except (TypeError, ValueError) as ex:
            send({'id': msg['id'], 'ok': False, 'e': 'The action did not produce a valid JSON response: %s' % ex, 'l': logs})


if __name__ == '__main__':
    main()
