// Every implemented operation, by its X-Amz-Target name, each loaded on its first request.
//
// Loading every operation's module graph before listen cost ~100 ms of start-up (docs/performance.md);
// a server only needs the modules of the operations it is actually asked for.

import { lazyOperation, type LazyOperation } from './lazy-operation.js';

export const OPERATIONS: ReadonlyMap<string, LazyOperation> = new Map(
  [
    lazyOperation(
      'BatchExecuteStatement',
      async () => (await import('./batch-execute-statement.js')).batchExecuteStatement,
    ),
    lazyOperation('BatchGetItem', async () => (await import('./batch-get-item.js')).batchGetItem),
    lazyOperation(
      'BatchWriteItem',
      async () => (await import('./batch-write-item.js')).batchWriteItem,
    ),
    lazyOperation('CreateTable', async () => (await import('./create-table.js')).createTable),
    lazyOperation('DeleteItem', async () => (await import('./delete-item.js')).deleteItem),
    lazyOperation('DeleteTable', async () => (await import('./delete-table.js')).deleteTable),
    lazyOperation(
      'DescribeContinuousBackups',
      async () => (await import('./describe-continuous-backups.js')).describeContinuousBackups,
    ),
    lazyOperation(
      'DescribeEndpoints',
      async () => (await import('./describe-endpoints.js')).describeEndpoints,
    ),
    lazyOperation(
      'DescribeLimits',
      async () => (await import('./describe-limits.js')).describeLimits,
    ),
    lazyOperation('DescribeTable', async () => (await import('./describe-table.js')).describeTable),
    lazyOperation(
      'DescribeTimeToLive',
      async () => (await import('./describe-time-to-live.js')).describeTimeToLive,
    ),
    lazyOperation(
      'ExecuteStatement',
      async () => (await import('./execute-statement.js')).executeStatement,
    ),
    lazyOperation(
      'ExecuteTransaction',
      async () => (await import('./execute-transaction.js')).executeTransaction,
    ),
    lazyOperation('GetItem', async () => (await import('./get-item.js')).getItem),
    lazyOperation('ListTables', async () => (await import('./list-tables.js')).listTables),
    lazyOperation(
      'ListTagsOfResource',
      async () => (await import('./list-tags-of-resource.js')).listTagsOfResource,
    ),
    lazyOperation('PutItem', async () => (await import('./put-item.js')).putItem),
    lazyOperation('Query', async () => (await import('./query.js')).query),
    lazyOperation('Scan', async () => (await import('./scan.js')).scan),
    lazyOperation('TagResource', async () => (await import('./tag-resource.js')).tagResource),
    lazyOperation(
      'TransactGetItems',
      async () => (await import('./transact-get-items.js')).transactGetItems,
    ),
    lazyOperation(
      'TransactWriteItems',
      async () => (await import('./transact-write-items.js')).transactWriteItems,
    ),
    lazyOperation('UntagResource', async () => (await import('./untag-resource.js')).untagResource),
    lazyOperation(
      'UpdateContinuousBackups',
      async () => (await import('./update-continuous-backups.js')).updateContinuousBackups,
    ),
    lazyOperation('UpdateItem', async () => (await import('./update-item.js')).updateItem),
    lazyOperation('UpdateTable', async () => (await import('./update-table.js')).updateTable),
    lazyOperation(
      'UpdateTimeToLive',
      async () => (await import('./update-time-to-live.js')).updateTimeToLive,
    ),
  ].map((operation) => [operation.name, operation]),
);
