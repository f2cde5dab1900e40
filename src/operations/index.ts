// Every implemented operation, by its X-Amz-Target name.

import type { Operation } from './operation.js';
import { batchGetItem } from './batch-get-item.js';
import { batchWriteItem } from './batch-write-item.js';
import { createTable } from './create-table.js';
import { deleteItem } from './delete-item.js';
import { deleteTable } from './delete-table.js';
import { describeEndpoints } from './describe-endpoints.js';
import { describeLimits } from './describe-limits.js';
import { describeTable } from './describe-table.js';
import { describeTimeToLive } from './describe-time-to-live.js';
import { getItem } from './get-item.js';
import { listTables } from './list-tables.js';
import { listTagsOfResource } from './list-tags-of-resource.js';
import { putItem } from './put-item.js';
import { query } from './query.js';
import { scan } from './scan.js';
import { tagResource } from './tag-resource.js';
import { transactGetItems } from './transact-get-items.js';
import { transactWriteItems } from './transact-write-items.js';
import { untagResource } from './untag-resource.js';
import { updateItem } from './update-item.js';
import { updateTable } from './update-table.js';
import { updateTimeToLive } from './update-time-to-live.js';

export const OPERATIONS: ReadonlyMap<string, Operation> = new Map(
  [
    batchGetItem,
    batchWriteItem,
    createTable,
    deleteItem,
    deleteTable,
    describeEndpoints,
    describeLimits,
    describeTable,
    describeTimeToLive,
    getItem,
    listTables,
    listTagsOfResource,
    putItem,
    query,
    scan,
    tagResource,
    transactGetItems,
    transactWriteItems,
    untagResource,
    updateItem,
    updateTable,
    updateTimeToLive,
  ].map((operation) => [operation.name, operation]),
);
