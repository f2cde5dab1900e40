// A PartiQL SELECT as a read: a Query when the WHERE clause fixes the partition key, else a Scan.

import { requireTable } from '../core/catalog.js';
import {
  indexKeyConditionRange,
  indexRange,
  keyConditionRange,
  rangeAfter,
  tableRange,
} from '../core/item-range.js';
import { pageResponseJson, readPage } from '../core/read-page.js';
import { checkKeyAttributePaths, readRequest, type ReadRequest } from '../core/read-request.js';
import {
  baseItemFetcher,
  queryKeySchema,
  readSource,
  startStorageKey,
  type ReadSource,
} from '../core/read-source.js';
import { validationError } from '../errors/dynamodb-error.js';
import { compileKeyCondition } from '../expressions/api.js';
import type { AttributeValue, Item } from '../model/attribute-value.js';
import type { ReadTransaction } from '../storage/engine.js';
import type { Statement } from './ast.js';
import { keyTypeMismatch, TABLE_NOT_FOUND } from './errors.js';
import { conjuncts, ExpressionBuilder, keyEquality } from './translate.js';

export interface SelectOptions {
  readonly parameters: readonly AttributeValue[];
  readonly limit: number | undefined;
  readonly consistentRead: boolean;
  readonly capacityMode: unknown;
  readonly nextToken: string | undefined;
}

type Select = Statement & { kind: 'select' };

/** Runs one page of `select`; the answer has ExecuteStatement's shape (Items, NextToken). */
export async function runSelect(
  tx: ReadTransaction,
  select: Select,
  options: SelectOptions,
): Promise<Record<string, unknown>> {
  const { tableName, indexName } = select.source;
  const table = await requireTable(tx, tableName, TABLE_NOT_FOUND);
  const base = {
    TableName: tableName,
    IndexName: indexName,
    ConsistentRead: options.consistentRead,
  };
  const keySchema = queryKeySchema(readSource(table, readRequest(base, 'ScanFilter', [], [])));
  const builder = new ExpressionBuilder(options.parameters);
  const partition = conjuncts(select.where)
    .map((term) => keyEquality(term, [keySchema.partitionKey.name]))
    .find((equality) => equality !== undefined);
  const partitionValue = partition === undefined ? undefined : builder.literal(partition.value);
  if (partitionValue !== undefined && !(keySchema.partitionKey.type in partitionValue)) {
    throw keyTypeMismatch(keySchema.partitionKey.name);
  }
  const keyText =
    partition === undefined || partitionValue === undefined
      ? undefined
      : `${builder.path([partition.name])} = ${builder.value(partitionValue)}`;
  const reverse = orderDescending(select, keySchema, partition !== undefined);
  const wire = {
    ...base,
    Limit: options.limit,
    ReturnConsumedCapacity: options.capacityMode,
    ProjectionExpression: select.projection?.map((path) => builder.path(path)).join(', '),
    FilterExpression: select.where === undefined ? undefined : builder.condition(select.where),
    ExclusiveStartKey: decodeNextToken(options.nextToken),
  };
  const read = readRequest(
    { ...wire, ...builder.attributes() },
    'ScanFilter',
    ['ProjectionExpression', 'FilterExpression'],
    [],
  );
  const source = readSource(table, read);
  checkKeyAttributePaths(read, source.keyNames);
  const schema = { partitionKey: keySchema.partitionKey.name, sortKey: keySchema.sortKey?.name };
  const condition =
    keyText === undefined ? undefined : compileKeyCondition(read.scope, keyText, schema);
  read.scope.assertAllUsed();
  let range =
    condition === undefined
      ? source.index === undefined
        ? tableRange(table.tableNumber)
        : indexRange(source.index)
      : source.index === undefined
        ? keyConditionRange(table.tableNumber, condition)
        : indexKeyConditionRange(source.index, condition);
  if (read.exclusiveStartKey !== undefined) {
    range = rangeAfter(range, startStorageKey(source, read.exclusiveStartKey), reverse);
  }
  return readSelectPage(tx, read, source, range, reverse);
}

async function readSelectPage(
  tx: ReadTransaction,
  read: ReadRequest,
  source: ReadSource,
  range: Parameters<typeof readPage>[1]['range'],
  reverse: boolean,
): Promise<Record<string, unknown>> {
  const page = await readPage(tx, {
    range,
    reverse,
    limit: read.limit,
    filter: read.filter,
    projection: read.projection,
    countOnly: false,
    keyNames: source.keyNames,
    resumable: true,
    fetchBase: baseItemFetcher(tx, source),
    consistentRead: read.consistentRead,
  });
  const json = JSON.parse(
    pageResponseJson(page, read, read.tableName, read.capacityMode, source),
  ) as Record<string, unknown>;
  const response: Record<string, unknown> = { Items: json.Items };
  if (page.lastEvaluatedKey !== undefined)
    response.NextToken = encodeNextToken(page.lastEvaluatedKey);
  if (json.ConsumedCapacity !== undefined) response.ConsumedCapacity = json.ConsumedCapacity;
  return response;
}

/** ORDER BY names key attributes only and needs a WHERE clause (DynamoDB Local 3.3's messages). */
function orderDescending(
  select: Select,
  keySchema: ReturnType<typeof queryKeySchema>,
  isQuery: boolean,
): boolean {
  if (select.orderBy.length === 0) return false;
  if (select.where === undefined) {
    throw validationError('Must have WHERE clause in the statement when using ORDER BY clause.');
  }
  const keys = [keySchema.partitionKey.name, keySchema.sortKey?.name];
  for (const order of select.orderBy) {
    const name = order.path.join('.');
    if (order.path.length !== 1 || !keys.includes(name)) {
      throw validationError(
        `Variable reference ${name} in ORDER BY clause must be part of the primary key`,
      );
    }
  }
  if (!isQuery) {
    throw validationError(
      'Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.',
    );
  }
  const bySort = select.orderBy.find((order) => order.path[0] === keySchema.sortKey?.name);
  return bySort?.descending === true;
}

function encodeNextToken(key: Item): string {
  return Buffer.from(JSON.stringify(key)).toString('base64');
}

function decodeNextToken(token: string | undefined): Item | undefined {
  if (token === undefined) return undefined;
  try {
    return JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Item;
  } catch {
    throw validationError('Invalid NextToken');
  }
}
