// ExecuteStatement: one PartiQL statement, run as the Query, Scan or item write it stands for.

import { requireTable } from '../core/catalog.js';
import { DynamoDbError } from '../errors/dynamodb-error.js';
import type { AttributeValue } from '../model/attribute-value.js';
import { DUPLICATE_PRIMARY_KEY, statementMessage, TABLE_NOT_FOUND } from '../partiql/errors.js';
import { parseWithParameters } from '../partiql/parse-request.js';
import { runSelect } from '../partiql/select.js';
import { checkStatementExpressions } from '../partiql/translate.js';
import {
  checkWriteSource,
  tableKeys,
  writeRequest,
  type WriteStatement,
} from '../partiql/write.js';
import { deleteItem } from './delete-item.js';
import type { Operation, OperationContext } from './operation.js';
import { putItem } from './put-item.js';
import { updateItem } from './update-item.js';

const WRITERS = { PutItem: putItem, UpdateItem: updateItem, DeleteItem: deleteItem };

/** Runs one write statement through the item operation it stands for. */
export async function executeWrite(
  statement: WriteStatement,
  values: readonly AttributeValue[],
  request: Record<string, unknown>,
  context: OperationContext,
): Promise<Record<string, unknown>> {
  checkWriteSource(statement);
  checkStatementExpressions(statement, values);
  const table = await context.store.read((tx) =>
    requireTable(tx, statement.source.tableName, TABLE_NOT_FOUND),
  );
  const write = writeRequest(statement, tableKeys(table), values);
  const wire = {
    ...write.request,
    ReturnConsumedCapacity: request.ReturnConsumedCapacity,
    ReturnValuesOnConditionCheckFailure: request.ReturnValuesOnConditionCheckFailure,
  };
  try {
    const result = (await WRITERS[write.operation].execute(wire, context)) as Record<
      string,
      unknown
    >;
    // RETURNING answers the item write's Attributes as the one item; nothing returned is `[]`.
    const response: Record<string, unknown> = {
      Items: result.Attributes === undefined ? [] : [result.Attributes],
    };
    if (result.ConsumedCapacity !== undefined) response.ConsumedCapacity = result.ConsumedCapacity;
    return response;
  } catch (error) {
    if (
      statement.kind === 'insert' &&
      error instanceof DynamoDbError &&
      error.type === 'ConditionalCheckFailedException'
    ) {
      throw new DynamoDbError('DuplicateItemException', DUPLICATE_PRIMARY_KEY);
    }
    throw statementMessage(error);
  }
}

export const executeStatement: Operation = {
  name: 'ExecuteStatement',
  async execute(request, context) {
    const { statement, values } = parseWithParameters(
      request.Statement as string,
      request.Parameters,
    );
    if (statement.kind !== 'select') return executeWrite(statement, values, request, context);
    const options = {
      parameters: values,
      limit: request.Limit as number | undefined,
      consistentRead: request.ConsistentRead === true,
      capacityMode: request.ReturnConsumedCapacity,
      nextToken: request.NextToken as string | undefined,
      checkKeyPaths: true,
    };
    try {
      return await context.store.read((tx) => runSelect(tx, statement, options));
    } catch (error) {
      throw statementMessage(error);
    }
  },
};
