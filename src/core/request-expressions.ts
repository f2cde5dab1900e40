// A request's ExpressionAttributeNames / -Values: checked as DynamoDB checks them, then one scope.

import { DynamoDbError, validationError } from '../errors/dynamodb-error.js';
import {
  checkExpressionAttributeNames,
  createExpressionScope,
  type ExpressionScope,
} from '../expressions/api.js';
import type { AttributeValue } from '../model/attribute-value.js';
import { validateAttributeValue } from '../model/attribute-value-validation.js';

const VALUE_KEY = /^:[0-9a-zA-Z_]+$/;
const EXPRESSION_MEMBERS = [
  'ConditionExpression',
  'UpdateExpression',
  'ProjectionExpression',
  'FilterExpression',
  'KeyConditionExpression',
] as const;

type Request = Readonly<Record<string, unknown>>;

/**
 * DynamoDB's checks of the values map, made before any expression is parsed: emptiness, then
 * every key's syntax, then every value (`… contains invalid value: <message> for key :v`).
 */
export function checkExpressionAttributeValues(
  values: Readonly<Record<string, unknown>>,
): Record<string, AttributeValue> {
  const entries = Object.entries(values);
  if (entries.length === 0) throw validationError('ExpressionAttributeValues must not be empty');
  for (const [key] of entries) {
    if (!VALUE_KEY.test(key)) {
      throw validationError(
        `ExpressionAttributeValues contains invalid key: Syntax error; key: "${key}"`,
      );
    }
  }
  const checked: Record<string, AttributeValue> = {};
  for (const [key, value] of entries) checked[key] = checkedValue(key, value);
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
 * The one expression scope of a request: names map checked, then values map (DynamoDB's order),
 * so every expression the request carries resolves against the same tracked maps.
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
  if (names !== undefined) checkExpressionAttributeNames(names);
  const values = rawValues === undefined ? undefined : checkExpressionAttributeValues(rawValues);
  return createExpressionScope({
    ...(names === undefined ? {} : { names }),
    ...(values === undefined ? {} : { values }),
  });
}
