# primes: counts the primes below `n` (default 10000) with a sieve of Eratosthenes.
def main(args):
    n = max(0, int(args.get('n', 10000)))
    if n > 500000000:
        return {'error': 'n must be a number up to 500000000'}
    composite = bytearray(n)
    count = 0
    for i in range(2, n):
        if composite[i]:
            continue
        count += 1
        composite[i * i::i] = b'\x01' * len(range(i * i, n, i))
    return {'n': n, 'primes': count}
