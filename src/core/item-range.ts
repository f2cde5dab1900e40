// Ranges of a table's item keys: a whole table, a parallel-scan segment, or a Query's key condition.

import type { CompiledKeyCondition } from '../expressions/api.js';
import type { AttributeValue } from '../model/attribute-value.js';
import { encodeKeyValue, encodePartitionPrefix, segmentBounds } from '../model/key-encoding.js';
import {
  encodeIndexSortKey,
  indexPartitionPrefix,
  indexPrefix,
  groupEncode,
} from './index-entries.js';
import { KeyPrefix, prefixEnd, tableKeyPrefix } from './keyspace.js';
import type { SecondaryIndexDefinition } from './table-definition.js';

/** Storage keys `start` (inclusive) to `end` (exclusive), walked in either direction. */
export interface KeyRange {
  readonly start: Uint8Array;
  readonly end: Uint8Array;
}

/** Every item of the table, in hash order (DynamoDB's Scan order). */
export function tableRange(tableNumber: number): KeyRange {
  const prefix = tableKeyPrefix(KeyPrefix.items, tableNumber);
  return { start: prefix, end: prefixEnd(prefix) };
}

/** The items of one parallel-scan segment: a slice of the partition-hash space. */
export function segmentRange(
  tableNumber: number,
  segment: number,
  totalSegments: number,
): KeyRange {
  const prefix = tableKeyPrefix(KeyPrefix.items, tableNumber);
  const bounds = segmentBounds(segment, totalSegments);
  return {
    start: concat(prefix, bounds.start),
    end: bounds.end === undefined ? prefixEnd(prefix) : concat(prefix, bounds.end),
  };
}

/**
 * The items a key condition selects: one partition, narrowed by the sort-key condition. Sort keys
 * are the last key component, encoded so byte order is DynamoDB's order (S and B by bytes, N
 * numerically); `begins_with` is a byte-prefix range, as the encoding of a prefix is a prefix.
 */
export function keyConditionRange(tableNumber: number, condition: CompiledKeyCondition): KeyRange {
  const prefix = tableKeyPrefix(KeyPrefix.items, tableNumber);
  const partition = encodePartitionPrefix(prefix, condition.partitionKey.value);
  const all: KeyRange = { start: partition, end: prefixEnd(partition) };
  const sortKey = condition.sortKey;
  if (sortKey === undefined) return all;
  const at = (value: AttributeValue): Uint8Array => concat(partition, encodeKeyValue(value));
  switch (sortKey.op) {
    case '=':
      return { start: at(sortKey.value), end: justAfter(at(sortKey.value)) };
    case '<':
      return { start: all.start, end: at(sortKey.value) };
    case '<=':
      return { start: all.start, end: justAfter(at(sortKey.value)) };
    case '>':
      return { start: justAfter(at(sortKey.value)), end: all.end };
    case '>=':
      return { start: at(sortKey.value), end: all.end };
    case 'BETWEEN':
      return { start: at(sortKey.low), end: justAfter(at(sortKey.high)) };
    case 'begins_with':
      return { start: at(sortKey.prefix), end: prefixEnd(at(sortKey.prefix)) };
  }
}

/** Every entry of an index, in index-partition hash order (Scan with IndexName). */
export function indexRange(index: SecondaryIndexDefinition): KeyRange {
  const prefix = indexPrefix(index);
  return { start: prefix, end: prefixEnd(prefix) };
}

/** One parallel-scan segment of an index: the same slices of the hash space as a table's. */
export function indexSegmentRange(
  index: SecondaryIndexDefinition,
  segment: number,
  totalSegments: number,
): KeyRange {
  const prefix = indexPrefix(index);
  const bounds = segmentBounds(segment, totalSegments);
  return {
    start: concat(prefix, bounds.start),
    end: bounds.end === undefined ? prefixEnd(prefix) : concat(prefix, bounds.end),
  };
}

/**
 * The entries an index key condition selects. Index sort keys are group-encoded (self-delimiting,
 * order-preserving) and followed by the table key, so `sk = v` is the prefix `enc(v)`, and
 * `begins_with(sk, p)` is every value from `p` up to the byte successor of `p`.
 */
export function indexKeyConditionRange(
  index: SecondaryIndexDefinition,
  condition: CompiledKeyCondition,
): KeyRange {
  const partitionValues = (condition.partitionKeys ?? [condition.partitionKey]).map((p) => p.value);
  // Multi-attribute sort keys: the leading equalities are a prefix of the entry keys.
  const sortPrefix = encodeIndexSortKey((condition.sortKeyPrefix ?? []).map((p) => p.value));
  const partition = concat(indexPartitionPrefix(index, partitionValues), sortPrefix);
  const all: KeyRange = { start: partition, end: prefixEnd(partition) };
  const sortKey = condition.sortKey;
  if (sortKey === undefined) return all;
  const at = (value: AttributeValue): Uint8Array => concat(partition, encodeIndexSortKey([value]));
  const through = (value: AttributeValue): Uint8Array => prefixEnd(at(value));
  switch (sortKey.op) {
    case '=':
      return { start: at(sortKey.value), end: through(sortKey.value) };
    case '<':
      return { start: all.start, end: at(sortKey.value) };
    case '<=':
      return { start: all.start, end: through(sortKey.value) };
    case '>':
      return { start: through(sortKey.value), end: all.end };
    case '>=':
      return { start: at(sortKey.value), end: all.end };
    case 'BETWEEN':
      return { start: at(sortKey.low), end: through(sortKey.high) };
    case 'begins_with': {
      const prefix = encodeKeyValue(sortKey.prefix);
      return {
        start: concat(partition, groupEncode(prefix)),
        end: concat(partition, groupEncode(prefixEnd(prefix))),
      };
    }
  }
}

/** Whether `key` lies within `range`. */
export function rangeContains(range: KeyRange, key: Uint8Array): boolean {
  return compareBytes(key, range.start) >= 0 && compareBytes(key, range.end) < 0;
}

/**
 * What is left of `range` to walk after `exclusiveStartKey` (DynamoDB's ExclusiveStartKey): the
 * keys above it going forward, the keys below it going backward. May be empty.
 */
export function rangeAfter(
  range: KeyRange,
  exclusiveStartKey: Uint8Array,
  reverse: boolean,
): KeyRange {
  if (reverse) return { start: range.start, end: minBytes(range.end, exclusiveStartKey) };
  return { start: maxBytes(range.start, justAfter(exclusiveStartKey)), end: range.end };
}

/** Whether the range holds no key at all (so no storage scan is needed). */
export function isEmptyRange(range: KeyRange): boolean {
  return compareBytes(range.start, range.end) >= 0;
}

/** The smallest key greater than `key`: `key ‖ 0x00`. */
function justAfter(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(key.length + 1);
  out.set(key);
  return out;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Unsigned byte order, the order of storage keys. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

function minBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  return compareBytes(a, b) <= 0 ? a : b;
}

function maxBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  return compareBytes(a, b) >= 0 ? a : b;
}
