// Byte-string order and equality: the one key order every engine agrees on (unsigned, lexicographic).

import { Buffer } from 'node:buffer';

/** Negative, zero or positive as `a` sorts before, with or after `b` (memcmp, shorter prefix first). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  // Buffer.compare is native memcmp and accepts any Uint8Array.
  return Buffer.compare(a, b);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}
