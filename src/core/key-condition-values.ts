// The values of a Query's key condition, checked against the key schema's types as DynamoDB does.

import { validationError } from '../errors/dynamodb-error.js';
import type { CompiledKeyCondition } from '../expressions/api.js';
import type { AttributeValue } from '../model/attribute-value.js';
import type { KeySchema } from './table-definition.js';

/**
 * Empty strings/binaries first (DynamoDB Local 3.3 reports them before type mismatches, for the
 * partition key before the sort key), then any value whose type is not the key attribute's.
 */
export function checkKeyConditionValues(condition: CompiledKeyCondition, schema: KeySchema): void {
  const checks: Array<[string, string, AttributeValue]> = [
    [condition.partitionKey.name, schema.partitionKey.type, condition.partitionKey.value],
  ];
  const sortKey = condition.sortKey;
  if (sortKey !== undefined && schema.sortKey !== undefined) {
    const values =
      sortKey.op === 'BETWEEN'
        ? [sortKey.low, sortKey.high]
        : [sortKey.op === 'begins_with' ? sortKey.prefix : sortKey.value];
    for (const value of values) checks.push([sortKey.name, schema.sortKey.type, value]);
  }
  for (const [name, , value] of checks) {
    const text = 'S' in value ? value.S : 'B' in value ? value.B : undefined;
    if (text !== '') continue;
    const kind = 'S' in value ? 'string' : 'binary';
    throw validationError(
      `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${kind} value. Key: ${name}`,
    );
  }
  if (checks.some(([, type, value]) => !(type in value))) {
    throw validationError(
      'One or more parameter values were invalid: Condition parameter type does not match schema type',
    );
  }
}
