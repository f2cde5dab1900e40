// DynamoDB's messages for statements it cannot run (measured on DynamoDB Local 3.3).

import { DynamoDbError, validationError } from '../errors/dynamodb-error.js';

export function malformedStatement(statement: string): DynamoDbError {
  return validationError(`Statement wasn't well formed, can't be processed: ${statement}`);
}

export const PARAMETER_COUNT_MISMATCH =
  "Number of parameters in request and statement don't match.";

export const KEY_EQUALITY_REQUIRED =
  'Where clause does not contain a mandatory equality on all key attributes';

export const DUPLICATE_PRIMARY_KEY = 'Duplicate primary key exists in table';

export const TABLE_NOT_FOUND = 'Cannot do operations on a non-existent table';

/**
 * The errors of applying an UPDATE's SET values to the stored item. BatchExecuteStatement names
 * the table in their Response and ExecuteTransaction fails with them as a plain
 * ValidationException, not a cancellation (DynamoDB Local 3.3).
 */
export const ITEM_EVALUATION_ERRORS: ReadonlySet<string> = new Set([
  'An operand in the update expression has an incorrect data type',
  'The provided expression refers to an attribute that does not exist in the item',
  'The document path provided in the update expression is invalid for update',
]);

export function isItemEvaluationError(error: unknown): boolean {
  return (
    error instanceof DynamoDbError &&
    error.type === 'ValidationException' &&
    ITEM_EVALUATION_ERRORS.has(error.message)
  );
}

export const EMPTY_IN =
  'IN operator must have a left hand argument of type Variable Reference and right hand argument of type Seq with at least one member';

/**
 * A ValidationException about one statement that ExecuteTransaction reports as
 * `Validation failed in TransactStatements[i]: …` (RETURNING, indexes, projections).
 */
export class StatementError extends DynamoDbError {
  constructor(message: string) {
    super('ValidationException', message);
  }
}

/** The WHERE clause of an UPDATE / DELETE misses a key attribute's equality, or has two. */
export class KeyEqualityError extends DynamoDbError {
  constructor(message = KEY_EQUALITY_REQUIRED) {
    super('ValidationException', message);
  }
}

/**
 * A key value of the wrong type, or an INSERT without a key attribute: in ExecuteTransaction it
 * cancels the transaction with a ValidationError reason rather than failing the request.
 */
export class KeyValueError extends DynamoDbError {
  constructor(message: string) {
    super('ValidationException', message);
  }
}

export function keyTypeMismatch(name: string): DynamoDbError {
  return new KeyValueError(
    `Key attribute's data type should match its data type in table's schema: Key ${name}`,
  );
}

const EXPRESSION_PREFIX =
  /^Invalid (?:Filter|Condition|Update|Projection|KeyCondition)Expression: /;
const PATH_PAIR = /path one: (\[.*\]), path two: (\[.*\])$/;

/**
 * DynamoDB's PartiQL words the expression errors of the request it becomes without the
 * expression's name, and names two overlapping paths later one first (DynamoDB Local 3.3).
 */
export function statementMessage(error: unknown): unknown {
  if (!(error instanceof DynamoDbError) || !EXPRESSION_PREFIX.test(error.message)) return error;
  const message = error.message
    .replace(EXPRESSION_PREFIX, '')
    .replace(PATH_PAIR, 'path one: $2, path two: $1');
  return new DynamoDbError(error.type, message, error.extra);
}

const NAME = /^[A-Za-z0-9_.-]{3,255}$/;

/**
 * A table or index name DynamoDB could not have; checked before the lookup and worded for tables
 * even for an index name (DynamoDB Local 3.3).
 */
export function checkSourceNames(source: { tableName: string; indexName?: string }): void {
  const names =
    source.indexName === undefined ? [source.tableName] : [source.tableName, source.indexName];
  if (names.every((name) => NAME.test(name))) return;
  throw new StatementError(
    "Table name should be within the length [3, 255] and only contain 'a-z', 'A-Z', '0-9', '-', '_', '.'.",
  );
}
