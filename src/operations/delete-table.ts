// DeleteTable: removes the catalog entry and the table's items; the answer shows TableStatus DELETING.

import { getTable, removeTable, requireTable, tableNotFoundMessage } from '../core/catalog.js';
import { KeyPrefix, prefixEnd, tableKeyPrefix } from '../core/keyspace.js';
import { EMPTY_TABLE_STATS, tableDescription, tableStats } from '../core/table-description.js';
import { validationError } from '../errors/dynamodb-error.js';
import type { StorageEngine, WriteTransaction } from '../storage/engine.js';
import type { Operation } from './operation.js';

/** Items deleted per transaction, so deleting a large table never builds one huge transaction. */
const PURGE_BATCH_SIZE = 1000;

/** Deletes up to one batch of the table's items; true when items may remain. */
async function purgeBatch(tx: WriteTransaction, tableNumber: number): Promise<boolean> {
  const start = tableKeyPrefix(KeyPrefix.items, tableNumber);
  const keys: Uint8Array[] = [];
  for await (const entry of tx.scan({ start, end: prefixEnd(start), limit: PURGE_BATCH_SIZE })) {
    keys.push(entry.key);
  }
  for (const key of keys) tx.delete(key);
  return keys.length === PURGE_BATCH_SIZE;
}

/**
 * The items left after the catalog entry is gone are invisible (table numbers are never reused),
 * so purging them in later transactions never shows a half-deleted table.
 */
async function purgeRemainingItems(store: StorageEngine, tableNumber: number): Promise<void> {
  while (await store.write((tx) => purgeBatch(tx, tableNumber)));
}

export const deleteTable: Operation = {
  name: 'DeleteTable',
  async execute(body, context) {
    const tableName = body.TableName as string;
    // The statistics shown are those just before the delete (DynamoDB's are approximate too).
    const stats = await context.store.read(async (tx) => {
      const table = await getTable(tx, tableName);
      return table === undefined ? EMPTY_TABLE_STATS : tableStats(tx, table.tableNumber);
    });
    const { table, more } = await context.store.write(async (tx) => {
      const table = await requireTable(tx, tableName, tableNotFoundMessage(tableName));
      if (table.deletionProtectionEnabled) {
        throw validationError(
          'Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.',
        );
      }
      removeTable(tx, table.tableName);
      return { table, more: await purgeBatch(tx, table.tableNumber) };
    });
    if (more) await purgeRemainingItems(context.store, table.tableNumber);
    return {
      TableDescription: tableDescription(table, context.config, { status: 'DELETING', stats }),
    };
  },
};
