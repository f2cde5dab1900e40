// A PartiQL INSERT / UPDATE / DELETE as the PutItem / UpdateItem / DeleteItem request it means.

import { validationError } from '../errors/dynamodb-error.js';
import type { AttributeValue } from '../model/attribute-value.js';
import type { KeyAttribute, TableDefinition } from '../core/table-definition.js';
import type { Item } from '../model/attribute-value.js';
import type { Statement } from './ast.js';
import { keyTypeMismatch } from './errors.js';
import { ExpressionBuilder, splitKeyEqualities } from './translate.js';

export type WriteStatement = Statement & { kind: 'insert' | 'update' | 'delete' };

export interface WriteRequest {
  readonly operation: 'PutItem' | 'UpdateItem' | 'DeleteItem';
  readonly request: Record<string, unknown>;
}

/**
 * INSERT must not replace an item and UPDATE must not create one (DynamoDB answers
 * DuplicateItemException and ConditionalCheckFailedException); both become conditions on the key.
 */
export function writeRequest(
  statement: WriteStatement,
  keys: readonly KeyAttribute[],
  parameters: readonly AttributeValue[],
): WriteRequest {
  const keyNames = keys.map((key) => key.name);
  const builder = new ExpressionBuilder(parameters);
  const TableName = statement.source.tableName;
  if (statement.source.indexName !== undefined)
    throw validationError('Index is not supported for this operation');
  if (statement.kind === 'insert') {
    const item = builder.literal(statement.value);
    if (!('M' in item)) throw validationError('Unsupported value in INSERT statement');
    checkKeyValues(item.M, keys, true);
    const ConditionExpression = `attribute_not_exists(${builder.path([keyNames[0]!])})`;
    return {
      operation: 'PutItem',
      request: { TableName, Item: item.M, ConditionExpression, ...builder.attributes() },
    };
  }
  const { key, rest } = splitKeyEqualities(statement.where, keyNames, builder);
  checkKeyValues(key, keys, false);
  const extra = rest === undefined ? undefined : builder.condition(rest);
  if (statement.kind === 'delete') {
    return {
      operation: 'DeleteItem',
      request: { TableName, Key: key, ConditionExpression: extra, ...builder.attributes() },
    };
  }
  const UpdateExpression = builder.update(statement.actions);
  const exists = `attribute_exists(${builder.path([keyNames[0]!])})`;
  const ConditionExpression = extra === undefined ? exists : `${exists} AND (${extra})`;
  return {
    operation: 'UpdateItem',
    request: {
      TableName,
      Key: key,
      UpdateExpression,
      ConditionExpression,
      ...builder.attributes(),
    },
  };
}

/** The table's key attributes, partition key first. */
export function tableKeys(table: TableDefinition): KeyAttribute[] {
  const { partitionKey, sortKey } = table.keySchema;
  return sortKey === undefined ? [partitionKey] : [partitionKey, sortKey];
}

/** DynamoDB's PartiQL words key problems its own way (DynamoDB Local 3.3). */
function checkKeyValues(item: Item, keys: readonly KeyAttribute[], isInsert: boolean): void {
  for (const { name, type } of keys) {
    const value = item[name];
    if (value === undefined) {
      if (isInsert)
        throw validationError(`Key attribute should be present in the item: Key ${name}`);
      continue;
    }
    if (!(type in value)) throw keyTypeMismatch(name);
  }
}
