// BatchExecuteStatement: up to 25 single-item PartiQL reads, or up to 25 writes, each answered on its own.

import { requireTable } from '../core/catalog.js';
import { keyAttributeNames } from '../core/item-keys.js';
import { DynamoDbError, validationError } from '../errors/dynamodb-error.js';
import type { AttributeValue, Item } from '../model/attribute-value.js';
import type { Statement } from '../partiql/ast.js';
import { TABLE_NOT_FOUND } from '../partiql/errors.js';
import { runSelect } from '../partiql/select.js';
import { ExpressionBuilder, splitKeyEqualities } from '../partiql/translate.js';
import { executeWrite, parseWithParameters } from './execute-statement.js';
import type { Operation, OperationContext } from './operation.js';

const OPERATION_WORDS = /^\s*(select|insert|update|delete)\b/i;
const INVALID_OPERATION =
  'Invalid operation. Only select, insert, update and delete operations are valid';

interface Planned {
  readonly statement: Statement;
  readonly values: readonly AttributeValue[];
  readonly tableName: string;
  readonly key: Item;
}

type Response = Record<string, unknown>;

function isPlanned(p: Planned | Response): p is Planned {
  return p.statement !== undefined && p.values !== undefined;
}

/** The per-statement error shape: `Code` is the error type without `Exception`. */
export function statementError(error: unknown, tableName?: string): Response {
  if (!(error instanceof DynamoDbError)) throw error;
  const Code =
    error.type === 'ValidationException' ? 'ValidationError' : error.type.replace(/Exception$/, '');
  const failure: Response = { Message: error.message, Code };
  if (error.extra?.Item !== undefined) failure.Item = error.extra.Item;
  return tableName === undefined ? { Error: failure } : { Error: failure, TableName: tableName };
}

/** Parses one statement and finds the one item it names, as a Response error when it cannot. */
async function plan(
  entry: Record<string, unknown>,
  context: OperationContext,
): Promise<Planned | Response> {
  const text = entry.Statement as string;
  try {
    if (!OPERATION_WORDS.test(text)) throw validationError(INVALID_OPERATION);
    const { parsed, values } = parseWithParameters(text, entry.Parameters);
    const statement = parsed.statement;
    if (statement.kind === 'exists') throw validationError(INVALID_OPERATION);
    const { tableName } = statement.source;
    const table = await context.store.read((tx) => requireTable(tx, tableName, TABLE_NOT_FOUND));
    const keyNames = keyAttributeNames(table);
    return { statement, values, tableName, key: statementKey(statement, keyNames, values) };
  } catch (error) {
    return statementError(error);
  }
}

function statementKey(
  statement: Statement,
  keyNames: readonly string[],
  values: readonly AttributeValue[],
): Item {
  const builder = new ExpressionBuilder(values);
  if (statement.kind === 'insert') {
    const item = builder.literal(statement.value);
    const map = 'M' in item ? item.M : {};
    return Object.fromEntries(keyNames.map((name) => [name, map[name] ?? { NULL: true }]));
  }
  if (statement.kind === 'exists') return {};
  try {
    return splitKeyEqualities(statement.where, keyNames, builder).key;
  } catch (error) {
    if (statement.kind === 'select') throw validationError('Only single item select is supported');
    throw error;
  }
}

function checkBatch(planned: readonly (Planned | Response)[]): void {
  const statements = planned.filter(isPlanned);
  const reads = statements.filter((p) => p.statement.kind === 'select').length;
  if (reads > 0 && reads < statements.length) {
    throw validationError('Read and write requests together in the same batch is not supported.');
  }
  const keys = statements.map((p) => JSON.stringify([p.tableName, p.key]));
  if (new Set(keys).size !== keys.length) {
    throw validationError('Provided list of item keys contains duplicates');
  }
}

async function run(
  p: Planned,
  request: Record<string, unknown>,
  context: OperationContext,
): Promise<Response> {
  const { statement, tableName } = p;
  try {
    if (statement.kind === 'select') {
      const options = {
        parameters: p.values,
        limit: undefined,
        consistentRead: request.ConsistentRead === true,
        capacityMode: undefined,
        nextToken: undefined,
      };
      const page = await context.store.read((tx) => runSelect(tx, statement, options));
      const item = (page.Items as Item[])[0];
      return item === undefined ? { TableName: tableName } : { TableName: tableName, Item: item };
    }
    if (statement.kind === 'exists') return { TableName: tableName };
    await executeWrite(
      statement,
      p.values,
      { ReturnValuesOnConditionCheckFailure: request.ReturnValuesOnConditionCheckFailure },
      context,
    );
    return { TableName: tableName };
  } catch (error) {
    const type = error instanceof DynamoDbError ? error.type : undefined;
    const named = type === 'ConditionalCheckFailedException' || type === 'DuplicateItemException';
    return statementError(error, named ? tableName : undefined);
  }
}

export const batchExecuteStatement: Operation = {
  name: 'BatchExecuteStatement',
  async execute(request, context) {
    const entries = request.Statements as Record<string, unknown>[];
    const planned = await Promise.all(entries.map((entry) => plan(entry, context)));
    checkBatch(planned);
    const Responses: Response[] = [];
    for (const p of planned) Responses.push(isPlanned(p) ? await run(p, request, context) : p);
    return { Responses };
  },
};
