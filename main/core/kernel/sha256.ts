/**
 * SHA-256 (FIPS 180-4) of a string's UTF-8 bytes, as hex, for fingerprints of short strings.
 * Loading node:crypto cost every `clawkeeper status` more time than all of its hashing, so the
 * kernel hashes in plain code; the tests compare it with node:crypto. Adapters that hash files
 * or need random bytes still use node:crypto.
 */
export function sha256Hex(text: string): string {
  const data = new TextEncoder().encode(text);
  // the message, one 0x80 byte, zeros, then its length in bits (64-bit big-endian): n × 64 bytes
  const blocks = new Uint8Array((((data.length + 8) >> 6) + 1) << 6);
  blocks.set(data);
  blocks[data.length] = 0x80;
  const view = new DataView(blocks.buffer);
  view.setUint32(blocks.length - 8, Math.floor(data.length / 0x20000000));
  view.setUint32(blocks.length - 4, (data.length << 3) >>> 0);
  const h = Uint32Array.from(H0);
  const w = new Uint32Array(64);
  for (let at = 0; at < blocks.length; at += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(at + 4 * i);
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15]!;
      const y = w[i - 2]!;
      w[i] =
        w[i - 16]! +
        (rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3)) +
        w[i - 7]! +
        (rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10));
    }
    let a = h[0]!;
    let b = h[1]!;
    let c = h[2]!;
    let d = h[3]!;
    let e = h[4]!;
    let f = h[5]!;
    let g = h[6]!;
    let k = h[7]!;
    for (let i = 0; i < 64; i++) {
      const t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    // a Uint32Array keeps each sum modulo 2^32
    h[0] = h[0]! + a;
    h[1] = h[1]! + b;
    h[2] = h[2]! + c;
    h[3] = h[3]! + d;
    h[4] = h[4]! + e;
    h[5] = h[5]! + f;
    h[6] = h[6]! + g;
    h[7] = h[7]! + k;
  }
  let hex = '';
  for (const x of h) hex += x.toString(16).padStart(8, '0');
  return hex;
}

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

function firstPrimes(n: number): number[] {
  const primes: number[] = [];
  for (let x = 2; primes.length < n; x++) if (primes.every((p) => x % p !== 0)) primes.push(x);
  return primes;
}
const fraction32 = (x: number) => Math.floor((x - Math.floor(x)) * 2 ** 32) >>> 0;
const PRIMES = firstPrimes(64);
/** First 32 bits of the fractional parts of the square roots of the first 8 primes (FIPS 180-4 5.3.3). */
const H0 = Uint32Array.from(PRIMES.slice(0, 8), (p) => fraction32(Math.sqrt(p)));
/** The same of the cube roots of the first 64 primes (FIPS 180-4 4.2.2). */
const K = Uint32Array.from(PRIMES, (p) => fraction32(Math.cbrt(p)));
