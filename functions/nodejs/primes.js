// primes: counts the primes below `n` (default 10000) with a sieve of Eratosthenes.
function main(params) {
  const n = Math.max(0, Math.floor(Number(params.n ?? 10000)));
  if (!Number.isFinite(n) || n > 500000000) return { error: 'n must be a number up to 500000000' };
  const composite = new Uint8Array(n);
  let count = 0;
  for (let i = 2; i < n; i++) {
    if (composite[i]) continue;
    count++;
    for (let j = i * i; j < n; j += i) composite[j] = 1;
  }
  return { n, primes: count };
}
