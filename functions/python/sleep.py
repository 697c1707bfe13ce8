# sleep: waits `ms` milliseconds (default 100) without using the CPU.
import time


def main(args):
    ms = max(0.0, float(args.get('ms', 100)))
    print('sleeping %g ms' % ms)
    time.sleep(ms / 1000.0)
    return {'slept': ms}
