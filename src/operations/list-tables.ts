// ListTables: table names in alphabetical order, paged by Limit and ExclusiveStartTableName.

import { listTableNames } from '../core/catalog.js';
import type { Operation } from './operation.js';

/** DynamoDB's page size when Limit is not given (and the largest Limit allowed). */
const DEFAULT_LIMIT = 100;

export const listTables: Operation = {
  name: 'ListTables',
  async execute(body, context) {
    const limit = (body.Limit as number | undefined) ?? DEFAULT_LIMIT;
    const start = body.ExclusiveStartTableName as string | undefined;
    const page = await context.store.read((tx) => listTableNames(tx, limit, start));
    // DynamoDB names the last table only when more follow (not when the page is merely full).
    return page.more
      ? { TableNames: page.tableNames, LastEvaluatedTableName: page.tableNames.at(-1) }
      : { TableNames: page.tableNames };
  },
};
