// A request's statement text and Parameters, parsed and checked as the operation running it requires.

import { type DynamoDbError, validationError } from '../errors/dynamodb-error.js';
import type { AttributeValue } from '../model/attribute-value.js';
import { validateAttributeValue } from '../model/attribute-value-validation.js';
import type { ItemStatement, RunnableStatement, Statement } from './ast.js';
import { PARAMETER_COUNT_MISMATCH, StatementError } from './errors.js';
import { checkLiterals } from './literal-check.js';
import { parseStatement } from './parser.js';

const EXISTS_ONLY_IN_TRANSACTIONS = 'EXISTS can only be used in ExecuteTransaction write requests.';
const INVALID_BATCH_OPERATION =
  'Invalid operation. Only select, insert, update and delete operations are valid';

/** The statement parsed and its parameters checked against its `?`s. */
function parseParameterized(
  text: string,
  parameters: unknown,
): { statement: Statement; values: AttributeValue[] } {
  const parsed = parseStatement(text);
  checkLiterals(parsed.statement);
  const given = (parameters ?? []) as unknown[];
  // DynamoDB Local 3.3 ignores extra parameters; too few is the error.
  if (given.length < parsed.parameterCount) throw new StatementError(PARAMETER_COUNT_MISMATCH);
  return { statement: parsed.statement, values: given.map((v) => validateAttributeValue(v)) };
}

/** A statement of ExecuteStatement or BatchExecuteStatement, and its parameters. */
export function parseWithParameters(
  text: string,
  parameters: unknown,
  context: 'statement' | 'batch' = 'statement',
): { statement: ItemStatement; values: AttributeValue[] } {
  const { statement, values } = parseParameterized(text, parameters);
  if (statement.kind === 'exists') throw validationError(EXISTS_ONLY_IN_TRANSACTIONS);
  if (statement.kind !== 'expression') return { statement, values };
  throw notAStatement(statement.node, context);
}

/** A statement of ExecuteTransaction (EXISTS allowed), and its parameters. */
export function parseTransactionStatement(
  text: string,
  parameters: unknown,
): { statement: RunnableStatement; values: AttributeValue[] } {
  const { statement, values } = parseParameterized(text, parameters);
  if (statement.kind !== 'expression') return { statement, values };
  throw notAStatement(statement.node, 'transaction');
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
