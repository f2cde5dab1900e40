// ExecuteTransaction: up to 100 PartiQL statements, all reads (TransactGetItems) or all writes
// (TransactWriteItems), with the same all-or-nothing semantics, errors and ClientRequestToken.

import { hasNullElement } from '../shapes/validate-request.js';
import { requireTable } from '../core/catalog.js';
import type { CancellationReason } from '../core/transactions.js';
import { DynamoDbError, validationError } from '../errors/dynamodb-error.js';
import type { AttributeValue } from '../model/attribute-value.js';
import type { RunnableStatement } from '../partiql/ast.js';
import {
  DUPLICATE_PRIMARY_KEY,
  ITEM_EVALUATION_ERRORS,
  statementMessage,
} from '../partiql/errors.js';
import {
  checkTransactionStatement,
  getAction,
  transactionError,
  writeAction,
} from '../partiql/transaction.js';
import { tableKeys } from '../partiql/write.js';
import { checkStatementExpressions } from '../partiql/translate.js';
import { parseTransactionStatement } from '../partiql/parse-request.js';
import type { Operation, OperationContext } from './operation.js';
import { transactGet } from './transact-get-items.js';
import { transactWriteItems } from './transact-write-items.js';

const MIXED =
  'ExecuteTransaction API does not support both read and write operations in the same request.';
const IDEMPOTENT_MISMATCH =
  'Specified idempotent token was used with different request parameters within the idempotency window';

function tableOf(statement: RunnableStatement): string {
  return statement.kind === 'exists'
    ? statement.select.source.tableName
    : statement.source.tableName;
}

/**
 * Each statement in turn: its own checks, its table, its action; the first failure ends the
 * request (DynamoDB Local 3.3 reports a later statement's missing table only if all before pass).
 */
async function actions(
  statements: readonly RunnableStatement[],
  values: readonly (readonly AttributeValue[])[],
  entries: readonly Record<string, unknown>[],
  context: OperationContext,
): Promise<Record<string, unknown>[]> {
  const built: Record<string, unknown>[] = [];
  for (const [i, statement] of statements.entries()) {
    try {
      checkTransactionStatement(statement, i);
      checkStatementExpressions(statement, values[i]!);
      const table = await context.store.read((tx) => requireTable(tx, tableOf(statement)));
      const keys = tableKeys(table);
      const action =
        statement.kind === 'select'
          ? getAction(statement, keys, values[i]!, i)
          : writeAction(statement, keys, values[i]!, i);
      built.push(withReturnValuesOnFailure(action, entries[i]!));
    } catch (error) {
      throw transactionError(error, i, statements.length);
    }
  }
  return built;
}

function withReturnValuesOnFailure(
  action: Record<string, unknown>,
  entry: Record<string, unknown>,
): Record<string, unknown> {
  const onFailure = entry.ReturnValuesOnConditionCheckFailure;
  if (onFailure === undefined || 'Get' in action) return action;
  const [kind, body] = Object.entries(action)[0]!;
  return { [kind]: { ...(body as object), ReturnValuesOnConditionCheckFailure: onFailure } };
}

/** DynamoDB names an INSERT of an existing key DuplicateItem, not a failed condition. */
function writeFailure(failure: unknown, statements: readonly RunnableStatement[]): unknown {
  const error = statementMessage(failure);
  if (!(error instanceof DynamoDbError)) return error;
  if (error.type === 'IdempotentParameterMismatchException' && error.message === '')
    return new DynamoDbError(error.type, IDEMPOTENT_MISMATCH);
  if (error.type !== 'TransactionCanceledException') return error;
  const reasons = error.extra?.CancellationReasons as CancellationReason[] | undefined;
  if (reasons === undefined) return error;
  const evaluation = reasons.find(
    (reason) => reason.Code === 'ValidationError' && ITEM_EVALUATION_ERRORS.has(reason.Message!),
  );
  if (evaluation !== undefined) return validationError(evaluation.Message!);
  const mapped = reasons.map((reason, i) =>
    statements[i]?.kind === 'insert' && reason.Code === 'ConditionalCheckFailed'
      ? { Code: 'DuplicateItem', Message: DUPLICATE_PRIMARY_KEY }
      : reason,
  );
  const codes = mapped.map((reason) => reason.Code).join(', ');
  return new DynamoDbError(
    'TransactionCanceledException',
    `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`,
    { CancellationReasons: mapped },
  );
}

export const executeTransaction: Operation = {
  name: 'ExecuteTransaction',
  async execute(request, context) {
    const entries = request.TransactStatements as Record<string, unknown>[];
    if (hasNullElement(entries)) {
      throw validationError('ExecutePartiQLTransaction can not have empty statement.');
    }
    const parsed = entries.map((entry, i) => {
      try {
        return parseTransactionStatement(entry.Statement as string, entry.Parameters);
      } catch (error) {
        throw transactionError(error, i, entries.length);
      }
    });
    const statements = parsed.map((p) => p.statement);
    const reads = statements.filter((s) => s.kind === 'select').length;
    if (reads > 0 && reads < statements.length) throw validationError(MIXED);
    const TransactItems = await actions(
      statements,
      parsed.map((p) => p.values),
      entries,
      context,
    );
    const capacity = { ReturnConsumedCapacity: request.ReturnConsumedCapacity };
    if (reads > 0) {
      let result: Record<string, unknown>;
      try {
        result = await transactGet({ TransactItems, ...capacity }, context, {
          checkKeyPaths: false,
        });
      } catch (error) {
        throw statementMessage(error);
      }
      return { ...result, Responses: result.Responses ?? [] };
    }
    try {
      const result = (await transactWriteItems.execute(
        { TransactItems, ClientRequestToken: request.ClientRequestToken, ...capacity },
        context,
      )) as Record<string, unknown>;
      return { Responses: [], ...result };
    } catch (error) {
      throw writeFailure(error, statements);
    }
  },
};
