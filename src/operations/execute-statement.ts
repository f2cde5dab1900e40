// ExecuteStatement: one PartiQL statement, run as the Query, Scan or item write it stands for.

import { requireTable } from '../core/catalog.js';
import { DynamoDbError, validationError } from '../errors/dynamodb-error.js';
import type { AttributeValue } from '../model/attribute-value.js';
import { validateAttributeValue } from '../model/attribute-value-validation.js';
import type { ParsedStatement } from '../partiql/ast.js';
import {
  DUPLICATE_PRIMARY_KEY,
  PARAMETER_COUNT_MISMATCH,
  TABLE_NOT_FOUND,
} from '../partiql/errors.js';
import { parseStatement } from '../partiql/parser.js';
import { runSelect } from '../partiql/select.js';
import { tableKeys, writeRequest, type WriteStatement } from '../partiql/write.js';
import { deleteItem } from './delete-item.js';
import type { Operation, OperationContext } from './operation.js';
import { putItem } from './put-item.js';
import { updateItem } from './update-item.js';

const WRITERS = { PutItem: putItem, UpdateItem: updateItem, DeleteItem: deleteItem };

/** The statement parsed and its parameters checked against its `?`s. */
export function parseWithParameters(
  statement: string,
  parameters: unknown,
): { parsed: ParsedStatement; values: AttributeValue[] } {
  const parsed = parseStatement(statement);
  const given = (parameters ?? []) as unknown[];
  // DynamoDB Local 3.3 ignores extra parameters; too few is the error.
  if (given.length < parsed.parameterCount) throw validationError(PARAMETER_COUNT_MISMATCH);
  return { parsed, values: given.map((value) => validateAttributeValue(value)) };
}

/** Runs one write statement through the item operation it stands for. */
export async function executeWrite(
  statement: WriteStatement,
  values: readonly AttributeValue[],
  request: Record<string, unknown>,
  context: OperationContext,
): Promise<Record<string, unknown>> {
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
    const response: Record<string, unknown> = { Items: [] };
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
    throw withoutExpressionPrefix(error);
  }
}

const OPERAND_TYPE_PREFIX = 'Invalid UpdateExpression: Incorrect operand type';

/** DynamoDB Local 3.3 reports a SET operand's wrong type without UpdateItem's message prefix. */
function withoutExpressionPrefix(error: unknown): unknown {
  if (!(error instanceof DynamoDbError) || !error.message.startsWith(OPERAND_TYPE_PREFIX)) {
    return error;
  }
  const message = error.message.slice('Invalid UpdateExpression: '.length);
  return new DynamoDbError(error.type, message, error.extra);
}

export const executeStatement: Operation = {
  name: 'ExecuteStatement',
  async execute(request, context) {
    const { parsed, values } = parseWithParameters(request.Statement as string, request.Parameters);
    const statement = parsed.statement;
    if (statement.kind === 'exists')
      throw validationError(
        `Statement wasn't well formed, can't be processed: ${request.Statement as string}`,
      );
    if (statement.kind !== 'select') return executeWrite(statement, values, request, context);
    const options = {
      parameters: values,
      limit: request.Limit as number | undefined,
      consistentRead: request.ConsistentRead === true,
      capacityMode: request.ReturnConsumedCapacity,
      nextToken: request.NextToken as string | undefined,
    };
    return context.store.read((tx) => runSelect(tx, statement, options));
  },
};
