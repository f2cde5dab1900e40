// The values of a Query's key condition, checked against the key schema's types as DynamoDB does.

import { validationError } from '../errors/dynamodb-error.js';
import type { CompiledKeyCondition } from '../expressions/api.js';
import type { AttributeValue } from '../model/attribute-value.js';
import type { QueryKeySchema } from './read-source.js';

/**
 * Each value in turn, the partition key's before the sort key's: a type that is not the key
 * attribute's, then an empty string/binary (DynamoDB Local 3.3: an empty partition key comes
 * before a mistyped sort key, but an empty value of the wrong type is a type mismatch).
 */
export function checkKeyConditionValues(
  condition: CompiledKeyCondition,
  schema: QueryKeySchema,
): void {
  const types = keyTypes(schema);
  const checks: Array<[string, AttributeValue]> = [];
  for (const part of condition.partitionKeys ?? [condition.partitionKey]) {
    checks.push([part.name, part.value]);
  }
  for (const part of condition.sortKeyPrefix ?? []) checks.push([part.name, part.value]);
  const sortKey = condition.sortKey;
  if (sortKey !== undefined && types.has(sortKey.name)) {
    const values =
      sortKey.op === 'BETWEEN'
        ? [sortKey.low, sortKey.high]
        : [sortKey.op === 'begins_with' ? sortKey.prefix : sortKey.value];
    for (const value of values) checks.push([sortKey.name, value]);
  }
  for (const [name, value] of checks) {
    if (!((types.get(name) ?? '') in value)) {
      throw validationError(
        'One or more parameter values were invalid: Condition parameter type does not match schema type',
      );
    }
    const text = 'S' in value ? value.S : 'B' in value ? value.B : undefined;
    if (text === '') throw emptyKeyValue(schema, name, 'S' in value ? 'string' : 'binary');
  }
}

function keyTypes(schema: QueryKeySchema): Map<string, string> {
  const multi = schema.multiAttribute;
  const attributes = multi
    ? [...multi.partitionKeys, ...multi.sortKeys]
    : [schema.partitionKey, ...(schema.sortKey ? [schema.sortKey] : [])];
  return new Map(attributes.map((attribute) => [attribute.name, attribute.type]));
}

/** An index's key names the index in this message, LSI and GSI (measured on DynamoDB Local 3.3). */
function emptyKeyValue(schema: QueryKeySchema, name: string, kind: string): Error {
  const indexName = schema.indexName;
  if (indexName !== undefined) {
    return validationError(
      `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${kind} value. IndexName: ${indexName}, IndexKey: ${name}`,
    );
  }
  return validationError(
    `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${kind} value. Key: ${name}`,
  );
}
