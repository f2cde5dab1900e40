// A PartiQL INSERT / UPDATE / DELETE as the PutItem / UpdateItem / DeleteItem request it means.

import { validationError } from '../errors/dynamodb-error.js';
import { attributeOf, type AttributeValue } from '../model/attribute-value.js';
import { PARTIQL_UPDATE } from '../core/item-update.js';
import type { KeyAttribute, TableDefinition } from '../core/table-definition.js';
import type { Item } from '../model/attribute-value.js';
import type { Statement } from './ast.js';
import { checkSourceNames, keyTypeMismatch, KeyValueError, StatementError } from './errors.js';
import { returnValuesOf } from './returning.js';
import { ExpressionBuilder, splitKeyEqualities, type KeySplitRules } from './translate.js';

export type WriteStatement = Statement & { kind: 'insert' | 'update' | 'delete' };

export interface WriteRequest {
  readonly operation: 'PutItem' | 'UpdateItem' | 'DeleteItem';
  readonly request: Record<string, unknown>;
}

/**
 * Writes name a table, never an index; DynamoDB checks this before it looks the table up
 * (DynamoDB Local 3.3's messages).
 */
export function checkWriteSource(statement: WriteStatement): void {
  const { indexName } = statement.source;
  if (statement.kind === 'insert' && indexName !== undefined) {
    throw new StatementError(
      'FROM clause may only contain a single table name in data manipulation statements',
    );
  }
  checkSourceNames(statement.source);
  if (indexName !== undefined)
    throw new StatementError('This operation is not supported on an index');
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
  checkWriteSource(statement);
  if (statement.kind === 'insert') {
    const item = builder.literal(statement.value);
    if (!('M' in item)) throw validationError('Unsupported value in INSERT statement');
    checkKeyValues(item.M, keys, true);
    returnValuesOf('insert', statement.returning);
    const ConditionExpression = `attribute_not_exists(${builder.path([keyNames[0]!])})`;
    return {
      operation: 'PutItem',
      request: { TableName, Item: item.M, ConditionExpression, ...builder.attributes() },
    };
  }
  const { key, rest } = splitKeyEqualities(statement.where, keyNames, builder, WRITE_KEY_RULES);
  checkKeyValues(key, keys, false);
  const ReturnValues = returnValuesOf(statement.kind, statement.returning);
  const extra = rest === undefined ? undefined : builder.condition(rest);
  if (statement.kind === 'delete') {
    // Deleting an item that is not there succeeds whatever else the WHERE clause asks.
    const condition =
      extra === undefined
        ? undefined
        : `attribute_not_exists(${builder.path([keyNames[0]!])}) OR (${extra})`;
    return {
      operation: 'DeleteItem',
      request: {
        TableName,
        Key: key,
        ConditionExpression: condition,
        ReturnValues,
        ...builder.attributes(),
      },
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
      ReturnValues,
      ...builder.attributes(),
      [PARTIQL_UPDATE]: true,
    },
  };
}

/** The table's key attributes, partition key first. */
export function tableKeys(table: TableDefinition): KeyAttribute[] {
  const { partitionKey, sortKey } = table.keySchema;
  return sortKey === undefined ? [partitionKey] : [partitionKey, sortKey];
}

/** How UPDATE and DELETE name their item: `key IS NULL` counts, two different values do not. */
export const WRITE_KEY_RULES: KeySplitRules = { isNullNamesKey: true, refuseConflicting: true };

/** DynamoDB's PartiQL words key problems its own way (DynamoDB Local 3.3). */
export function checkKeyValues(item: Item, keys: readonly KeyAttribute[], isInsert: boolean): void {
  if (!isInsert)
    checkKeyValueKinds(
      item,
      keys.map((key) => key.name),
    );
  for (const { name, type } of keys) {
    const value = attributeOf(item, name);
    if (value === undefined) {
      if (isInsert)
        throw new KeyValueError(`Key attribute should be present in the item: Key ${name}`);
      continue;
    }
    if (!(type in value)) throw keyTypeMismatch(name);
  }
}

/**
 * A WHERE clause's key value that no key can have (`sk = NULL`, `sk IS NULL`, `sk = true`) is
 * refused before its type is compared with the schema's; INSERT only compares (DynamoDB Local 3.3).
 */
export function checkKeyValueKinds(key: Item, keyNames: readonly string[]): void {
  for (const name of keyNames) {
    const value = attributeOf(key, name);
    const kind = value === undefined ? undefined : Object.keys(value)[0];
    if (kind !== undefined && kind !== 'S' && kind !== 'N' && kind !== 'B')
      throw new StatementError(
        `Key value must be of type S, N, or B. Key name: ${name}, Key type: ${kind}`,
      );
  }
}
