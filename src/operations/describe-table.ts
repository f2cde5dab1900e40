// DescribeTable: the catalog entry plus exact item statistics, read in one snapshot.

import { requireTable, tableNotFoundMessage } from '../core/catalog.js';
import { indexStats, tableDescription, tableStats } from '../core/table-description.js';
import type { Operation } from './operation.js';

export const describeTable: Operation = {
  name: 'DescribeTable',
  async execute(body, context) {
    const tableName = body.TableName as string;
    return context.store.read(async (tx) => {
      const table = await requireTable(tx, tableName, tableNotFoundMessage(tableName));
      const stats = await tableStats(tx, table.tableNumber);
      return {
        Table: tableDescription(table, context.config, {
          stats,
          indexStats: await indexStats(tx, table),
        }),
      };
    });
  },
};
