// DeleteItem: remove one item by its key, optionally returning it.

import { requireTable } from '../core/catalog.js';
import { consumedCapacity, wantsCapacity, writeUnits } from '../core/capacity.js';
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
  return {
    tableName: request.TableName as string,
    key,
    returnOld: returnValues === 'ALL_OLD',
    capacityMode: request.ReturnConsumedCapacity,
  };
}

/** The pure step: the response, given the stored old item (a condition check belongs here). */
function respond(del: DeletePlan, old: Uint8Array | undefined): OperationResult {
  const response: Record<string, unknown> = {};
  if (del.returnOld && old !== undefined) response.Attributes = decodeStoredItem(old);
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
      const { storageKey } = keyFromKeyMap(table, del.key);
      const old = await tx.get(storageKey);
      const response = respond(del, old);
      if (old !== undefined) tx.delete(storageKey);
      return response;
    });
  },
};
