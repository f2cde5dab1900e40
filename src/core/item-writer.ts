// The one place an item change is written: the base item, then everything derived from it
// (secondary index entries, the change log, the TTL index) in the same storage transaction.
//
// Every write path — PutItem, UpdateItem, DeleteItem, BatchWriteItem, transactions, PartiQL, the TTL
// sweeper — goes through `writeItemChange`, so nothing derived can be forgotten or half-written.

import type { WriteTransaction } from '../storage/engine.js';
import { appendChangeRecord } from './change-log.js';
import { DecodedChange, type ItemChange } from './item-change.js';
import { maintainIndexes, type IndexWriteUnits } from './index-maintenance.js';
import { maintainTtlIndex } from './ttl-index.js';

/** What writing one change cost beyond the base table, for ConsumedCapacity. */
export interface ItemWriteEffects {
  /** Write units consumed on each secondary index the change touched. */
  readonly indexWriteUnits: IndexWriteUnits;
}

/** Writes one item change and everything derived from it, atomically with the caller's transaction. */
export async function writeItemChange(
  tx: WriteTransaction,
  change: ItemChange,
): Promise<ItemWriteEffects> {
  const { storageKey, oldStored, newStored } = change;
  if (newStored === undefined) {
    if (oldStored !== undefined) tx.delete(storageKey);
  } else {
    tx.put(storageKey, newStored);
  }
  const decoded = new DecodedChange(change);
  const indexWriteUnits = await maintainIndexes(tx, decoded);
  await appendChangeRecord(tx, decoded);
  await maintainTtlIndex(tx, decoded);
  return { indexWriteUnits };
}
