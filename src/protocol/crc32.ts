// CRC32 of response bodies for the `x-amz-crc32` header, which the AWS SDKs verify.

import * as zlib from 'node:zlib';

const TABLE = buildTable();

function buildTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** The table-driven CRC32 (IEEE 802.3), for Node versions without `zlib.crc32` (< 20.15). */
export function crc32Portable(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) {
    crc = (TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8)) >>> 0;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

// zlib.crc32 is native and much faster; it exists on Node >= 20.15 and >= 22.2.
const native = (zlib as { crc32?: (data: Uint8Array | string) => number }).crc32;

/** CRC32 of `bytes` as an unsigned 32-bit integer (the header's decimal value). */
export const crc32: (bytes: Uint8Array) => number =
  typeof native === 'function' ? (bytes) => native(bytes) >>> 0 : crc32Portable;

/** CRC32 of `text`'s UTF-8 bytes; the native function reads a string without a Buffer copy. */
export const crc32OfText: (text: string) => number =
  typeof native === 'function'
    ? (text) => native(text) >>> 0
    : (text) => crc32Portable(Buffer.from(text, 'utf8'));
