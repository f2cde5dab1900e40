// The DeleteTable purge removes every key the table owns, in bounded chunks, and nothing else.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openMemoryEngine } from '../storage/memory/memory-engine.js';
import { indexPrefix } from './index-entries.js';
import { KeyPrefix, tableKeyPrefix } from './keyspace.js';
import type { SecondaryIndexDefinition, TableDefinition } from './table-definition.js';
import { PURGE_BATCH_SIZE, purgeTable } from './table-purge.js';
import { ttlEntryKey } from './ttl-index.js';

const index = (indexNumber: number) => ({ indexNumber }) as unknown as SecondaryIndexDefinition;
const table = (tableNumber: number, indexNumber: number) =>
  ({ tableNumber, indexes: [index(indexNumber)], ttl: {} }) as unknown as TableDefinition;

function withSuffix(prefix: Uint8Array, n: number): Uint8Array {
  return Uint8Array.from([...prefix, n >> 8, n & 0xff]);
}

/** Keys of every kind a table owns: more items than one purge batch holds. */
function ownedKeys(tableNumber: number, indexNumber: number): Uint8Array[] {
  const keys: Uint8Array[] = [];
  for (let i = 0; i < PURGE_BATCH_SIZE + 5; i++) {
    const item = withSuffix(tableKeyPrefix(KeyPrefix.items, tableNumber), i);
    keys.push(item, ttlEntryKey(item, 1000 + i));
  }
  keys.push(withSuffix(indexPrefix(index(indexNumber)), 1));
  keys.push(withSuffix(tableKeyPrefix(KeyPrefix.indexBackfill, indexNumber), 1));
  keys.push(withSuffix(tableKeyPrefix(KeyPrefix.itemCollections, tableNumber), 1));
  keys.push(withSuffix(tableKeyPrefix(KeyPrefix.changeLog, tableNumber), 1));
  return keys;
}

test('purgeTable removes all the table owns and keeps other tables intact', async () => {
  const store = openMemoryEngine();
  const doomed = ownedKeys(7, 70);
  const kept = ownedKeys(8, 80);
  await store.write((tx) => {
    for (const key of [...doomed, ...kept]) tx.put(key, Uint8Array.of(0x01));
    return Promise.resolve();
  });
  await purgeTable(store, table(7, 70));
  const left = await store.read(async (tx) => {
    const out: string[] = [];
    for await (const entry of tx.scan({ start: Uint8Array.of(0x01), end: Uint8Array.of(0x10) })) {
      out.push(Buffer.from(entry.key).toString('hex'));
    }
    return out;
  });
  const hex = (keys: Uint8Array[]) => keys.map((key) => Buffer.from(key).toString('hex')).sort();
  assert.deepEqual(left.sort(), hex(kept));
});
