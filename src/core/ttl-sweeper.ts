// The TTL background job: finishes TTL state changes (indexing existing items on enable) and deletes
// expired items found through the TTL index, in bounded steps, as DynamoDB's TTL process does.

import type { ReadTransaction, WriteTransaction } from '../storage/engine.js';
import type { BackgroundJob, JobContext } from './background-jobs.js';
import { getTable, putTable } from './catalog.js';
import { writeItemChange } from './item-writer.js';
import { KeyPrefix, prefixEnd, tableKeyPrefix } from './keyspace.js';
import { decodeStoredItem } from './stored-item.js';
import type { TableDefinition } from './table-definition.js';
import {
  decodeTtlEntry,
  itemExpirySeconds,
  putTtlEntry,
  TTL_ENTRIES_START,
  ttlEntriesEnd,
  ttlEntryKey,
  type TtlEntry,
} from './ttl-index.js';

/** Default delay between expiry and deletion (DynamoDB's own is "typically within a few days"). */
export const DEFAULT_TTL_DELAY_SECONDS = 5;
/** Items indexed or deleted per step: small, so one step never holds the store for long. */
const ITEMS_PER_STEP = 100;

const decoder = new TextDecoder();
const CATALOG_START = Uint8Array.of(KeyPrefix.catalog);

export const ttlSweeperJob: BackgroundJob = {
  name: 'ttl-sweeper',
  intervalMs: 1000,
  async step(context) {
    const pending = await context.store.read(tablesWithTtlChange);
    const first = pending[0];
    if (first !== undefined) {
      await context.store.write((tx) => advanceTtlChange(tx, first.tableName, context.now()));
      return true;
    }
    return sweepExpired(context);
  },
};

/** Tables whose TTL is ENABLING or DISABLING. The catalog is small; a scan of it is cheap. */
async function tablesWithTtlChange(tx: ReadTransaction): Promise<TableDefinition[]> {
  const tables: TableDefinition[] = [];
  for await (const entry of tx.scan({ start: CATALOG_START, end: prefixEnd(CATALOG_START) })) {
    const table = JSON.parse(decoder.decode(entry.value)) as TableDefinition;
    if (table.ttl !== undefined && table.ttl.status !== 'ENABLED') tables.push(table);
  }
  return tables;
}

/**
 * One step of a TTL state change: DISABLING becomes DISABLED (stale index entries are dropped by
 * the sweeper); ENABLING indexes the next items after `backfilledThrough`, then becomes ENABLED.
 */
async function advanceTtlChange(
  tx: WriteTransaction,
  tableName: string,
  nowMs: number,
): Promise<void> {
  const table = await getTable(tx, tableName);
  const ttl = table?.ttl;
  if (table === undefined || ttl === undefined || ttl.status === 'ENABLED') return;
  if (ttl.status === 'DISABLING') {
    const { ttl: _disabled, ...rest } = table;
    putTable(tx, rest);
    return;
  }
  const itemsStart = tableKeyPrefix(KeyPrefix.items, table.tableNumber);
  const start =
    ttl.backfilledThrough === undefined
      ? itemsStart
      : Uint8Array.of(...Buffer.from(ttl.backfilledThrough, 'hex'), 0);
  let last: Uint8Array | undefined;
  let count = 0;
  for await (const entry of tx.scan({ start, end: prefixEnd(itemsStart), limit: ITEMS_PER_STEP })) {
    const expiry = itemExpirySeconds(decodeStoredItem(entry.value), ttl.attributeName, nowMs);
    if (expiry !== undefined) putTtlEntry(tx, table, entry.key, expiry);
    last = entry.key;
    count += 1;
  }
  putTable(tx, {
    ...table,
    ttl:
      count === ITEMS_PER_STEP && last !== undefined
        ? { ...ttl, backfilledThrough: Buffer.from(last).toString('hex') }
        : { attributeName: ttl.attributeName, status: 'ENABLED' },
  });
}

/** Deletes up to ITEMS_PER_STEP expired items; true when more may be waiting. */
async function sweepExpired(context: JobContext): Promise<boolean> {
  const nowMs = context.now();
  const delaySeconds = context.config.ttlDelaySeconds ?? DEFAULT_TTL_DELAY_SECONDS;
  const cutoffSeconds = Math.floor((nowMs - delaySeconds * 1000) / 1000);
  if (cutoffSeconds < 0) return false;
  return context.store.write(async (tx) => {
    let count = 0;
    const end = ttlEntriesEnd(cutoffSeconds);
    const entries: TtlEntry[] = [];
    for await (const entry of tx.scan({ start: TTL_ENTRIES_START, end, limit: ITEMS_PER_STEP })) {
      entries.push(decodeTtlEntry(entry.key, entry.value));
    }
    for (const entry of entries) {
      await expireEntry(tx, entry, nowMs);
      count += 1;
    }
    return count === ITEMS_PER_STEP;
  });
}

/**
 * Deletes the entry's item if, in this transaction, its table still has TTL on the same attribute
 * and the item still carries this expiry (a re-set expiry is not deleted early); otherwise the
 * entry is stale and only the entry goes.
 */
async function expireEntry(tx: WriteTransaction, entry: TtlEntry, nowMs: number): Promise<void> {
  const table = await getTable(tx, entry.tableName);
  const ttl = table?.ttl;
  const stored = await tx.get(entry.storageKey);
  if (
    table === undefined ||
    ttl === undefined ||
    ttl.status === 'DISABLING' ||
    table.tableNumber !== entry.tableNumber ||
    stored === undefined ||
    itemExpirySeconds(decodeStoredItem(stored), ttl.attributeName, nowMs) !== entry.expirySeconds
  ) {
    tx.delete(ttlEntryKey(entry.storageKey, entry.expirySeconds));
    return;
  }
  // writeItemChange drops the entry too (maintainTtlIndex), and writes the REMOVE stream record.
  await writeItemChange(tx, {
    table,
    storageKey: entry.storageKey,
    oldStored: stored,
    newStored: undefined,
    origin: 'ttl',
    nowMs,
  });
}
