// Order-preserving storage keys for items: table ‖ hash(partition key) ‖ partition key ‖ sort key.

import crypto from 'node:crypto';
import type { AttributeValue } from './attribute-value.js';
import { md5Into } from './md5.js';
import { encodeTaggedNumberKey } from './number.js';

/** LMDB's largest key; every storage key must fit (checked for the worst case in tests). */
export const MAX_STORAGE_KEY_BYTES = 1978;
/** Bytes of the partition hash: scans walk this order, parallel-scan segments split it. */
export const PARTITION_HASH_BYTES = 8;
/** Longest encoded partition key stored verbatim; longer ones are stored as their SHA-256. */
export const MAX_INLINE_PARTITION_KEY_BYTES = 512;
/** Length marker of a hashed partition identity (never a real length: those are ≤ 512). */
const HASHED_IDENTITY_MARKER = 0xffff;

/** Type byte before each encoded key value. One key attribute has one type, so any order works. */
export const KeyTypeTag = { B: 0x01, N: 0x02, S: 0x03 } as const;

/**
 * A scalar key value as bytes that sort like DynamoDB sorts keys: strings by their UTF-8
 * bytes, binaries by their bytes (unsigned), numbers numerically. Meant as the last component
 * of a key (no escaping: a prefix sorts first, as in DynamoDB).
 */
export function encodeKeyValue(value: AttributeValue): Uint8Array {
  if ('S' in value) {
    const out = Buffer.allocUnsafe(1 + Buffer.byteLength(value.S, 'utf8'));
    out[0] = KeyTypeTag.S;
    out.write(value.S, 1, 'utf8');
    return out;
  }
  if ('N' in value) {
    return encodeTaggedNumberKey(KeyTypeTag.N, value.N);
  }
  if ('B' in value) {
    const bytes = Buffer.from(value.B, 'base64');
    const out = Buffer.allocUnsafe(1 + bytes.length);
    out[0] = KeyTypeTag.B;
    bytes.copy(out, 1);
    return out;
  }
  throw new TypeError('key values are S, N or B');
}

/** First 8 bytes of the MD5 of the encoded partition key: spreads partitions, like DynamoDB. */
export function partitionHash(encodedPartitionKey: Uint8Array): Uint8Array {
  const out = new Uint8Array(PARTITION_HASH_BYTES);
  writePartitionHash(encodedPartitionKey, out, 0);
  return out;
}

/** `partitionHash` written into `out` at `offset` (no allocation). */
export function writePartitionHash(
  encodedPartitionKey: Uint8Array,
  out: Uint8Array,
  offset: number,
): void {
  md5Into(encodedPartitionKey, out, offset, PARTITION_HASH_BYTES);
}

/** One-shot `crypto.hash` (Node ≥ 20.12) is about 3× faster than `createHash` for short keys. */
const digest: (algorithm: string, data: Uint8Array) => Buffer =
  typeof crypto.hash === 'function'
    ? (algorithm, data) => crypto.hash(algorithm, data, 'buffer')
    : (algorithm, data) => crypto.createHash(algorithm).update(data).digest();

/**
 * Everything of an item key before the sort key: tablePrefix ‖ partitionHash ‖ identity, where
 * identity is a 2-byte length and the encoded key, or 0xFFFF and its SHA-256 when longer than
 * 512 bytes, so that the largest keys (2048-byte partition, 1024-byte sort key) fit in LMDB.
 */
export function encodePartitionPrefix(
  tablePrefix: Uint8Array,
  partitionKey: AttributeValue,
): Uint8Array {
  return buildKey(tablePrefix, encodeKeyValue(partitionKey), undefined);
}

/** The storage key of an item: `encodePartitionPrefix` ‖ encoded sort key. */
export function encodeItemKey(
  tablePrefix: Uint8Array,
  partitionKey: AttributeValue,
  sortKey?: AttributeValue,
): Uint8Array {
  return buildKey(
    tablePrefix,
    encodeKeyValue(partitionKey),
    sortKey === undefined ? undefined : encodeKeyValue(sortKey),
  );
}

function buildKey(
  tablePrefix: Uint8Array,
  encodedPartition: Uint8Array,
  encodedSort: Uint8Array | undefined,
): Uint8Array {
  const inline = encodedPartition.length <= MAX_INLINE_PARTITION_KEY_BYTES;
  const identity = inline ? encodedPartition : digest('sha256', encodedPartition);
  const sortBytes = encodedSort?.length ?? 0;
  // A plain array with its own buffer (not a slice of Buffer's shared pool): engines keep keys.
  const out = new Uint8Array(
    tablePrefix.length + PARTITION_HASH_BYTES + 2 + identity.length + sortBytes,
  );
  let o = 0;
  out.set(tablePrefix, o);
  o += tablePrefix.length;
  writePartitionHash(encodedPartition, out, o);
  o += PARTITION_HASH_BYTES;
  const length = inline ? identity.length : HASHED_IDENTITY_MARKER;
  out[o++] = length >>> 8;
  out[o++] = length & 0xff;
  out.set(identity, o);
  o += identity.length;
  if (encodedSort) out.set(encodedSort, o);
  return out;
}

const HASH_SPACE = 1n << 64n;

/**
 * The hash range of parallel-scan segment `segment` of `totalSegments`: [start, end), `end`
 * absent for the last one. Ranges are disjoint, cover the whole 8-byte hash space, and are
 * never empty for any totalSegments up to DynamoDB's 1,000,000.
 */
export function segmentBounds(
  segment: number,
  totalSegments: number,
): { start: Uint8Array; end?: Uint8Array } {
  const start = hashBoundary(segment, totalSegments);
  if (segment + 1 >= totalSegments) return { start };
  return { start, end: hashBoundary(segment + 1, totalSegments) };
}

function hashBoundary(segment: number, totalSegments: number): Uint8Array {
  const value = (BigInt(segment) * HASH_SPACE) / BigInt(totalSegments);
  const out = new Uint8Array(PARTITION_HASH_BYTES);
  new DataView(out.buffer).setBigUint64(0, value);
  return out;
}
