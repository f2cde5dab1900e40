// A request's ExpressionAttributeNames / -Values: checked as DynamoDB checks them, then one scope.

import { DynamoDbError, validationError } from '../errors/dynamodb-error.js';
import {
  checkExpressionAttributeKeys,
  checkExpressionAttributeNameValues,
  createExpressionScope,
  type ExpressionScope,
} from '../expressions/api.js';
import type { AttributeValue } from '../model/attribute-value.js';
import { validateAttributeValue } from '../model/attribute-value-validation.js';

const EXPRESSION_MEMBERS = [
  'ConditionExpression',
  'UpdateExpression',
  'ProjectionExpression',
  'FilterExpression',
  'KeyConditionExpression',
] as const;

type Request = Readonly<Record<string, unknown>>;

/** DynamoDB's checks of the values map's values (`… contains invalid value: <message> for key :v`). */
export function checkExpressionAttributeValues(
  values: Readonly<Record<string, unknown>>,
): Record<string, AttributeValue> {
  const checked: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(values)) checked[key] = checkedValue(key, value);
  return checked;
}

function checkedValue(key: string, value: unknown): AttributeValue {
  try {
    return validateAttributeValue(value, true);
  } catch (error) {
    if (!(error instanceof DynamoDbError) || error.type !== 'ValidationException') throw error;
    throw validationError(
      `ExpressionAttributeValues contains invalid value: ${error.message} for key ${key}`,
    );
  }
}

/**
 * The one expression scope of a request, its maps checked in DynamoDB Local 3.3's order: the
 * names' keys, the values' keys, the names' values, the values' values; every expression the
 * request carries then resolves against the same tracked maps.
 */
export function requestExpressionScope(request: Request): ExpressionScope {
  // Without any expression, an empty map is as good as none (DynamoDB Local 3.3 accepts
  // `ExpressionAttributeNames: {}` beside legacy parameters); a non-empty one was refused earlier.
  const bare = EXPRESSION_MEMBERS.every((member) => request[member] === undefined);
  const member = (name: string): Readonly<Record<string, unknown>> | undefined => {
    const map = request[name] as Readonly<Record<string, unknown>> | undefined;
    return bare && map !== undefined && Object.keys(map).length === 0 ? undefined : map;
  };
  const names = member('ExpressionAttributeNames') as Readonly<Record<string, string>> | undefined;
  const rawValues = member('ExpressionAttributeValues');
  if (names !== undefined) checkExpressionAttributeKeys('ExpressionAttributeNames', names);
  if (rawValues !== undefined) checkExpressionAttributeKeys('ExpressionAttributeValues', rawValues);
  if (names !== undefined) checkExpressionAttributeNameValues(names);
  const values = rawValues === undefined ? undefined : checkExpressionAttributeValues(rawValues);
  return createExpressionScope({
    ...(names === undefined ? {} : { names }),
    ...(values === undefined ? {} : { values }),
  });
}
