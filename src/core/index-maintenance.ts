// Secondary index upkeep for one item change, in the change's own transaction.

import { validationError } from '../errors/dynamodb-error.js';
import { attributeOf, type Item } from '../model/attribute-value.js';
import type { WriteTransaction } from '../storage/engine.js';
import { writeUnits } from './capacity.js';
import {
  encodeIndexEntry,
  indexEntryKey,
  indexKeyAttributes,
  projectedAttributeNames,
  projectForIndex,
} from './index-entries.js';
import { addToItemCollection, hasItemCollections } from './item-collections.js';
import type { DecodedChange } from './item-change.js';
import { keyFromItem, MAX_PARTITION_KEY_BYTES, MAX_SORT_KEY_BYTES } from './item-keys.js';
import { storedItemSizeBytes } from './stored-item.js';
import type { SecondaryIndexDefinition, TableDefinition } from './table-definition.js';

/** Write units consumed per index name. */
export type IndexWriteUnits = Readonly<Record<string, number>>;

const NO_INDEX_WRITES: IndexWriteUnits = Object.freeze({});
const WRITE_UNIT_BYTES = 1024;

/**
 * The indexes every write keeps up to date: all but those being deleted. A CREATING (backfilling)
 * index is written too, so the backfill never misses a write made while it runs.
 */
export function maintainedIndexes(table: TableDefinition): readonly SecondaryIndexDefinition[] {
  return table.indexes?.filter((index) => index.status !== 'DELETING') ?? [];
}

/**
 * Rejects an item whose index key attribute has the wrong type or is an empty string/binary, with
 * DynamoDB's messages. PutItem calls it before its condition (DynamoDB reports the type mismatch
 * even when the condition fails); every write checks again before its index entries are written.
 */
export function checkIndexKeys(
  table: TableDefinition,
  item: Item,
  byUpdateExpression = false,
): void {
  for (const index of maintainedIndexes(table)) {
    checkIndexKeySizes(index, item);
    for (const attribute of indexKeyAttributes(index)) {
      const value = attributeOf(item, attribute.name);
      if (value === undefined) continue;
      if (!(attribute.type in value)) {
        const actual = Object.keys(value)[0];
        throw validationError(
          `One or more parameter values were invalid: Type mismatch for Index Key ${attribute.name} Expected: ${attribute.type} Actual: ${actual} IndexName: ${index.indexName}`,
        );
      }
      const text = 'S' in value ? value.S : 'B' in value ? value.B : undefined;
      if (text === '') {
        const kind = attribute.type === 'S' ? 'string' : 'binary';
        if (byUpdateExpression) throw emptyKeyByUpdate(kind);
        throw validationError(
          `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${kind} value. IndexName: ${index.indexName}, IndexKey: ${attribute.name}`,
        );
      }
    }
  }
}

/**
 * Index key values have the table's key limits (2048 bytes for a partition key, 1024 for a sort
 * key), checked for each index before the types of its keys (DynamoDB Local 3.3 answers "Size
 * limit exceeded" even when the index's other key has the wrong type).
 */
function checkIndexKeySizes(index: SecondaryIndexDefinition, item: Item): void {
  for (const [attributes, limitBytes] of [
    [index.partitionKey, MAX_PARTITION_KEY_BYTES],
    [index.sortKey, MAX_SORT_KEY_BYTES],
  ] as const) {
    for (const attribute of attributes) {
      const value = attributeOf(item, attribute.name);
      const sizeBytes =
        value === undefined || attribute.type === 'N'
          ? 0
          : 'S' in value && attribute.type === 'S'
            ? Buffer.byteLength(value.S, 'utf8')
            : 'B' in value && attribute.type === 'B'
              ? Buffer.byteLength(value.B, 'base64')
              : 0;
      if (sizeBytes > limitBytes) {
        throw validationError('One or more parameter values were invalid: Size limit exceeded');
      }
    }
  }
}

/** UpdateItem with an UpdateExpression (measured on DynamoDB Local 3.3; AttributeUpdates do not). */
function emptyKeyByUpdate(kind: string): Error {
  return validationError(
    `One or more parameter values are not valid. The update expression attempted to update a secondary index key to a value that is not supported. The AttributeValue for a key attribute cannot contain an empty ${kind} value.`,
  );
}

interface Entry {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
  readonly sizeBytes: number;
}

function entryOf(
  table: TableDefinition,
  index: SecondaryIndexDefinition,
  item: Item | undefined,
  tableStorageKey: Uint8Array,
): Entry | undefined {
  if (item === undefined) return undefined;
  const key = indexEntryKey(index, item, tableStorageKey);
  if (key === undefined) return undefined;
  const value = encodeIndexEntry(projectForIndex(item, projectedAttributeNames(table, index)));
  return { key, value, sizeBytes: storedItemSizeBytes(value) };
}

/** Writes one item's entry into one index, if the item has the index's key attributes (backfill). */
export function indexItem(
  tx: WriteTransaction,
  table: TableDefinition,
  index: SecondaryIndexDefinition,
  item: Item,
): Promise<void> {
  const entry = entryOf(table, index, item, keyFromItem(table, item).storageKey);
  if (entry !== undefined) tx.put(entry.key, entry.value);
  return Promise.resolve();
}

/**
 * Replaces `before` by `after` and returns the write units DynamoDB charges the index: nothing
 * when the entry is unchanged, a put or a delete by the entry's size, an update in place by the
 * larger of the two, and a delete plus a put when the item moves between index keys (measured on
 * DynamoDB Local 3.3).
 */
function replaceEntry(tx: WriteTransaction, before?: Entry, after?: Entry): number {
  if (before === undefined && after === undefined) return 0;
  if (before !== undefined && after !== undefined && sameBytes(before.key, after.key)) {
    if (sameBytes(before.value, after.value)) return 0;
    tx.put(after.key, after.value);
    return writeUnits(before.sizeBytes, after.sizeBytes);
  }
  let units = 0;
  if (before !== undefined) {
    tx.delete(before.key);
    units += Math.max(1, Math.ceil(before.sizeBytes / WRITE_UNIT_BYTES));
  }
  if (after !== undefined) {
    tx.put(after.key, after.value);
    units += writeUnits(undefined, after.sizeBytes);
  }
  return units;
}

/** Brings every secondary index of the table up to date with the change; returns units per index. */
export async function maintainIndexes(
  tx: WriteTransaction,
  change: DecodedChange,
): Promise<IndexWriteUnits> {
  const { table, storageKey, oldStored, newStored } = change.change;
  const indexes = maintainedIndexes(table);
  if (indexes.length === 0) return NO_INDEX_WRITES;
  const { oldItem, newItem } = change;
  if (newItem !== undefined) {
    checkIndexKeys(table, newItem, change.change.writtenBy === 'UpdateExpression');
  }
  const units: Record<string, number> = {};
  let localEntryDeltaBytes = 0;
  for (const index of indexes) {
    const before = entryOf(table, index, oldItem, storageKey);
    const after = entryOf(table, index, newItem, storageKey);
    const cost = replaceEntry(tx, before, after);
    if (cost > 0) units[index.indexName] = cost;
    if (index.kind === 'local') {
      localEntryDeltaBytes += (after?.sizeBytes ?? 0) - (before?.sizeBytes ?? 0);
    }
  }
  const item = newItem ?? oldItem;
  if (item !== undefined && hasItemCollections(table)) {
    const itemDeltaBytes =
      (newStored === undefined ? 0 : storedItemSizeBytes(newStored)) -
      (oldStored === undefined ? 0 : storedItemSizeBytes(oldStored));
    await addToItemCollection(tx, table, item, itemDeltaBytes + localEntryDeltaBytes);
  }
  return units;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}
