// ExecuteTransaction's statements as the TransactGetItems / TransactWriteItems actions they stand for.

import type { KeyAttribute } from '../core/table-definition.js';
import { DynamoDbError, validationError } from '../errors/dynamodb-error.js';
import type { AttributeValue } from '../model/attribute-value.js';
import type { RunnableStatement } from './ast.js';
import { planItemUpdate } from '../core/item-update.js';
import {
  checkSourceNames,
  KeyEqualityError,
  KeyValueError,
  statementMessage,
  StatementError,
} from './errors.js';
import { checkProjection } from './projection.js';
import { ExpressionBuilder, onlyKeyEqualities, splitKeyEqualities } from './translate.js';
import { checkKeyValues, checkWriteSource, writeRequest } from './write.js';

const WRITE_ACTIONS = { PutItem: 'Put', UpdateItem: 'Update', DeleteItem: 'Delete' } as const;

const SELECT_KEY_REQUIRED =
  'Select statements within ExecuteTransaction must specify the primary key in the where clause.';
const EXISTS_KEY_REQUIRED = 'EXISTS() must contain a single item read with additional condition';

function failed(index: number, message: string): DynamoDbError {
  return validationError(`Validation failed in TransactStatements[${index}]: ${message}`);
}

/** The checks of one statement DynamoDB makes before it looks its table up. */
export function checkTransactionStatement(statement: RunnableStatement, index: number): void {
  if (statement.kind === 'select') {
    checkSourceNames(statement.source);
    if (statement.source.indexName !== undefined)
      throw failed(index, 'Reads on indices are not supported within transactions.');
    checkProjection(statement.projection);
  } else if (statement.kind === 'exists') {
    checkSourceNames(statement.select.source);
    if (statement.select.source.indexName !== undefined)
      throw failed(index, 'Operations on indices are not supported in transactions');
  } else checkWriteSource(statement);
}

/**
 * How a statement's error fails the whole transaction (DynamoDB Local 3.3): statement checks name
 * the statement; a missing key equality cancels it with a bare message; a wrong key value cancels
 * it with a ValidationError reason for that statement (the others `None`).
 */
export function transactionError(error: unknown, index: number, count: number): unknown {
  if (error instanceof StatementError) return failed(index, error.message);
  if (error instanceof KeyEqualityError)
    return new DynamoDbError('TransactionCanceledException', `ValidationError ${error.message}`);
  if (!(error instanceof KeyValueError)) return error;
  const CancellationReasons = Array.from({ length: count }, (_, i) =>
    i === index ? { Code: 'ValidationError', Message: error.message } : { Code: 'None' },
  );
  const codes = CancellationReasons.map((reason) => reason.Code).join(', ');
  return new DynamoDbError(
    'TransactionCanceledException',
    `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`,
    { CancellationReasons },
  );
}

/** An UPDATE's SET / REMOVE that cannot run names the statement (DynamoDB Local 3.3). */
function checkUpdate(request: Record<string, unknown>, index: number): void {
  try {
    planItemUpdate(request);
  } catch (error) {
    const reported = statementMessage(error);
    if (!(reported instanceof DynamoDbError) || reported.type !== 'ValidationException')
      throw error;
    throw failed(index, reported.message);
  }
}

/** A SELECT naming exactly one item by its key equalities, as a TransactGetItems `Get`. */
export function getAction(
  statement: RunnableStatement & { kind: 'select' },
  keys: readonly KeyAttribute[],
  values: readonly AttributeValue[],
  index: number,
): Record<string, unknown> {
  const keyNames = keys.map((key) => key.name);
  const builder = new ExpressionBuilder(values);
  let split;
  try {
    split = splitKeyEqualities(statement.where, keyNames, builder, { refuseConflicting: true });
  } catch (error) {
    if (error instanceof KeyEqualityError) throw failed(index, SELECT_KEY_REQUIRED);
    throw error;
  }
  // Only key equalities: a repeated one (`sk = 1 AND sk = 1`) is allowed, any filter is not.
  const extra = split.rest === undefined ? [] : [split.rest];
  if (extra.some((term) => !onlyKeyEqualities(term, keyNames)))
    throw failed(index, SELECT_KEY_REQUIRED);
  checkKeyValues(split.key, keys, false);
  const projection = statement.projection?.map((path) => builder.path(path)).join(', ');
  const { ExpressionAttributeNames } = builder.attributes();
  return {
    Get: {
      TableName: statement.source.tableName,
      Key: split.key,
      ProjectionExpression: projection,
      ExpressionAttributeNames,
    },
  };
}

/** INSERT / UPDATE / DELETE as Put / Update / Delete; `EXISTS(SELECT …)` as a ConditionCheck. */
export function writeAction(
  statement: RunnableStatement,
  keys: readonly KeyAttribute[],
  values: readonly AttributeValue[],
  index: number,
): Record<string, unknown> {
  if (statement.kind === 'select') throw validationError('Unsupported operation');
  if (statement.kind !== 'exists') {
    const write = writeRequest(statement, keys, values);
    if (write.request.ReturnValues !== undefined)
      throw failed(index, 'RETURNING clause is not supported in ExecuteTransaction.');
    if (write.operation === 'UpdateItem') checkUpdate(write.request, index);
    return { [WRITE_ACTIONS[write.operation]]: write.request };
  }
  const keyNames = keys.map((key) => key.name);
  const builder = new ExpressionBuilder(values);
  let split;
  try {
    split = splitKeyEqualities(statement.select.where, keyNames, builder);
  } catch (error) {
    if (error instanceof KeyEqualityError) throw failed(index, EXISTS_KEY_REQUIRED);
    throw error;
  }
  if (split.rest === undefined) throw failed(index, EXISTS_KEY_REQUIRED);
  checkKeyValues(split.key, keys, false);
  const exists = `attribute_exists(${builder.path([keyNames[0]!])})`;
  const ConditionExpression = `${exists} AND (${builder.condition(split.rest)})`;
  return {
    ConditionCheck: {
      TableName: statement.select.source.tableName,
      Key: split.key,
      ConditionExpression,
      ...builder.attributes(),
    },
  };
}
