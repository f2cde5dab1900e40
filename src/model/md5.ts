// MD5 (RFC 1321) in plain JavaScript, for the partition hash of every item key.
//
// By hand rather than node:crypto: partition keys are a few bytes long, and a native one-shot
// `crypto.hash('md5', …)` costs its call and buffer overhead on every item request (~4% of a
// GetItem's profile, docs/performance.md); hashing one or two 64-byte blocks here is far cheaper.
// Verified against node:crypto in md5.test.ts.

/** Per-step left rotations. */
const SHIFTS = Uint8Array.from([
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14,
  20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6,
  10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
]);

/** floor(abs(sin(i + 1)) * 2^32), RFC 1321's table T. */
const SINES = Int32Array.from({ length: 64 }, (_, i) =>
  Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32),
);

/** One 64-byte block as sixteen little-endian words, reused between calls. */
const words = new Int32Array(16);
/** The padded tail: the last bytes of the message, 0x80, zeros and the bit length. */
const tail = new Uint8Array(128);

/**
 * Writes the first `length` bytes (≤ 16) of MD5(`data`) into `out` at `offset`.
 */
export function md5Into(data: Uint8Array, out: Uint8Array, offset: number, length = 16): void {
  const state = Int32Array.of(0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476);
  const fullBlocks = data.length >>> 6;
  for (let block = 0; block < fullBlocks; block++) {
    loadWords(data, block << 6);
    compress(state);
  }
  // The tail: remaining bytes, 0x80, zero padding, then the message length in bits (64-bit LE).
  const rest = data.length & 63;
  const tailLength = rest < 56 ? 64 : 128;
  tail.fill(0, 0, tailLength);
  tail.set(data.subarray(data.length - rest), 0);
  tail[rest] = 0x80;
  const bits = data.length * 8;
  tail[tailLength - 8] = bits & 0xff;
  tail[tailLength - 7] = (bits >>> 8) & 0xff;
  tail[tailLength - 6] = (bits >>> 16) & 0xff;
  tail[tailLength - 5] = (bits >>> 24) & 0xff;
  const high = Math.floor(bits / 2 ** 32);
  tail[tailLength - 4] = high & 0xff;
  tail[tailLength - 3] = (high >>> 8) & 0xff;
  tail[tailLength - 2] = (high >>> 16) & 0xff;
  tail[tailLength - 1] = (high >>> 24) & 0xff;
  for (let at = 0; at < tailLength; at += 64) {
    loadWords(tail, at);
    compress(state);
  }
  for (let i = 0; i < length; i++) out[offset + i] = (state[i >>> 2]! >>> ((i & 3) * 8)) & 0xff;
}

/** MD5 of `data` (all 16 bytes). */
export function md5(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(16);
  md5Into(data, out, 0);
  return out;
}

function loadWords(bytes: Uint8Array, at: number): void {
  for (let i = 0; i < 16; i++) {
    const j = at + i * 4;
    words[i] = bytes[j]! | (bytes[j + 1]! << 8) | (bytes[j + 2]! << 16) | (bytes[j + 3]! << 24);
  }
}

function compress(state: Int32Array): void {
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  for (let i = 0; i < 64; i++) {
    let f: number;
    let g: number;
    if (i < 16) {
      f = (b & c) | (~b & d);
      g = i;
    } else if (i < 32) {
      f = (d & b) | (~d & c);
      g = (5 * i + 1) & 15;
    } else if (i < 48) {
      f = b ^ c ^ d;
      g = (3 * i + 5) & 15;
    } else {
      f = c ^ (b | ~d);
      g = (7 * i) & 15;
    }
    const sum = (a + f + SINES[i]! + words[g]!) | 0;
    const shift = SHIFTS[i]!;
    a = d;
    d = c;
    c = b;
    b = (b + ((sum << shift) | (sum >>> (32 - shift)))) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
}
