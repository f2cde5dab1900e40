// DeleteItem: remove one item by its key, if its condition holds, optionally returning it.

import { requireTable } from '../core/catalog.js';
import { writeItemChange } from '../core/item-writer.js';
import { completeWriteResponse } from '../core/write-response.js';
import { consumedCapacity, wantsCapacity, writeUnits } from '../core/capacity.js';
import {
  checkConditionKeyPaths,
  checkWriteCondition,
  planWriteCondition,
  type WriteCondition,
} from '../core/conditional-write.js';
import { checkConditionParameters } from '../core/expression-parameters.js';
import { keyFromKeyMap } from '../core/item-keys.js';
import { decodeStoredItem, storedItemSizeBytes } from '../core/stored-item.js';
import { validationError } from '../errors/dynamodb-error.js';
import type { Item } from '../model/attribute-value.js';
import { validateItem } from '../model/attribute-value-validation.js';
import type { Operation, OperationResult } from './operation.js';

interface DeletePlan {
  readonly tableName: string;
  readonly key: Item;
  readonly returnOld: boolean;
  readonly condition: WriteCondition;
  readonly capacityMode: unknown;
}

/** Everything checkable without the table, in DynamoDB's order. */
function plan(request: Record<string, unknown>): DeletePlan {
  checkConditionParameters(request);
  const key = validateItem(request.Key);
  const returnValues = request.ReturnValues ?? 'NONE';
  if (returnValues !== 'NONE' && returnValues !== 'ALL_OLD') {
    throw validationError('ReturnValues can only be ALL_OLD or NONE');
  }
  const condition = planWriteCondition(request);
  return {
    tableName: request.TableName as string,
    key,
    returnOld: returnValues === 'ALL_OLD',
    condition,
    capacityMode: request.ReturnConsumedCapacity,
  };
}

/** The pure step: the condition check and the response, given the stored old item. */
function respond(del: DeletePlan, old: Uint8Array | undefined): OperationResult {
  const needsOld = del.returnOld || del.condition.condition !== undefined;
  const oldItem = needsOld && old !== undefined ? decodeStoredItem(old) : undefined;
  checkWriteCondition(del.condition, oldItem);
  const response: Record<string, unknown> = {};
  if (del.returnOld && oldItem !== undefined) response.Attributes = oldItem;
  if (wantsCapacity(del.capacityMode)) {
    // Deleting costs the old item's size; deleting nothing still costs 1 unit.
    const units = writeUnits(old === undefined ? undefined : storedItemSizeBytes(old), undefined);
    response.ConsumedCapacity = consumedCapacity(del.capacityMode, del.tableName, units);
  }
  return response;
}

export const deleteItem: Operation = {
  name: 'DeleteItem',
  async execute(request, context) {
    const del = plan(request);
    return context.store.write(async (tx) => {
      const table = await requireTable(tx, del.tableName);
      const { key, storageKey } = keyFromKeyMap(table, del.key);
      checkConditionKeyPaths(del.condition, table);
      const old = await tx.get(storageKey);
      const response = respond(del, old);
      let effects = { indexWriteUnits: {} };
      if (old !== undefined) {
        const nowMs = context.now();
        effects = await writeItemChange(tx, {
          table,
          storageKey,
          oldStored: old,
          newStored: undefined,
          nowMs,
        });
      }
      await completeWriteResponse(tx, response, { table, request, effects, key });
      return response;
    });
  },
};
