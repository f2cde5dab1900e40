// ExecuteTransaction's statements as the TransactGetItems / TransactWriteItems actions they stand for.

import type { KeyAttribute } from '../core/table-definition.js';
import { validationError } from '../errors/dynamodb-error.js';
import type { AttributeValue } from '../model/attribute-value.js';
import type { Statement } from './ast.js';
import { ExpressionBuilder, splitKeyEqualities } from './translate.js';
import { writeRequest } from './write.js';

const WRITE_ACTIONS = { PutItem: 'Put', UpdateItem: 'Update', DeleteItem: 'Delete' } as const;

function failed(index: number, message: string): Error {
  return validationError(`Validation failed in TransactStatements[${index}]: ${message}`);
}

/** A single-item SELECT as a TransactGetItems `Get`. */
export function getAction(
  statement: Statement & { kind: 'select' },
  keyNames: readonly string[],
  values: readonly AttributeValue[],
  index: number,
): Record<string, unknown> {
  const builder = new ExpressionBuilder(values);
  let key;
  try {
    key = splitKeyEqualities(statement.where, keyNames, builder).key;
  } catch {
    throw failed(
      index,
      'Select statements within ExecuteTransaction must specify the primary key in the where clause.',
    );
  }
  const projection = statement.projection?.map((path) => builder.path(path)).join(', ');
  const { ExpressionAttributeNames } = builder.attributes();
  return {
    Get: {
      TableName: statement.source.tableName,
      Key: key,
      ProjectionExpression: projection,
      ExpressionAttributeNames,
    },
  };
}

/** INSERT / UPDATE / DELETE as Put / Update / Delete; `EXISTS(SELECT …)` as a ConditionCheck. */
export function writeAction(
  statement: Statement,
  keys: readonly KeyAttribute[],
  values: readonly AttributeValue[],
  index: number,
): Record<string, unknown> {
  if (statement.kind === 'select') throw validationError('Unsupported operation');
  const keyNames = keys.map((key) => key.name);
  if (statement.kind !== 'exists') {
    const write = writeRequest(statement, keys, values);
    return { [WRITE_ACTIONS[write.operation]]: write.request };
  }
  const builder = new ExpressionBuilder(values);
  const { key, rest } = splitKeyEqualities(statement.select.where, keyNames, builder);
  if (rest === undefined)
    throw failed(index, 'EXISTS() must contain a single item read with additional condition');
  const exists = `attribute_exists(${builder.path([keyNames[0]!])})`;
  const ConditionExpression = `${exists} AND (${builder.condition(rest)})`;
  return {
    ConditionCheck: {
      TableName: statement.select.source.tableName,
      Key: key,
      ConditionExpression,
      ...builder.attributes(),
    },
  };
}
