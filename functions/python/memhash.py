# memhash: CPU- and memory-heavy. Fills `mb` MiB (default 8) with pseudo-random words (seed
# `seed`, default 1), sorts them and hashes the sorted bytes with SHA-256.
import array
import hashlib
import random


def main(args):
    mb = float(args.get('mb', 8))
    if not 0 < mb <= 1024:
        return {'error': 'mb must be in (0, 1024]'}
    count = int(mb * 1024 * 1024) // 4
    rng = random.Random(int(args.get('seed', 1)))
    words = array.array('I', rng.randbytes(count * 4))
    words = array.array('I', sorted(words))
    sha256 = hashlib.sha256(words.tobytes()).hexdigest()
    return {'mb': mb, 'words': count, 'min': words[0], 'max': words[-1], 'sha256': sha256}
