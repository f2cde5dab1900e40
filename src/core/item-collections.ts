// Item collections of tables with local secondary indexes: their size, its limit, and the metrics.
//
// An item collection is every item of one partition key plus its LSI entries. DynamoDB caps it at
// 10 GB (ItemCollectionSizeLimitExceededException) and reports its size on writes that ask with
// ReturnItemCollectionMetrics=SIZE. The size is a counter per partition, kept under
// KeyPrefix.itemCollections and updated in the write's own transaction: exact, and O(1) per write
// (measuring the partition's items on every write would cost a range read as large as the
// collection). LSIs exist only from CreateTable, so the counter starts with the table at zero.

import { DynamoDbError } from '../errors/dynamodb-error.js';
import type { Item } from '../model/attribute-value.js';
import { encodePartitionPrefix } from '../model/key-encoding.js';
import type { ReadTransaction, WriteTransaction } from '../storage/engine.js';
import { KeyPrefix, tableKeyPrefix } from './keyspace.js';
import type { TableDefinition } from './table-definition.js';

/** DynamoDB's limit on one item collection. */
export const DEFAULT_ITEM_COLLECTION_LIMIT_BYTES = 10 * 1024 ** 3;
const BYTES_PER_GB = 1024 ** 3;

let limitBytes = DEFAULT_ITEM_COLLECTION_LIMIT_BYTES;

/** Lowers (or restores) the limit, so tests can reach it with a few small items. */
export function setItemCollectionLimitBytes(
  bytes: number = DEFAULT_ITEM_COLLECTION_LIMIT_BYTES,
): void {
  limitBytes = bytes;
}

/** Whether the table's writes keep item collections (it has at least one LSI). */
export function hasItemCollections(table: TableDefinition): boolean {
  return table.indexes?.some((index) => index.kind === 'local') ?? false;
}

/** The counter's key: `0x07 ‖ tableNumber ‖ hash(pk) ‖ pk identity`. */
function collectionKey(table: TableDefinition, item: Item): Uint8Array {
  const partitionKey = item[table.keySchema.partitionKey.name]!;
  return encodePartitionPrefix(
    tableKeyPrefix(KeyPrefix.itemCollections, table.tableNumber),
    partitionKey,
  );
}

export async function itemCollectionSizeBytes(
  tx: ReadTransaction,
  table: TableDefinition,
  item: Item,
): Promise<number> {
  const bytes = await tx.get(collectionKey(table, item));
  if (bytes === undefined) return 0;
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getFloat64(0);
}

/**
 * Adds `deltaBytes` (item and LSI entry sizes, new minus old) to the collection of `item`. A write
 * that would grow a collection past the limit fails; one that shrinks it never does.
 */
export async function addToItemCollection(
  tx: WriteTransaction,
  table: TableDefinition,
  item: Item,
  deltaBytes: number,
): Promise<number> {
  const before = await itemCollectionSizeBytes(tx, table, item);
  const after = Math.max(0, before + deltaBytes);
  if (deltaBytes > 0 && after > limitBytes) {
    throw new DynamoDbError(
      'ItemCollectionSizeLimitExceededException',
      'Collection size exceeded.',
    );
  }
  if (deltaBytes === 0) return after;
  const key = collectionKey(table, item);
  if (after === 0) {
    tx.delete(key);
  } else {
    const value = new Uint8Array(8);
    new DataView(value.buffer).setFloat64(0, after);
    tx.put(key, value);
  }
  return after;
}

/** ItemCollectionMetrics as DynamoDB returns it: the partition key and a 1 GB-wide size estimate. */
export interface ItemCollectionMetrics {
  ItemCollectionKey: Item;
  SizeEstimateRangeGB: [number, number];
}

export function itemCollectionMetrics(
  table: TableDefinition,
  item: Item,
  sizeBytes: number,
): ItemCollectionMetrics {
  const name = table.keySchema.partitionKey.name;
  const low = Math.floor(sizeBytes / BYTES_PER_GB);
  return { ItemCollectionKey: { [name]: item[name]! }, SizeEstimateRangeGB: [low, low + 1] };
}

/**
 * BatchWriteItem's ItemCollectionMetrics: per table with LSIs (named as in the request), one entry
 * per write, after all of them.
 */
export async function batchItemCollectionMetrics(
  tx: ReadTransaction,
  writes: ReadonlyArray<{ readonly table: TableDefinition; readonly key: Item }>,
): Promise<Record<string, ItemCollectionMetrics[]>> {
  const out: Record<string, ItemCollectionMetrics[]> = {};
  for (const { table, key } of writes) {
    if (!hasItemCollections(table)) continue;
    const sizeBytes = await itemCollectionSizeBytes(tx, table, key);
    (out[table.tableName] ??= []).push(itemCollectionMetrics(table, key, sizeBytes));
  }
  return out;
}
