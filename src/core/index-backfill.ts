// The index background job: fills a GSI created by UpdateTable from the table's existing items, and
// removes the entries of a deleted index, in bounded steps that resume after a restart.
//
// Why a backfill neither misses nor doubles a write made while it runs: from the moment UpdateTable
// stores the index as CREATING, every item write maintains it (index-maintenance.ts writes entries
// for CREATING indexes, in the write's own transaction, from the old and new item). Each backfill
// step is one serializable transaction that reads a chunk of items and puts each one's entry. An
// entry's key and value are functions of the item alone, so putting it again is idempotent: if a
// write committed before the step, the step writes what maintenance already wrote; if it commits
// after, it sees the step's entry as the old item's entry and replaces or deletes it. Items written
// before the index existed are exactly the ones the walk over the table covers. Progress (the last
// item storage key done) lives under its own key, not in the catalog, so steps do not conflict
// with item writes, which read the table's catalog entry.

import type { ReadTransaction, WriteTransaction } from '../storage/engine.js';
import type { BackgroundJob } from './background-jobs.js';
import { getTable, putTable } from './catalog.js';
import { indexEntryRange } from './index-entries.js';
import { indexItem } from './index-maintenance.js';
import { KeyPrefix, prefixEnd, tableKeyPrefix } from './keyspace.js';
import { decodeStoredItem } from './stored-item.js';
import type { SecondaryIndexDefinition, TableDefinition } from './table-definition.js';

/** Items indexed (or entries removed) per step: small, so a step never holds the store for long. */
export const BACKFILL_ITEMS_PER_STEP = 100;

const decoder = new TextDecoder();
const CATALOG_START = Uint8Array.of(KeyPrefix.catalog);

interface PendingIndex {
  readonly tableName: string;
  readonly indexNumber: number;
}

export const indexBackfillJob: BackgroundJob = {
  name: 'index-backfill',
  intervalMs: 1000,
  async step(context) {
    const pending = await context.store.read(pendingIndexes);
    const first = pending[0];
    if (first === undefined) return false;
    await context.store.write((tx) => advanceIndex(tx, first));
    return true;
  },
};

/** Indexes being created or deleted, in catalog order. */
async function pendingIndexes(tx: ReadTransaction): Promise<PendingIndex[]> {
  const pending: PendingIndex[] = [];
  for await (const entry of tx.scan({ start: CATALOG_START, end: prefixEnd(CATALOG_START) })) {
    const table = JSON.parse(decoder.decode(entry.value)) as TableDefinition;
    for (const index of table.indexes ?? []) {
      if (index.status === 'CREATING' || index.status === 'DELETING') {
        pending.push({ tableName: table.tableName, indexNumber: index.indexNumber });
      }
    }
  }
  return pending;
}

async function advanceIndex(tx: WriteTransaction, pending: PendingIndex): Promise<void> {
  const table = await getTable(tx, pending.tableName);
  const index = table?.indexes?.find((i) => i.indexNumber === pending.indexNumber);
  if (table === undefined || index === undefined) return;
  if (index.status === 'CREATING') await backfillStep(tx, table, index);
  else if (index.status === 'DELETING') await deletionStep(tx, table, index);
}

/** `KeyPrefix.indexBackfill ‖ indexNumber`: the last item storage key the backfill has indexed. */
function progressKey(index: SecondaryIndexDefinition): Uint8Array {
  return tableKeyPrefix(KeyPrefix.indexBackfill, index.indexNumber);
}

async function backfillStep(
  tx: WriteTransaction,
  table: TableDefinition,
  index: SecondaryIndexDefinition,
): Promise<void> {
  const itemsStart = tableKeyPrefix(KeyPrefix.items, table.tableNumber);
  const done = await tx.get(progressKey(index));
  // Resume just after the last key done (the smallest key greater than it).
  const start = done === undefined ? itemsStart : Uint8Array.of(...done, 0);
  let last: Uint8Array | undefined;
  let count = 0;
  const scan = { start, end: prefixEnd(itemsStart), limit: BACKFILL_ITEMS_PER_STEP };
  for await (const entry of tx.scan(scan)) {
    await indexItem(tx, table, index, decodeStoredItem(entry.value));
    last = entry.key;
    count += 1;
  }
  if (count === BACKFILL_ITEMS_PER_STEP) {
    tx.put(progressKey(index), Uint8Array.from(last!));
    return;
  }
  tx.delete(progressKey(index));
  putTable(
    tx,
    withIndex(table, index, (i) => activated(i)),
  );
}

function activated(index: SecondaryIndexDefinition): SecondaryIndexDefinition {
  const { backfilling: _done, ...rest } = index;
  return { ...rest, status: 'ACTIVE' };
}

async function deletionStep(
  tx: WriteTransaction,
  table: TableDefinition,
  index: SecondaryIndexDefinition,
): Promise<void> {
  let count = 0;
  for await (const entry of tx.scan({
    ...indexEntryRange(index),
    limit: BACKFILL_ITEMS_PER_STEP,
  })) {
    tx.delete(entry.key);
    count += 1;
  }
  if (count === BACKFILL_ITEMS_PER_STEP) return;
  // A deletion may interrupt a backfill: its progress goes too.
  tx.delete(progressKey(index));
  putTable(tx, withoutUnusedDefinitions(withIndex(table, index, () => undefined)));
}

function withIndex(
  table: TableDefinition,
  index: SecondaryIndexDefinition,
  change: (index: SecondaryIndexDefinition) => SecondaryIndexDefinition | undefined,
): TableDefinition {
  const indexes = (table.indexes ?? []).flatMap((i) => {
    if (i.indexNumber !== index.indexNumber) return [i];
    const changed = change(i);
    return changed === undefined ? [] : [changed];
  });
  if (indexes.length > 0) return { ...table, indexes };
  const { indexes: _none, ...rest } = table;
  return rest;
}

/** DynamoDB drops the attribute definitions only a deleted index used. */
function withoutUnusedDefinitions(table: TableDefinition): TableDefinition {
  const used = new Set<string>([table.keySchema.partitionKey.name]);
  if (table.keySchema.sortKey !== undefined) used.add(table.keySchema.sortKey.name);
  for (const index of table.indexes ?? []) {
    for (const key of [...index.partitionKey, ...index.sortKey]) used.add(key.name);
  }
  const attributeDefinitions = table.attributeDefinitions.filter((d) => used.has(d.AttributeName));
  return { ...table, attributeDefinitions };
}
