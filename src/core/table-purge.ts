// Everything a deleted table leaves in the store (items, index entries, item-collection counters,
// backfill progress, change log and stream metadata, TTL entries), removed in bounded chunks.
//
// The purge runs after the catalog entry is gone. Every key below is reachable only through the
// table's (or its indexes') number, which is never reused, so nothing half-deleted is ever visible,
// even after a crash mid-purge; a re-created table with the same name starts empty everywhere.

import type { StorageEngine, WriteTransaction } from '../storage/engine.js';
import { indexEntryRange } from './index-entries.js';
import { KeyPrefix, prefixEnd, tableKeyPrefix } from './keyspace.js';
import type { TableDefinition } from './table-definition.js';
import { decodeTtlEntry, TTL_ENTRIES_START } from './ttl-index.js';

/** Keys deleted (or TTL entries walked) per transaction, so no transaction grows huge. */
export const PURGE_BATCH_SIZE = 1000;

interface KeyRange {
  readonly start: Uint8Array;
  readonly end: Uint8Array;
}

function prefixRange(start: Uint8Array): KeyRange {
  return { start, end: prefixEnd(start) };
}

/** The key ranges that belong to the table alone; the items come first. */
export function tableOwnedRanges(table: TableDefinition): KeyRange[] {
  const ranges = [prefixRange(tableKeyPrefix(KeyPrefix.items, table.tableNumber))];
  for (const index of table.indexes ?? []) {
    ranges.push(indexEntryRange(index));
    ranges.push(prefixRange(tableKeyPrefix(KeyPrefix.indexBackfill, index.indexNumber)));
  }
  ranges.push(prefixRange(tableKeyPrefix(KeyPrefix.itemCollections, table.tableNumber)));
  ranges.push(prefixRange(tableKeyPrefix(KeyPrefix.changeLog, table.tableNumber)));
  return ranges;
}

/** Deletes up to one batch of keys from the first non-empty range; true when keys may remain. */
export async function purgeBatch(
  tx: WriteTransaction,
  ranges: readonly KeyRange[],
): Promise<boolean> {
  for (const range of ranges) {
    const keys: Uint8Array[] = [];
    for await (const entry of tx.scan({ ...range, limit: PURGE_BATCH_SIZE })) keys.push(entry.key);
    for (const key of keys) tx.delete(key);
    if (keys.length > 0) return true;
  }
  return false;
}

/**
 * The TTL index is ordered by expiry time, not by table, so the table's entries are found by one
 * bounded walk over it (only for tables that ever had TTL set). Returns where to continue.
 */
async function purgeTtlChunk(
  tx: WriteTransaction,
  tableNumber: number,
  from: Uint8Array,
): Promise<Uint8Array | undefined> {
  let last: Uint8Array | undefined;
  let walked = 0;
  const end = prefixEnd(TTL_ENTRIES_START);
  for await (const entry of tx.scan({ start: from, end, limit: PURGE_BATCH_SIZE })) {
    walked++;
    last = entry.key;
    if (decodeTtlEntry(entry.key, entry.value).tableNumber === tableNumber) tx.delete(entry.key);
  }
  if (last === undefined || walked < PURGE_BATCH_SIZE) return undefined;
  const next = new Uint8Array(last.length + 1);
  next.set(last);
  return next;
}

/** Purges what `removeTable` left behind, one bounded transaction at a time. */
export async function purgeTable(store: StorageEngine, table: TableDefinition): Promise<void> {
  const ranges = tableOwnedRanges(table);
  while (await store.write((tx) => purgeBatch(tx, ranges)));
  if (table.ttl === undefined) return;
  let from: Uint8Array | undefined = TTL_ENTRIES_START;
  while (from !== undefined) {
    const start: Uint8Array = from;
    from = await store.write((tx) => purgeTtlChunk(tx, table.tableNumber, start));
  }
}
