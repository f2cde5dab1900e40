// BatchWriteItem: up to 25 puts and deletes across tables, all checked before any is written.

import { requireTable } from '../core/catalog.js';
import { writeItemChange } from '../core/item-writer.js';
import { checkIndexKeys } from '../core/index-maintenance.js';
import { batchItemCollectionMetrics } from '../core/item-collections.js';
import type { TableDefinition } from '../core/table-definition.js';
import { batchDeleteUnits, CapacityTally, wantsCapacity, writeUnits } from '../core/capacity.js';
import { keyFromItem, keyFromKeyMap, storageKeyId } from '../core/item-keys.js';
import { encodeStoredItem, storedItemSizeBytes } from '../core/stored-item.js';
import { validationError } from '../errors/dynamodb-error.js';
import type { Item } from '../model/attribute-value.js';
import { validateItem } from '../model/attribute-value-validation.js';
import { checkItemSize } from '../model/item-size.js';
import type { WriteTransaction } from '../storage/engine.js';
import { hasNullElement } from '../shapes/validate-request.js';
import type { Operation } from './operation.js';

/** DynamoDB's limit across all tables of one call. */
const MAX_REQUESTS = 25;

type WriteRequest =
  | { readonly put: Item; readonly stored: Uint8Array; readonly itemSizeBytes: number }
  | { readonly key: Item };

interface TableWrites {
  readonly tableName: string;
  readonly requests: WriteRequest[];
}

function plan(request: Record<string, unknown>): TableWrites[] {
  const requestItems = request.RequestItems as Record<string, Array<Record<string, unknown>>>;
  const tables = Object.entries(requestItems);
  if (tables.length === 0) {
    throw validationError('The requestItems parameter is required for BatchWriteItem');
  }
  let count = 0;
  return tables.map(([tableName, writes]) => {
    // A table sent as null (the framework passes null map values through): DynamoDB Local's answer.
    if (writes === null || writes === undefined) {
      throw validationError(
        `The batch write request list for a table cannot be null or empty: ${tableName}`,
      );
    }
    // A request sent as null: DynamoDB Local's answer (without the table's name).
    if (hasNullElement(writes)) {
      throw validationError('The batch write request list for a table cannot be null or empty');
    }
    count += writes.length;
    if (count > MAX_REQUESTS) {
      throw validationError('Too many items requested for the BatchWriteItem call');
    }
    return { tableName, requests: writes.map(planRequest) };
  });
}

function planRequest(write: Record<string, unknown>): WriteRequest {
  const put = write.PutRequest as { Item: unknown } | undefined;
  const del = write.DeleteRequest as { Key: unknown } | undefined;
  // DynamoDB's wording for a WriteRequest without exactly one of PutRequest/DeleteRequest.
  if ((put === undefined) === (del === undefined)) {
    throw validationError(
      'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
    );
  }
  if (put !== undefined) {
    const item = validateItem(put.Item);
    const itemSizeBytes = checkItemSize(item);
    return { put: item, stored: encodeStoredItem(item, itemSizeBytes), itemSizeBytes };
  }
  return { key: validateItem(del!.Key) };
}

/** Resolves every key (all validation) before the first write; returns the capacity tally. */
async function writeAll(
  tx: WriteTransaction,
  tables: readonly TableWrites[],
  withCapacity: boolean,
  withMetrics: boolean,
  nowMs: number,
): Promise<{ capacity: CapacityTally; metrics: Record<string, unknown[]> | undefined }> {
  const resolved: Array<{
    table: TableDefinition;
    request: WriteRequest;
    storageKey: Uint8Array;
    key: Item;
  }> = [];
  for (const { tableName, requests } of tables) {
    const table = await requireTable(tx, tableName);
    const seen = new Set<string>();
    for (const request of requests) {
      const { key, storageKey } =
        'put' in request
          ? keyFromItem(table, request.put, true)
          : keyFromKeyMap(table, request.key);
      if ('put' in request) checkIndexKeys(table, request.put);
      const id = storageKeyId(storageKey);
      if (seen.has(id)) throw validationError('Provided list of item keys contains duplicates');
      seen.add(id);
      resolved.push({ table, request, storageKey, key });
    }
  }
  const capacity = new CapacityTally();
  for (const { table, request, storageKey } of resolved) {
    const old = await tx.get(storageKey);
    const newStored = 'put' in request ? request.stored : undefined;
    const change = { table, storageKey, oldStored: old, newStored, nowMs };
    const { indexWriteUnits } = await writeItemChange(tx, change);
    if (!withCapacity) continue;
    const oldSize = old === undefined ? undefined : storedItemSizeBytes(old);
    const units =
      'put' in request ? writeUnits(oldSize, request.itemSizeBytes) : batchDeleteUnits(oldSize);
    capacity.add(table.tableName, units, table, indexWriteUnits);
  }
  const metrics = withMetrics ? await batchItemCollectionMetrics(tx, resolved) : undefined;
  return { capacity, metrics };
}

export const batchWriteItem: Operation = {
  name: 'BatchWriteItem',
  async execute(request, context) {
    const tables = plan(request);
    const mode = request.ReturnConsumedCapacity;
    const withCapacity = wantsCapacity(mode);
    const withMetrics = request.ReturnItemCollectionMetrics === 'SIZE';
    const { capacity, metrics } = await context.store.write((tx) =>
      writeAll(tx, tables, withCapacity, withMetrics, context.now()),
    );
    const response: Record<string, unknown> = { UnprocessedItems: {} };
    if (withCapacity) response.ConsumedCapacity = capacity.toWire(mode);
    if (metrics !== undefined && Object.keys(metrics).length > 0) {
      response.ItemCollectionMetrics = metrics;
    }
    return response;
  },
};
