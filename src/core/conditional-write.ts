// Conditional writes: a request's ConditionExpression or legacy Expected, checked against the old item.

import { DynamoDbError } from '../errors/dynamodb-error.js';
import {
  compileCondition,
  compileExpected,
  type CompiledCondition,
  type ExpressionScope,
} from '../expressions/api.js';
import type { Item } from '../model/attribute-value.js';
import { assertScalarTableKeyPaths } from './key-paths.js';
import { requestExpressionScope } from './request-expressions.js';
import type { TableDefinition } from './table-definition.js';

type Request = Readonly<Record<string, unknown>>;

/** The write's condition, if any, and what a failure returns. */
export interface WriteCondition {
  readonly condition: CompiledCondition | undefined;
  /** ReturnValuesOnConditionCheckFailure ALL_OLD: the failure carries the old item. */
  readonly returnOldOnFailure: boolean;
}

/**
 * Compiles the request's condition: `ConditionExpression` in `scope`, or legacy `Expected` with
 * `ConditionalOperator` (the caller has already rejected requests that mix the two).
 */
export function compileWriteCondition(request: Request, scope: ExpressionScope): WriteCondition {
  const returnOldOnFailure = request.ReturnValuesOnConditionCheckFailure === 'ALL_OLD';
  const text = request.ConditionExpression as string | undefined;
  if (text !== undefined) {
    return {
      condition: compileCondition(scope, 'ConditionExpression', text),
      returnOldOnFailure,
    };
  }
  const expected = request.Expected as Readonly<Record<string, unknown>> | undefined;
  const operator = request.ConditionalOperator as 'AND' | 'OR' | undefined;
  if (expected === undefined && operator === undefined) {
    return { condition: undefined, returnOldOnFailure };
  }
  // ConditionalOperator is checked here, with the conditions, after the item or key and
  // ReturnValues (DynamoDB Local 3.3), not with the other parameter checks.
  return { condition: compileExpected(expected ?? {}, operator), returnOldOnFailure };
}

/**
 * PutItem / DeleteItem: the condition compiled in a scope of its own, unused names and values
 * rejected. A request without one skips the expression machinery entirely.
 */
export function planWriteCondition(request: Request): WriteCondition {
  if (
    request.ConditionExpression === undefined &&
    request.Expected === undefined &&
    request.ConditionalOperator === undefined
  ) {
    return { condition: undefined, returnOldOnFailure: false };
  }
  const scope = requestExpressionScope(request);
  const write = compileWriteCondition(request, scope);
  scope.assertAllUsed();
  return write;
}

/**
 * Throws DynamoDB's ConditionalCheckFailedException when the old item (undefined = absent) fails
 * the condition; with ALL_OLD it carries the old item as `Item` (omitted when there was none).
 */
export function checkWriteCondition(write: WriteCondition, old: Item | undefined): void {
  if (write.condition === undefined || write.condition.matches(old)) return;
  const extra = write.returnOldOnFailure && old !== undefined ? { Item: old } : undefined;
  throw new DynamoDbError(
    'ConditionalCheckFailedException',
    'The conditional request failed',
    extra,
  );
}

/** A condition may not look inside a key attribute (checked once the table is known). */
export function checkConditionKeyPaths(write: WriteCondition, table: TableDefinition): void {
  if (write.condition !== undefined) assertScalarTableKeyPaths(table, write.condition.paths);
}
