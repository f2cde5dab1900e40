// ExecuteTransaction: up to 100 PartiQL statements, all reads (TransactGetItems) or all writes
// (TransactWriteItems), with the same all-or-nothing semantics, errors and ClientRequestToken.

import { requireTable } from '../core/catalog.js';
import type { KeyAttribute } from '../core/table-definition.js';
import type { CancellationReason } from '../core/transactions.js';
import { DynamoDbError, validationError } from '../errors/dynamodb-error.js';
import { DUPLICATE_PRIMARY_KEY } from '../partiql/errors.js';
import type { Statement } from '../partiql/ast.js';
import { getAction, writeAction } from '../partiql/transaction.js';
import { tableKeys } from '../partiql/write.js';
import { parseWithParameters } from './execute-statement.js';
import type { Operation, OperationContext } from './operation.js';
import { transactGetItems } from './transact-get-items.js';
import { transactWriteItems } from './transact-write-items.js';

const MIXED =
  'ExecuteTransaction API does not support both read and write operations in the same request.';

function tableOf(statement: Statement): string {
  return statement.kind === 'exists'
    ? statement.select.source.tableName
    : statement.source.tableName;
}

async function keysOf(context: OperationContext, tableName: string): Promise<KeyAttribute[]> {
  const table = await context.store.read((tx) => requireTable(tx, tableName));
  return tableKeys(table);
}

/** DynamoDB names an INSERT of an existing key DuplicateItem, not a failed condition. */
function duplicateReasons(error: unknown, statements: readonly Statement[]): unknown {
  if (!(error instanceof DynamoDbError) || error.type !== 'TransactionCanceledException')
    return error;
  const reasons = error.extra?.CancellationReasons as CancellationReason[] | undefined;
  if (reasons === undefined) return error;
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
    const parsed = entries.map((entry) =>
      parseWithParameters(entry.Statement as string, entry.Parameters),
    );
    const statements = parsed.map((p) => p.parsed.statement);
    const reads = statements.filter((s) => s.kind === 'select').length;
    if (reads > 0 && reads < statements.length) throw validationError(MIXED);
    const keys = await Promise.all(statements.map((s) => keysOf(context, tableOf(s))));
    const capacity = { ReturnConsumedCapacity: request.ReturnConsumedCapacity };
    if (reads > 0) {
      const TransactItems = statements.map((s, i) =>
        getAction(
          s as Statement & { kind: 'select' },
          keys[i]!.map((key) => key.name),
          parsed[i]!.values,
          i,
        ),
      );
      const result = (await transactGetItems.execute(
        { TransactItems, ...capacity },
        context,
      )) as Record<string, unknown>;
      return { ...result, Responses: result.Responses ?? [] };
    }
    const TransactItems = statements.map((s, i) => {
      const action = writeAction(s, keys[i]!, parsed[i]!.values, i);
      const onFailure = entries[i]!.ReturnValuesOnConditionCheckFailure;
      if (onFailure === undefined) return action;
      const [kind, body] = Object.entries(action)[0]!;
      return { [kind]: { ...(body as object), ReturnValuesOnConditionCheckFailure: onFailure } };
    });
    const token = request.ClientRequestToken;
    try {
      const result = (await transactWriteItems.execute(
        { TransactItems, ClientRequestToken: token, ...capacity },
        context,
      )) as Record<string, unknown>;
      return { Responses: [], ...result };
    } catch (error) {
      throw duplicateReasons(error, statements);
    }
  },
};
