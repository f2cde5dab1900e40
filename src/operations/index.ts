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
import { getItem } from './get-item.js';
import { listTables } from './list-tables.js';
import { listTagsOfResource } from './list-tags-of-resource.js';
import { putItem } from './put-item.js';
import { query } from './query.js';
import { scan } from './scan.js';
import { tagResource } from './tag-resource.js';
import { untagResource } from './untag-resource.js';
import { updateItem } from './update-item.js';
import { updateTable } from './update-table.js';

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
    getItem,
    listTables,
    listTagsOfResource,
    putItem,
    query,
    scan,
    tagResource,
    untagResource,
    updateItem,
    updateTable,
  ].map((operation) => [operation.name, operation]),
);
