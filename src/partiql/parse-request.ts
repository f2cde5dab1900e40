// A request's statement text and Parameters, parsed and checked as the operation running it requires.

import { DynamoDbError, validationError } from '../errors/dynamodb-error.js';
import type { AttributeValue } from '../model/attribute-value.js';
import { validateAttributeValue } from '../model/attribute-value-validation.js';
import type { ItemStatement, RunnableStatement, Statement } from './ast.js';
import { PARAMETER_COUNT_MISMATCH, StatementError } from './errors.js';
import { checkLiterals } from './literal-check.js';
import { parseStatement } from './parser.js';

const EXISTS_ONLY_IN_TRANSACTIONS = 'EXISTS can only be used in ExecuteTransaction write requests.';
const INVALID_BATCH_OPERATION =
  'Invalid operation. Only select, insert, update and delete operations are valid';

/**
 * A Parameters value that is not a valid attribute value: BatchExecuteStatement fails the whole
 * request with it rather than the statement (DynamoDB Local 3.3).
 */
export class ParameterValueError extends DynamoDbError {}

/**
 * The statement parsed, its kind accepted by `accept`, then its parameters checked against its
 * `?`s: a statement that cannot run is refused before its parameters' values (DynamoDB Local 3.3).
 */
function parseParameterized<S extends Statement>(
  text: string,
  parameters: unknown,
  accept: (statement: Statement) => S,
): { statement: S; values: AttributeValue[] } {
  const parsed = parseStatement(text);
  checkLiterals(parsed.statement);
  const given = (parameters ?? []) as unknown[];
  // DynamoDB Local 3.3 ignores extra parameters; too few is the error.
  if (given.length < parsed.parameterCount) throw new StatementError(PARAMETER_COUNT_MISMATCH);
  const statement = accept(parsed.statement);
  return { statement, values: given.map(validateParameter) };
}

function validateParameter(value: unknown): AttributeValue {
  try {
    return validateAttributeValue(value);
  } catch (error) {
    if (!(error instanceof DynamoDbError)) throw error;
    throw new ParameterValueError(error.type, error.message);
  }
}

/** A statement of ExecuteStatement or BatchExecuteStatement, and its parameters. */
export function parseWithParameters(
  text: string,
  parameters: unknown,
  context: 'statement' | 'batch' = 'statement',
): { statement: ItemStatement; values: AttributeValue[] } {
  return parseParameterized(text, parameters, (statement) => {
    if (statement.kind === 'exists') throw validationError(EXISTS_ONLY_IN_TRANSACTIONS);
    if (statement.kind !== 'expression') return statement;
    throw notAStatement(statement.node, context);
  });
}

/** A statement of ExecuteTransaction (EXISTS allowed), and its parameters. */
export function parseTransactionStatement(
  text: string,
  parameters: unknown,
): { statement: RunnableStatement; values: AttributeValue[] } {
  return parseParameterized(text, parameters, (statement) => {
    if (statement.kind !== 'expression') return statement;
    throw notAStatement(statement.node, 'transaction');
  });
}

/**
 * DynamoDB Local 3.3's answers for what parses but does not run: a lone name, path, literal or
 * parameter is an "Unsupported operation" (in a batch, an invalid one); any other expression
 * gets the EXISTS message, or in a transaction its own.
 */
function notAStatement(
  node: string | undefined,
  context: 'statement' | 'batch' | 'transaction',
): DynamoDbError {
  if (node !== undefined) {
    return validationError(
      context === 'batch' ? INVALID_BATCH_OPERATION : `Unsupported operation: ${node}`,
    );
  }
  return validationError(
    context === 'transaction'
      ? 'Unsupported operation in transaction.'
      : EXISTS_ONLY_IN_TRANSACTIONS,
  );
}
