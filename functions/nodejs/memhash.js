// memhash: CPU- and memory-heavy. Fills `mb` MiB (default 8) with pseudo-random words (seed
// `seed`, default 1), sorts them and hashes the sorted bytes with SHA-256.
const { createHash } = require('node:crypto');

function main(params) {
  const mb = Number(params.mb ?? 8);
  if (!(mb > 0 && mb <= 1024)) return { error: 'mb must be in (0, 1024]' };
  const words = new Uint32Array(Math.floor((mb * 1024 * 1024) / 4));
  let x = Number(params.seed ?? 1) >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    words[i] = x;
  }
  words.sort();
  const sha256 = createHash('sha256').update(Buffer.from(words.buffer)).digest('hex');
  return { mb, words: words.length, min: words[0], max: words[words.length - 1], sha256 };
}
