// UpdateItem: change (or create) one item with an UpdateExpression or legacy AttributeUpdates.

import { requireTable } from '../core/catalog.js';
import { writeItemChange } from '../core/item-writer.js';
import { consumedCapacity, wantsCapacity, writeUnits } from '../core/capacity.js';
import {
  checkConditionKeyPaths,
  checkWriteCondition,
  compileWriteCondition,
  type WriteCondition,
} from '../core/conditional-write.js';
import {
  checkConditionalOperator,
  checkExpressionParameters,
} from '../core/expression-parameters.js';
import { keyAttributeNames, keyFromKeyMap } from '../core/item-keys.js';
import { requestExpressionScope } from '../core/request-expressions.js';
import { updateReturnAttributes, type UpdateReturnValues } from '../core/return-values.js';
import { decodeStoredItem, encodeStoredItem, storedItemSizeBytes } from '../core/stored-item.js';
import { validationError } from '../errors/dynamodb-error.js';
import {
  compileAttributeUpdates,
  compileUpdate,
  type CompiledUpdate,
  type UpdateOutcome,
} from '../expressions/api.js';
import type { Item } from '../model/attribute-value.js';
import { validateItem } from '../model/attribute-value-validation.js';
import { itemSizeBytes, MAX_ITEM_SIZE_BYTES } from '../model/item-size.js';
import type { Operation, OperationResult } from './operation.js';

interface UpdatePlan {
  readonly tableName: string;
  readonly key: Item;
  /** Undefined when the request names no update: the item is only created (or left) as it is. */
  readonly update: CompiledUpdate | undefined;
  readonly condition: WriteCondition;
  readonly returnValues: UpdateReturnValues;
  readonly capacityMode: unknown;
}

/** The result of the pure step: the item to store and the response. */
interface UpdateResult {
  readonly item: Item;
  readonly itemSizeBytes: number;
  readonly response: OperationResult;
}

/**
 * Everything checkable without the table, in DynamoDB's order: parameter mixing, the key, the
 * names and values maps, Expected before AttributeUpdates (legacy) or the UpdateExpression
 * before the ConditionExpression, then unused names and values.
 */
function plan(request: Record<string, unknown>): UpdatePlan {
  checkExpressionParameters(
    request,
    ['UpdateExpression', 'ConditionExpression'],
    ['AttributeUpdates', 'Expected', 'ConditionalOperator'],
  );
  checkConditionalOperator(request);
  const key = validateItem(request.Key);
  const scope = requestExpressionScope(request);
  let update: CompiledUpdate | undefined;
  let condition: WriteCondition;
  if (request.UpdateExpression !== undefined) {
    update = compileUpdate(scope, request.UpdateExpression as string);
    condition = compileWriteCondition(request, scope);
  } else {
    condition = compileWriteCondition(request, scope);
    const updates = request.AttributeUpdates as Readonly<Record<string, unknown>> | undefined;
    update = updates === undefined ? undefined : compileAttributeUpdates(updates);
  }
  scope.assertAllUsed();
  return {
    tableName: request.TableName as string,
    key,
    update,
    condition,
    returnValues: (request.ReturnValues ?? 'NONE') as UpdateReturnValues,
    capacityMode: request.ReturnConsumedCapacity,
  };
}

/** DynamoDB refuses any update path that starts at a key attribute, even a nested one. */
function checkKeyNotUpdated(update: CompiledUpdate | undefined, keyNames: readonly string[]): void {
  for (const path of update?.targetPaths ?? []) {
    const top = path[0];
    if (typeof top === 'string' && keyNames.includes(top)) {
      throw validationError(
        `One or more parameter values were invalid: Cannot update attribute ${top}. This attribute is part of the key`,
      );
    }
  }
}

/** The pure step: condition, update, size limit and response, given the stored old item. */
function apply(upd: UpdatePlan, key: Item, old: Uint8Array | undefined): UpdateResult {
  const oldItem = old === undefined ? undefined : decodeStoredItem(old);
  checkWriteCondition(upd.condition, oldItem);
  const outcome: UpdateOutcome =
    upd.update === undefined
      ? { item: oldItem ?? { ...key }, updatedPaths: [] }
      : upd.update.apply(oldItem, key);
  const sizeBytes = itemSizeBytes(outcome.item);
  if (sizeBytes > MAX_ITEM_SIZE_BYTES) {
    throw validationError('Item size to update has exceeded the maximum allowed size');
  }
  const response: Record<string, unknown> = {};
  const attributes = updateReturnAttributes(
    upd.returnValues,
    oldItem,
    outcome.item,
    outcome.updatedPaths,
  );
  if (attributes !== undefined) response.Attributes = attributes;
  if (wantsCapacity(upd.capacityMode)) {
    const units = writeUnits(old === undefined ? undefined : storedItemSizeBytes(old), sizeBytes);
    response.ConsumedCapacity = consumedCapacity(upd.capacityMode, upd.tableName, units);
  }
  return { item: outcome.item, itemSizeBytes: sizeBytes, response };
}

export const updateItem: Operation = {
  name: 'UpdateItem',
  async execute(request, context) {
    const upd = plan(request);
    return context.store.write(async (tx) => {
      const table = await requireTable(tx, upd.tableName);
      const { key, storageKey } = keyFromKeyMap(table, upd.key);
      checkConditionKeyPaths(upd.condition, table);
      checkKeyNotUpdated(upd.update, keyAttributeNames(table));
      const old = await tx.get(storageKey);
      const result = apply(upd, key, old);
      const newStored = encodeStoredItem(result.item, result.itemSizeBytes);
      await writeItemChange(tx, {
        table,
        storageKey,
        oldStored: old,
        newStored,
        nowMs: context.now(),
      });
      return result.response;
    });
  },
};
