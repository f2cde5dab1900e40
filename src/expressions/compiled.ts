// The compiled forms of expressions that operations use; implemented in compile.ts and legacy.ts.

import type { AttributeValue, Item } from '../model/attribute-value.js';
import type { DocumentPath } from './ast.js';

/**
 * The expression attributes of ONE request, shared by all of its expressions, so DynamoDB's
 * "unused" checks see every expression of the request. Create it once per request; call
 * `assertAllUsed()` after compiling every expression the request carries (DynamoDB's order:
 * syntax/semantic errors of each expression first, then unused names, then unused values —
 * verify against DynamoDB Local).
 */
export interface ExpressionAttributes {
  /** ExpressionAttributeNames / ExpressionAttributeValues as sent (values already validated). */
  readonly names?: Readonly<Record<string, string>>;
  readonly values?: Readonly<Record<string, AttributeValue>>;
}

export interface ExpressionScope {
  /** Throws DynamoDB's ValidationException for unused names, then unused values. */
  assertAllUsed(): void;
}

/** A compiled ConditionExpression or FilterExpression with its names and values resolved. */
export interface CompiledCondition {
  /**
   * True when `item` satisfies the condition; `undefined` item = the item does not exist.
   * Type errors that only show at evaluation behave as DynamoDB: comparisons of different types
   * are simply false; functions given wrong runtime types are false.
   */
  matches(item: Item | undefined): boolean;
  /**
   * Every document path the condition reads (names resolved), so Query can reject filters on key
   * attributes (`Filter Expression can only contain non-primary key attributes: …`) and nested
   * paths into keys (`Key attributes must be scalars; …`), as DynamoDB does.
   */
  readonly paths: readonly DocumentPath[];
}

/** A compiled KeyConditionExpression, checked against the key schema it targets. */
export interface CompiledKeyCondition {
  readonly partitionKey: { readonly name: string; readonly value: AttributeValue };
  readonly sortKey?:
    | {
        readonly name: string;
        readonly op: '=' | '<' | '<=' | '>' | '>=';
        readonly value: AttributeValue;
      }
    | {
        readonly name: string;
        readonly op: 'BETWEEN';
        readonly low: AttributeValue;
        readonly high: AttributeValue;
      }
    | { readonly name: string; readonly op: 'begins_with'; readonly prefix: AttributeValue };
  /** Multi-attribute GSI keys: every partition key attribute's value, in key-schema order. */
  readonly partitionKeys?: readonly { readonly name: string; readonly value: AttributeValue }[];
  /** Multi-attribute GSI keys: the equalities on the sort key attributes before `sortKey`'s. */
  readonly sortKeyPrefix?: readonly { readonly name: string; readonly value: AttributeValue }[];
}

/** The outcome of applying an update to an item. */
export interface UpdateOutcome {
  /** The whole new item (keys included). */
  readonly item: Item;
  /**
   * The top-level attribute paths the update touched, for ReturnValues UPDATED_OLD / UPDATED_NEW
   * (DynamoDB returns the updated attributes, projected to the paths the actions named).
   */
  readonly updatedPaths: readonly DocumentPath[];
}

/** A compiled UpdateExpression (SET / REMOVE / ADD / DELETE). */
export interface CompiledUpdate {
  /** Paths the update writes, for the key-attribute check (`Cannot update attribute …`). */
  readonly targetPaths: readonly DocumentPath[];
  /**
   * Of several key attributes written, DynamoDB Local 3.3 names an UpdateExpression's first in key
   * schema order (partition key, then sort key), AttributeUpdates' first in request order.
   */
  readonly keysInSchemaOrder?: boolean;
  /** UpdateExpression only: the paths its values read (`SET a = b.c + :v` reads `b.c`). */
  readonly readPaths?: readonly DocumentPath[];
  /**
   * UpdateExpression only: the bytes DynamoDB (Local) charges the update before it reads the item
   * — every SET and ADD action's target names plus each value operand it names (see
   * `updateValuesSizeBytes`). Legacy AttributeUpdates have none.
   */
  readonly valuesSizeBytes?: number;
  /**
   * Applies the update to `item` (`undefined` = a new item holding only `key`). Pure. Throws
   * DynamoDB's ValidationException for errors that depend on the item (e.g. `An operand in the
   * update expression has an incorrect data type`, list index on a non-list, …).
   */
  apply(item: Item | undefined, key: Item): UpdateOutcome;
}

export type ExpressionKind =
  | 'ConditionExpression'
  | 'FilterExpression'
  | 'KeyConditionExpression'
  | 'UpdateExpression'
  | 'ProjectionExpression';
