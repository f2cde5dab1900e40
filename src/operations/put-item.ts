// PutItem: replace one item as a whole, if its condition holds, optionally returning the item it replaced.

import { requireTable } from '../core/catalog.js';
import { writeItemChange } from '../core/item-writer.js';
import { consumedCapacity, wantsCapacity, writeUnits } from '../core/capacity.js';
import {
  checkConditionKeyPaths,
  checkWriteCondition,
  planWriteCondition,
  type WriteCondition,
} from '../core/conditional-write.js';
import { checkConditionParameters } from '../core/expression-parameters.js';
import { checkIndexKeys } from '../core/index-maintenance.js';
import { completeWriteResponse } from '../core/write-response.js';
import { keyFromItem } from '../core/item-keys.js';
import { decodeStoredItem, encodeStoredItem, storedItemSizeBytes } from '../core/stored-item.js';
import { validationError } from '../errors/dynamodb-error.js';
import type { Item } from '../model/attribute-value.js';
import { validateItem } from '../model/attribute-value-validation.js';
import { checkItemSize } from '../model/item-size.js';
import type { Operation, OperationResult } from './operation.js';

interface PutPlan {
  readonly tableName: string;
  readonly item: Item;
  readonly itemSizeBytes: number;
  readonly returnOld: boolean;
  readonly condition: WriteCondition;
  readonly capacityMode: unknown;
}

/** Everything checkable without the table, in DynamoDB's order. */
function plan(request: Record<string, unknown>): PutPlan {
  checkConditionParameters(request);
  const item = validateItem(request.Item);
  const returnValues = request.ReturnValues ?? 'NONE';
  if (returnValues !== 'NONE' && returnValues !== 'ALL_OLD') {
    throw validationError('ReturnValues can only be ALL_OLD or NONE');
  }
  const itemSizeBytes = checkItemSize(item);
  const condition = planWriteCondition(request);
  return {
    tableName: request.TableName as string,
    item,
    itemSizeBytes,
    returnOld: returnValues === 'ALL_OLD',
    condition,
    capacityMode: request.ReturnConsumedCapacity,
  };
}

/** The pure step: the condition check and the response, given the stored old item. */
function respond(put: PutPlan, old: Uint8Array | undefined): OperationResult {
  const needsOld = put.returnOld || put.condition.condition !== undefined;
  const oldItem = needsOld && old !== undefined ? decodeStoredItem(old) : undefined;
  checkWriteCondition(put.condition, oldItem);
  const response: Record<string, unknown> = {};
  if (put.returnOld && oldItem !== undefined) response.Attributes = oldItem;
  if (wantsCapacity(put.capacityMode)) {
    const oldSize = old === undefined ? undefined : storedItemSizeBytes(old);
    const units = writeUnits(oldSize, put.itemSizeBytes);
    response.ConsumedCapacity = consumedCapacity(put.capacityMode, put.tableName, units);
  }
  return response;
}

export const putItem: Operation = {
  name: 'PutItem',
  async execute(request, context) {
    const put = plan(request);
    const stored = encodeStoredItem(put.item, put.itemSizeBytes);
    return context.store.write(async (tx) => {
      const table = await requireTable(tx, put.tableName);
      const { key, storageKey } = keyFromItem(table, put.item);
      checkConditionKeyPaths(put.condition, table);
      checkIndexKeys(table, put.item);
      const old = await tx.get(storageKey);
      const response = respond(put, old);
      const nowMs = context.now();
      const change = { table, storageKey, oldStored: old, newStored: stored, nowMs };
      const effects = await writeItemChange(tx, change);
      await completeWriteResponse(tx, response, { table, request, effects, key });
      return response;
    });
  },
};
