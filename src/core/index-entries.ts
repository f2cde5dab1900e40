// Secondary index entries: their storage keys (index keys, then the table key) and projected values.

import crypto from 'node:crypto';
import {
  attributeOf,
  setAttribute,
  type AttributeValue,
  type Item,
} from '../model/attribute-value.js';
import {
  encodeKeyValue,
  MAX_INLINE_PARTITION_KEY_BYTES,
  MAX_STORAGE_KEY_BYTES,
  PARTITION_HASH_BYTES,
  writePartitionHash,
} from '../model/key-encoding.js';
import { itemSizeBytes } from '../model/item-size.js';
import { KeyPrefix, prefixEnd, tableKeyPrefix } from './keyspace.js';
import { encodeStoredItem } from './stored-item.js';
import type {
  KeyAttribute,
  SecondaryIndexDefinition,
  TableDefinition,
} from './table-definition.js';

/** Bytes of `tableKeyPrefix`: the prefix byte and the index number. */
const INDEX_PREFIX_BYTES = 5;
const HASHED_IDENTITY_MARKER = 0xffff;
/** Marks how the table key ends an entry key: verbatim, or as its SHA-256 when too long. */
const TABLE_KEY_VERBATIM = 0x01;
const TABLE_KEY_HASHED = 0x02;
/** Group encoding of sort-key components: 8 data bytes, then a marker byte. */
const GROUP_BYTES = 8;
const MORE_GROUPS = 0xff;
const LAST_GROUP_BASE = 0xf0;

/** Every key attribute of an index: partition key attributes, then sort key attributes. */
export function indexKeyAttributes(index: SecondaryIndexDefinition): KeyAttribute[] {
  return [...index.partitionKey, ...index.sortKey];
}

/** `KeyPrefix.indexEntries ‖ indexNumber`: the start of every entry of the index. */
export function indexPrefix(index: SecondaryIndexDefinition): Uint8Array {
  return tableKeyPrefix(KeyPrefix.indexEntries, index.indexNumber);
}

/** All of an index's entries (the backfill and index deletion walk this). */
export function indexEntryRange(index: SecondaryIndexDefinition): {
  start: Uint8Array;
  end: Uint8Array;
} {
  const start = indexPrefix(index);
  return { start, end: prefixEnd(start) };
}

/**
 * A key value encoded so it can be followed by more key bytes and still sort like DynamoDB sorts
 * the value alone: groups of 8 bytes (zero-padded), each followed by 0xFF when more groups follow,
 * or by 0xF0 + the group's real byte count when it is the last (the memcomparable format). A shorter
 * value sorts before its extensions; worst case 9/8 of the size, so the largest keys fit in LMDB.
 */
export function encodeKeyComponent(value: AttributeValue): Uint8Array {
  return groupEncode(encodeKeyValue(value));
}

export function groupEncode(bytes: Uint8Array): Uint8Array {
  const groups = Math.max(1, Math.ceil(bytes.length / GROUP_BYTES));
  const out = new Uint8Array(groups * (GROUP_BYTES + 1));
  for (let g = 0; g < groups; g++) {
    const from = g * GROUP_BYTES;
    const chunk = bytes.subarray(from, from + GROUP_BYTES);
    out.set(chunk, g * (GROUP_BYTES + 1));
    const last = g === groups - 1;
    out[g * (GROUP_BYTES + 1) + GROUP_BYTES] = last ? LAST_GROUP_BASE + chunk.length : MORE_GROUPS;
  }
  return out;
}

/** The index partition key bytes that are hashed: one value as is, several as a tuple. */
function encodedPartition(values: readonly AttributeValue[]): Uint8Array {
  if (values.length === 1) return encodeKeyValue(values[0]!);
  return concat(values.map(encodeKeyComponent));
}

/**
 * `indexPrefix ‖ hash(pk) ‖ pk identity`: the entries of one index partition, in hash order like
 * the table's items (so a parallel scan of the index splits the same hash space).
 */
export function indexPartitionPrefix(
  index: SecondaryIndexDefinition,
  partitionValues: readonly AttributeValue[],
): Uint8Array {
  const encoded = encodedPartition(partitionValues);
  const inline = encoded.length <= MAX_INLINE_PARTITION_KEY_BYTES;
  const identity = inline ? encoded : sha256(encoded);
  const length = inline ? identity.length : HASHED_IDENTITY_MARKER;
  const head = new Uint8Array(INDEX_PREFIX_BYTES + PARTITION_HASH_BYTES + 2);
  head.set(indexPrefix(index));
  writePartitionHash(encoded, head, INDEX_PREFIX_BYTES);
  head[INDEX_PREFIX_BYTES + PARTITION_HASH_BYTES] = length >>> 8;
  head[INDEX_PREFIX_BYTES + PARTITION_HASH_BYTES + 1] = length & 0xff;
  return concat([head, identity]);
}

/** The sort key tuple, each component self-delimiting so the table key can follow. */
export function encodeIndexSortKey(values: readonly AttributeValue[]): Uint8Array {
  return concat(values.map(encodeKeyComponent));
}

/**
 * The entry key of `item` in `index`, or undefined when the item lacks an index key attribute
 * (sparse indexes). `tableStorageKey` is the item's own storage key; its table-independent part
 * ends the entry key, so entries with equal index keys order stably by table key.
 */
export function indexEntryKey(
  index: SecondaryIndexDefinition,
  item: Item,
  tableStorageKey: Uint8Array,
): Uint8Array | undefined {
  const partitionValues = valuesOf(index.partitionKey, item);
  const sortValues = valuesOf(index.sortKey, item);
  if (partitionValues === undefined || sortValues === undefined) return undefined;
  const head = concat([
    indexPartitionPrefix(index, partitionValues),
    encodeIndexSortKey(sortValues),
  ]);
  return withTableKey(head, tableStorageKey);
}

/** The table key after the index key: verbatim when the whole key fits LMDB, else its SHA-256. */
export function withTableKey(head: Uint8Array, tableStorageKey: Uint8Array): Uint8Array {
  const tableKey = tableStorageKey.subarray(INDEX_PREFIX_BYTES);
  if (head.length + 1 + tableKey.length <= MAX_STORAGE_KEY_BYTES) {
    return concat([head, Uint8Array.of(TABLE_KEY_VERBATIM), tableKey]);
  }
  return concat([head, Uint8Array.of(TABLE_KEY_HASHED), sha256(tableKey)]);
}

function valuesOf(attributes: readonly KeyAttribute[], item: Item): AttributeValue[] | undefined {
  const values: AttributeValue[] = [];
  for (const attribute of attributes) {
    const value = attributeOf(item, attribute.name);
    if (value === undefined || !(attribute.type in value)) return undefined;
    values.push(value);
  }
  return values;
}

/** The attribute names an index entry holds; undefined means every attribute (ALL). */
export function projectedAttributeNames(
  table: TableDefinition,
  index: SecondaryIndexDefinition,
): Set<string> | undefined {
  if (index.projection.type === 'ALL') return undefined;
  const names = new Set<string>([table.keySchema.partitionKey.name]);
  if (table.keySchema.sortKey !== undefined) names.add(table.keySchema.sortKey.name);
  for (const attribute of indexKeyAttributes(index)) names.add(attribute.name);
  for (const name of index.projection.nonKeyAttributes ?? []) names.add(name);
  return names;
}

/** The projected part of an item, as the index entry stores it. */
export function projectForIndex(item: Item, names: Set<string> | undefined): Item {
  if (names === undefined) return item;
  const out: Item = {};
  for (const name of Object.keys(item)) {
    if (names.has(name)) setAttribute(out, name, item[name]!);
  }
  return out;
}

/** A projected item in the stored-item format, so Query on an index answers like the table. */
export function encodeIndexEntry(projected: Item): Uint8Array {
  return encodeStoredItem(projected, itemSizeBytes(projected));
}

function sha256(bytes: Uint8Array): Uint8Array {
  return crypto.createHash('sha256').update(bytes).digest();
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
