// BatchExecuteStatement: up to 25 single-item PartiQL reads, or up to 25 writes, each answered on its own.

import { hasNullElement } from '../shapes/validate-request.js';
import { requireTable } from '../core/catalog.js';
import { keyAttributeNames } from '../core/item-keys.js';
import type { TableDefinition } from '../core/table-definition.js';
import { DynamoDbError, validationError } from '../errors/dynamodb-error.js';
import type { AttributeValue, Item } from '../model/attribute-value.js';
import type { ItemStatement } from '../partiql/ast.js';
import { StatementCapacity } from '../partiql/capacity.js';
import { isItemEvaluationError, statementMessage, TABLE_NOT_FOUND } from '../partiql/errors.js';
import { checkSelectSource } from '../partiql/projection.js';
import { runSelect } from '../partiql/select.js';
import {
  checkStatementExpressions,
  ExpressionBuilder,
  onlyKeyEqualities,
  splitKeyEqualities,
} from '../partiql/translate.js';
import { checkKeyValueKinds, checkWriteSource, WRITE_KEY_RULES } from '../partiql/write.js';
import { ParameterValueError, parseWithParameters } from '../partiql/parse-request.js';
import { parseStatement } from '../partiql/parser.js';
import { executeWrite } from './execute-statement.js';
import type { Operation, OperationContext } from './operation.js';

const SINGLE_ITEM_SELECT = 'Only single item select is supported';

interface Planned {
  readonly statement: ItemStatement;
  readonly values: readonly AttributeValue[];
  readonly table: TableDefinition;
  readonly tableName: string;
  readonly key: Item;
  /** The statement's own request members (ConsistentRead, ReturnValuesOnConditionCheckFailure). */
  readonly entry: Record<string, unknown>;
}

type Response = Record<string, unknown>;

/** A statement that cannot run: its Response, and whether it reads, when it parsed. */
interface Failed {
  readonly response: Response;
  readonly isRead: boolean | undefined;
}

function isPlanned(p: Planned | Failed): p is Planned {
  return 'statement' in p;
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
): Promise<Planned | Failed> {
  const text = entry.Statement as string;
  try {
    const { statement, values } = parseWithParameters(text, entry.Parameters, 'batch');
    if (statement.kind === 'select') checkSelectSource(statement);
    else checkWriteSource(statement);
    checkStatementExpressions(statement, values);
    const { tableName } = statement.source;
    const table = await context.store.read((tx) => requireTable(tx, tableName, TABLE_NOT_FOUND));
    const key = statementKey(statement, keyAttributeNames(table), values);
    return { statement, values, table, tableName, key, entry };
  } catch (error) {
    if (error instanceof ParameterValueError) throw error;
    return { response: statementError(error), isRead: parsedIsRead(text) };
  }
}

/**
 * Whether a statement that parses but fails is a read: DynamoDB refuses a batch mixing reads and
 * writes before it reports any such statement's own error (DynamoDB Local 3.3).
 */
function parsedIsRead(text: string): boolean | undefined {
  try {
    const { kind } = parseStatement(text).statement;
    if (kind === 'select') return true;
    return kind === 'insert' || kind === 'update' || kind === 'delete' ? false : undefined;
  } catch {
    return undefined;
  }
}

function statementKey(
  statement: ItemStatement,
  keyNames: readonly string[],
  values: readonly AttributeValue[],
): Item {
  const builder = new ExpressionBuilder(values);
  if (statement.kind === 'insert') {
    const item = builder.literal(statement.value);
    const map = 'M' in item ? item.M : {};
    return Object.fromEntries(keyNames.map((name) => [name, map[name] ?? { NULL: true }]));
  }
  const isSelect = statement.kind === 'select';
  let split;
  try {
    const rules = isSelect ? { refuseConflicting: true } : WRITE_KEY_RULES;
    split = splitKeyEqualities(statement.where, keyNames, builder, rules);
  } catch (error) {
    if (isSelect) throw validationError(SINGLE_ITEM_SELECT);
    throw error;
  }
  if (!isSelect) checkKeyValueKinds(split.key, keyNames);
  // A SELECT names its item by key equalities only; any other condition is refused rather than
  // applied as a filter (DynamoDB Local 3.3).
  if (isSelect && split.rest && !onlyKeyEqualities(split.rest, keyNames)) {
    throw validationError(SINGLE_ITEM_SELECT);
  }
  return split.key;
}

function checkBatch(planned: readonly (Planned | Failed)[]): void {
  const kinds = planned.map((p) => (isPlanned(p) ? p.statement.kind === 'select' : p.isRead));
  if (kinds.includes(true) && kinds.includes(false)) {
    throw validationError('Read and write requests together in the same batch is not supported.');
  }
  const keys = planned.filter(isPlanned).map((p) => JSON.stringify([p.tableName, p.key]));
  if (new Set(keys).size !== keys.length) {
    throw validationError('Provided list of item keys contains duplicates');
  }
}

/** Runs one planned statement; its item (SELECT, RETURNING) or error is its Response. */
async function run(
  p: Planned,
  capacity: StatementCapacity,
  context: OperationContext,
): Promise<Response> {
  const { statement, tableName, entry } = p;
  try {
    let result: Response;
    if (statement.kind === 'select') {
      const options = {
        parameters: p.values,
        limit: undefined,
        consistentRead: entry.ConsistentRead === true,
        capacityMode: capacity.statementMode,
        nextToken: undefined,
        checkKeyPaths: false,
      };
      // A batch SELECT reads one item by its key: DynamoDB ignores any ORDER BY, even an invalid
      // one (DynamoDB Local 3.3).
      const read = { ...statement, orderBy: [] };
      result = await context.store.read((tx) => runSelect(tx, read, options));
    } else {
      const request = {
        ReturnConsumedCapacity: capacity.statementMode,
        ReturnValuesOnConditionCheckFailure: entry.ReturnValuesOnConditionCheckFailure,
      };
      result = await executeWrite(statement, p.values, request, context);
    }
    capacity.add(p.table, result.ConsumedCapacity);
    const item = (result.Items as Item[])[0];
    return item === undefined ? { TableName: tableName } : { TableName: tableName, Item: item };
  } catch (error) {
    const type = error instanceof DynamoDbError ? error.type : undefined;
    const named =
      type === 'ConditionalCheckFailedException' ||
      type === 'DuplicateItemException' ||
      isItemEvaluationError(error);
    return statementError(statementMessage(error), named ? tableName : undefined);
  }
}

export const batchExecuteStatement: Operation = {
  name: 'BatchExecuteStatement',
  async execute(request, context) {
    const entries = request.Statements as Record<string, unknown>[];
    if (hasNullElement(entries)) {
      throw validationError('The statement was empty.');
    }
    const planned = await Promise.all(entries.map((entry) => plan(entry, context)));
    checkBatch(planned);
    const capacity = new StatementCapacity(request.ReturnConsumedCapacity);
    const Responses: Response[] = [];
    for (const p of planned)
      Responses.push(isPlanned(p) ? await run(p, capacity, context) : p.response);
    const ConsumedCapacity = capacity.toWire();
    return ConsumedCapacity === undefined ? { Responses } : { Responses, ConsumedCapacity };
  },
};
