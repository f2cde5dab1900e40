// DynamoDB's messages for statements it cannot run (measured on DynamoDB Local 3.3).

import { type DynamoDbError, validationError } from '../errors/dynamodb-error.js';

export function malformedStatement(statement: string): DynamoDbError {
  return validationError(`Statement wasn't well formed, can't be processed: ${statement}`);
}

export const PARAMETER_COUNT_MISMATCH =
  "Number of parameters in request and statement don't match.";

export const KEY_EQUALITY_REQUIRED =
  'Where clause does not contain a mandatory equality on all key attributes';

export const DUPLICATE_PRIMARY_KEY = 'Duplicate primary key exists in table';

export const TABLE_NOT_FOUND = 'Cannot do operations on a non-existent table';

export const EMPTY_IN =
  'IN operator must have a left hand argument of type Variable Reference and right hand argument of type Seq with at least one member';

export function keyTypeMismatch(name: string): DynamoDbError {
  return validationError(
    `Key attribute's data type should match its data type in table's schema: Key ${name}`,
  );
}
