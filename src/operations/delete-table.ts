// DeleteTable: removes the catalog entry and all the table owns (core/table-purge.ts); answers DELETING.

import { getTable, removeTable, requireTable, tableNotFoundMessage } from '../core/catalog.js';
import { purgeBatch, purgeTable, tableOwnedRanges } from '../core/table-purge.js';
import { EMPTY_TABLE_STATS, tableDescription, tableStats } from '../core/table-description.js';
import { validationError } from '../errors/dynamodb-error.js';
import type { Operation } from './operation.js';

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
      return { table, more: await purgeBatch(tx, tableOwnedRanges(table)) };
    });
    // The rest (and the TTL entries) go in bounded transactions before the answer.
    if (more || table.ttl !== undefined) await purgeTable(context.store, table);
    return {
      TableDescription: tableDescription(table, context.config, { status: 'DELETING', stats }),
    };
  },
};
