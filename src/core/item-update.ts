// One item update planned and applied: UpdateItem's and a transaction's Update action share it.

import { validationError } from '../errors/dynamodb-error.js';
import {
  compileAttributeUpdates,
  compileUpdate,
  type CompiledUpdate,
  type DocumentPath,
  type UpdateOutcome,
} from '../expressions/api.js';
import { attributeOf, type Item } from '../model/attribute-value.js';
import { nestsTooDeep, validateItem } from '../model/attribute-value-validation.js';
import { itemSizeBytes, MAX_ITEM_SIZE_BYTES } from '../model/item-size.js';
import {
  checkWriteCondition,
  compileWriteCondition,
  type WriteCondition,
} from './conditional-write.js';
import { checkExpressionParameters } from './expression-parameters.js';
import { keyAttributeNames } from './item-keys.js';
import { assertScalarTableKeyPaths } from './key-paths.js';
import { requestExpressionScope } from './request-expressions.js';
import type { TableDefinition } from './table-definition.js';

/**
 * Set (to true) on an UpdateItem request built from a PartiQL UPDATE: its UpdateExpression allows
 * PartiQL's arithmetic (parser.ts `parseUpdate`). A symbol, so no wire request can carry it.
 */
export const PARTIQL_UPDATE: unique symbol = Symbol('PartiQL UPDATE');

export interface ItemUpdatePlan {
  readonly tableName: string;
  readonly key: Item;
  /** Undefined when the request names no update: the item is only created (or left) as it is. */
  readonly update: CompiledUpdate | undefined;
  readonly condition: WriteCondition;
  /**
   * Every path the UpdateExpression names, written or read, none of which may go inside a key
   * attribute; none for AttributeUpdates and for PartiQL.
   */
  readonly documentPaths: readonly DocumentPath[] | undefined;
  /**
   * The bytes of the update's own names and values, checked before the item (see
   * `checkUpdateValuesSize`); 0 for AttributeUpdates and for PartiQL, which DynamoDB Local does
   * not check that way.
   */
  readonly valuesSizeBytes: number;
}

/** The pure step's result: the item to store, its size, and what changed. */
export interface ItemUpdateResult extends UpdateOutcome {
  readonly itemSizeBytes: number;
}

/**
 * Everything checkable without the table, in DynamoDB's order: parameter mixing, the key, the
 * names and values maps, Expected before AttributeUpdates (legacy) or the UpdateExpression
 * before the ConditionExpression, then unused names and values.
 */
export function planItemUpdate(request: Readonly<Record<string, unknown>>): ItemUpdatePlan {
  checkExpressionParameters(
    request,
    ['UpdateExpression', 'ConditionExpression'],
    ['AttributeUpdates', 'Expected', 'ConditionalOperator'],
  );
  const key = validateItem(request.Key);
  const scope = requestExpressionScope(request);
  let update: CompiledUpdate | undefined;
  let condition: WriteCondition;
  let valuesSizeBytes = 0;
  let documentPaths: readonly DocumentPath[] | undefined;
  if (request.UpdateExpression !== undefined) {
    const fromPartiql = (request as { [PARTIQL_UPDATE]?: unknown })[PARTIQL_UPDATE] === true;
    update = compileUpdate(scope, request.UpdateExpression as string, fromPartiql);
    if (!fromPartiql) {
      valuesSizeBytes = update.valuesSizeBytes ?? 0;
      documentPaths = [...update.targetPaths, ...(update.readPaths ?? [])];
    }
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
    documentPaths,
    valuesSizeBytes,
  };
}

/** DynamoDB refuses any update path that starts at a key attribute, even a nested one. */
function checkKeyNotUpdated(update: CompiledUpdate | undefined, keyNames: readonly string[]): void {
  const written = (update?.targetPaths ?? []).map((path) => path[0]);
  const updatedKey = update?.keysInSchemaOrder
    ? keyNames.find((name) => written.includes(name))
    : written.find((top): top is string => typeof top === 'string' && keyNames.includes(top));
  if (updatedKey !== undefined) {
    throw validationError(
      `One or more parameter values were invalid: Cannot update attribute ${updatedKey}. This attribute is part of the key`,
    );
  }
}

/**
 * DynamoDB Local refuses an UpdateExpression whose target names and values alone exceed the item
 * size limit before it looks at the stored item or the condition (`valuesSizeBytes`); UpdateItem
 * checks it once the key is valid, a transaction as it plans each action.
 */
export function checkUpdateValuesSize(plan: ItemUpdatePlan): void {
  if (plan.valuesSizeBytes > MAX_ITEM_SIZE_BYTES) throw updateTooLarge();
}

function updateTooLarge() {
  return validationError('Item size to update has exceeded the maximum allowed size');
}

/** The pure step: condition, update and size limit, given the old item (undefined = absent). */
export function applyItemUpdate(
  plan: ItemUpdatePlan,
  table: TableDefinition,
  key: Item,
  oldItem: Item | undefined,
): ItemUpdateResult {
  checkWriteCondition(plan.condition, oldItem);
  // A key attribute updated, then a path inside a key attribute (an index's; or the table's,
  // read), are refused once the condition has passed, as DynamoDB Local 3.3 does, whether or not
  // the item exists.
  checkKeyNotUpdated(plan.update, keyAttributeNames(table));
  assertScalarTableKeyPaths(table, plan.documentPaths);
  const outcome: UpdateOutcome =
    plan.update === undefined
      ? { item: oldItem ?? { ...key }, updatedPaths: [] }
      : plan.update.apply(oldItem, key);
  checkUpdatedNesting(outcome);
  const sizeBytes = itemSizeBytes(outcome.item);
  if (sizeBytes > MAX_ITEM_SIZE_BYTES) throw updateTooLarge();
  return { ...outcome, itemSizeBytes: sizeBytes };
}

/**
 * An updated attribute may not nest deeper than PutItem allows, however it got there (a value
 * nested one level more than an item's attribute, or one set into a nested path): DynamoDB Local
 * 3.3 refuses it after the condition and before the size limit, in these words.
 */
function checkUpdatedNesting(outcome: UpdateOutcome): void {
  for (const path of outcome.updatedPaths) {
    const top = path[0];
    const value = typeof top === 'string' ? attributeOf(outcome.item, top) : undefined;
    if (value !== undefined && nestsTooDeep(value)) {
      throw validationError('Nesting Levels have exceeded supported limits');
    }
  }
}
