// What a single-item write adds to its response once its index upkeep is done: the index share of
// ConsumedCapacity and, for tables with LSIs, ItemCollectionMetrics.

import type { Item } from '../model/attribute-value.js';
import type { ReadTransaction } from '../storage/engine.js';
import { indexedCapacity, type ConsumedCapacity } from './capacity.js';
import {
  hasItemCollections,
  itemCollectionMetrics,
  itemCollectionSizeBytes,
} from './item-collections.js';
import type { ItemWriteEffects } from './item-writer.js';
import type { TableDefinition } from './table-definition.js';

export interface WriteResponseSpec {
  readonly table: TableDefinition;
  /** The request's ReturnConsumedCapacity and ReturnItemCollectionMetrics members. */
  readonly request: Record<string, unknown>;
  readonly effects: ItemWriteEffects;
  /** The written item's key (or any item of its partition). */
  readonly key: Item;
}

/**
 * Completes `response` (whose ConsumedCapacity, if any, holds the table's units) in place: adds
 * the units the write consumed on each index, and ItemCollectionMetrics when asked for with SIZE
 * on a table with local secondary indexes (DynamoDB's rule; DynamoDB Local never returns them).
 */
export async function completeWriteResponse(
  tx: ReadTransaction,
  writeResponse: object,
  spec: WriteResponseSpec,
): Promise<void> {
  const response = writeResponse as Record<string, unknown>;
  const capacity = response.ConsumedCapacity as ConsumedCapacity | undefined;
  const mode = spec.request.ReturnConsumedCapacity;
  if (capacity !== undefined && (mode === 'TOTAL' || mode === 'INDEXES')) {
    const tableUnits = capacity.Table?.CapacityUnits ?? capacity.CapacityUnits;
    response.ConsumedCapacity = {
      ...indexedCapacity(mode, spec.table, tableUnits, spec.effects.indexWriteUnits),
      TableName: capacity.TableName,
    };
  }
  if (spec.request.ReturnItemCollectionMetrics === 'SIZE' && hasItemCollections(spec.table)) {
    const sizeBytes = await itemCollectionSizeBytes(tx, spec.table, spec.key);
    response.ItemCollectionMetrics = itemCollectionMetrics(spec.table, spec.key, sizeBytes);
  }
}
