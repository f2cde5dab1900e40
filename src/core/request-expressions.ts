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
    return validateAttributeValue(value);
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
  const names = request.ExpressionAttributeNames as Readonly<Record<string, string>> | undefined;
  const rawValues = request.ExpressionAttributeValues as
    Readonly<Record<string, unknown>> | undefined;
  if (names !== undefined) checkExpressionAttributeNames(names);
  const values = rawValues === undefined ? undefined : checkExpressionAttributeValues(rawValues);
  return createExpressionScope({
    ...(names === undefined ? {} : { names }),
    ...(values === undefined ? {} : { values }),
  });
}
