// The TTL index (expiry time → item), so the TTL sweeper never scans whole tables.
//
// Entry key: `KeyPrefix.ttlIndex | expiry epoch seconds (u64 BE) | table number (u32 BE) | the item's
// storage key without its own prefix and table number`; value: the table name (UTF-8), so the
// sweeper can load the table definition. Entries may go stale (TTL disabled, table deleted, attribute
// changed): the sweeper re-checks the item before deleting it and drops stale entries.

import type { Item } from '../model/attribute-value.js';
import type { WriteTransaction } from '../storage/engine.js';
import type { DecodedChange } from './item-change.js';
import { KeyPrefix } from './keyspace.js';
import type { TableDefinition } from './table-definition.js';

/** DynamoDB never deletes items whose expiry is more than five years in the past. */
export const MAX_EXPIRY_AGE_SECONDS = 5 * 365 * 24 * 60 * 60;

/** Bytes before the item part of an entry key: prefix, expiry, table number. */
const ENTRY_HEADER_BYTES = 1 + 8 + 4;
/** Bytes of an item storage key before its partition hash: prefix and table number. */
const ITEM_KEY_HEADER_BYTES = 1 + 4;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The expiry (epoch seconds, rounded up so nothing is deleted early) of an item in a table whose
 * TTL attribute is `attributeName`; undefined when the item never expires: attribute missing, not a
 * Number, negative, beyond any date, or already more than five years in the past at `nowMs`.
 */
export function itemExpirySeconds(
  item: Item | undefined,
  attributeName: string,
  nowMs: number,
): number | undefined {
  const value = item?.[attributeName];
  if (value === undefined || !('N' in value)) return undefined;
  const seconds = Math.ceil(Number(value.N));
  if (!Number.isSafeInteger(seconds) || seconds < 0) return undefined;
  if (seconds < nowMs / 1000 - MAX_EXPIRY_AGE_SECONDS) return undefined;
  return seconds;
}

/** The index entry key of the item stored at `storageKey` that expires at `expirySeconds`. */
export function ttlEntryKey(storageKey: Uint8Array, expirySeconds: number): Uint8Array {
  const itemPart = storageKey.subarray(ITEM_KEY_HEADER_BYTES);
  const key = new Uint8Array(ENTRY_HEADER_BYTES + itemPart.length);
  const view = new DataView(key.buffer);
  key[0] = KeyPrefix.ttlIndex;
  view.setBigUint64(1, BigInt(expirySeconds));
  key.set(storageKey.subarray(1, ITEM_KEY_HEADER_BYTES), 9);
  key.set(itemPart, ENTRY_HEADER_BYTES);
  return key;
}

/** The first entry key after every entry expiring at or before `expirySeconds`. */
export function ttlEntriesEnd(expirySeconds: number): Uint8Array {
  const key = new Uint8Array(9);
  key[0] = KeyPrefix.ttlIndex;
  new DataView(key.buffer).setBigUint64(1, BigInt(Math.max(0, expirySeconds + 1)));
  return key;
}

export const TTL_ENTRIES_START = Uint8Array.of(KeyPrefix.ttlIndex);

export interface TtlEntry {
  readonly expirySeconds: number;
  readonly tableNumber: number;
  readonly tableName: string;
  /** The storage key of the item the entry points at. */
  readonly storageKey: Uint8Array;
}

export function decodeTtlEntry(key: Uint8Array, value: Uint8Array): TtlEntry {
  const view = new DataView(key.buffer, key.byteOffset, key.byteLength);
  const storageKey = new Uint8Array(key.length - ENTRY_HEADER_BYTES + ITEM_KEY_HEADER_BYTES);
  storageKey[0] = KeyPrefix.items;
  storageKey.set(key.subarray(9, ENTRY_HEADER_BYTES), 1);
  storageKey.set(key.subarray(ENTRY_HEADER_BYTES), ITEM_KEY_HEADER_BYTES);
  return {
    expirySeconds: Number(view.getBigUint64(1)),
    tableNumber: view.getUint32(9),
    tableName: decoder.decode(value),
    storageKey,
  };
}

/** Indexes one item (a write, or the backfill when TTL is enabled on a table with items). */
export function putTtlEntry(
  tx: WriteTransaction,
  table: TableDefinition,
  storageKey: Uint8Array,
  expirySeconds: number,
): void {
  tx.put(ttlEntryKey(storageKey, expirySeconds), encoder.encode(table.tableName));
}

/**
 * Keeps the TTL index in step with the change while the table's TTL is enabled (or enabling).
 * It needs no reads; it returns a Promise only to share the derived writers' shape (item-writer.ts).
 */
export function maintainTtlIndex(tx: WriteTransaction, change: DecodedChange): Promise<void> {
  const { table, storageKey, nowMs } = change.change;
  const ttl = table.ttl;
  if (ttl === undefined || ttl.status === 'DISABLING') return Promise.resolve();
  const oldExpiry = itemExpirySeconds(change.oldItem, ttl.attributeName, nowMs);
  const newExpiry = itemExpirySeconds(change.newItem, ttl.attributeName, nowMs);
  if (oldExpiry !== newExpiry) {
    if (oldExpiry !== undefined) tx.delete(ttlEntryKey(storageKey, oldExpiry));
    if (newExpiry !== undefined) putTtlEntry(tx, table, storageKey, newExpiry);
  }
  return Promise.resolve();
}
