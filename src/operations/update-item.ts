// UpdateItem: change (or create) one item with an UpdateExpression or legacy AttributeUpdates.

import { requireTable } from '../core/catalog.js';
import { writeItemChange } from '../core/item-writer.js';
import { completeWriteResponse } from '../core/write-response.js';
import { consumedCapacity, wantsCapacity, writeUnits } from '../core/capacity.js';
import { checkConditionKeyPaths } from '../core/conditional-write.js';
import { keyFromKeyMap } from '../core/item-keys.js';
import {
  applyItemUpdate,
  checkUpdateValuesSize,
  planItemUpdate,
  type ItemUpdatePlan,
} from '../core/item-update.js';
import { updateReturnAttributes, type UpdateReturnValues } from '../core/return-values.js';
import { decodeStoredItem, encodeStoredItem, storedItemSizeBytes } from '../core/stored-item.js';
import type { TableDefinition } from '../core/table-definition.js';
import type { Item } from '../model/attribute-value.js';
import type { Operation, OperationResult } from './operation.js';

interface UpdatePlan extends ItemUpdatePlan {
  readonly returnValues: UpdateReturnValues;
  readonly capacityMode: unknown;
}

/** The result of the pure step: the item to store and the response. */
interface UpdateResult {
  readonly item: Item;
  readonly itemSizeBytes: number;
  readonly response: OperationResult;
}

function plan(request: Record<string, unknown>): UpdatePlan {
  return {
    ...planItemUpdate(request),
    returnValues: (request.ReturnValues ?? 'NONE') as UpdateReturnValues,
    capacityMode: request.ReturnConsumedCapacity,
  };
}

/** The pure step: condition, update, size limit and response, given the stored old item. */
function apply(
  upd: UpdatePlan,
  table: TableDefinition,
  key: Item,
  old: Uint8Array | undefined,
): UpdateResult {
  const oldItem = old === undefined ? undefined : decodeStoredItem(old);
  const outcome = applyItemUpdate(upd, table, key, oldItem);
  const response: Record<string, unknown> = {};
  const attributes = updateReturnAttributes(
    upd.returnValues,
    oldItem,
    outcome.item,
    outcome.updatedPaths,
  );
  if (attributes !== undefined) response.Attributes = attributes;
  if (wantsCapacity(upd.capacityMode)) {
    const oldSize = old === undefined ? undefined : storedItemSizeBytes(old);
    const units = writeUnits(oldSize, outcome.itemSizeBytes);
    response.ConsumedCapacity = consumedCapacity(upd.capacityMode, upd.tableName, units);
  }
  return { item: outcome.item, itemSizeBytes: outcome.itemSizeBytes, response };
}

export const updateItem: Operation = {
  name: 'UpdateItem',
  async execute(request, context) {
    const upd = plan(request);
    return context.store.write(async (tx) => {
      const table = await requireTable(tx, upd.tableName);
      const { key, storageKey } = keyFromKeyMap(table, upd.key);
      checkUpdateValuesSize(upd);
      checkConditionKeyPaths(upd.condition, table);
      const old = await tx.get(storageKey);
      const result = apply(upd, table, key, old);
      const newStored = encodeStoredItem(result.item, result.itemSizeBytes);
      const effects = await writeItemChange(tx, {
        table,
        storageKey,
        oldStored: old,
        newStored,
        nowMs: context.now(),
        ...(request.UpdateExpression === undefined ? {} : { writtenBy: 'UpdateExpression' }),
      });
      await completeWriteResponse(tx, result.response, { table, request, effects, key });
      return result.response;
    });
  },
};
