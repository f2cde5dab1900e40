// A PartiQL SELECT as a read: a Query when the WHERE clause fixes the partition key, else a Scan.

import { requireTable } from '../core/catalog.js';
import {
  indexKeyConditionRange,
  indexRange,
  keyConditionRange,
  rangeAfter,
  rangeContains,
  tableRange,
  type KeyRange,
} from '../core/item-range.js';
import { pageResponsePieces, readPage, type Page } from '../core/read-page.js';
import { checkKeyAttributePaths, readRequest, type ReadRequest } from '../core/read-request.js';
import {
  baseItemFetcher,
  checkConsistentRead,
  checkIndexProjection,
  queryKeySchema,
  readSource,
  startStorageKey,
  type ReadSource,
} from '../core/read-source.js';
import { validationError } from '../errors/dynamodb-error.js';
import { compileKeyCondition } from '../expressions/api.js';
import type { AttributeValue, Item } from '../model/attribute-value.js';
import { encodeKeyValue } from '../model/key-encoding.js';
import type { ReadTransaction } from '../storage/engine.js';
import { RawJson } from '../operations/operation.js';
import type { KeyAttribute } from '../core/table-definition.js';
import type { Expr, Statement } from './ast.js';
import { keyTypeMismatch, TABLE_NOT_FOUND } from './errors.js';
import { checkSelectSource, projectedByName } from './projection.js';
import { sameLiteralTypes, sortKeyCondition } from './sort-key-condition.js';
import {
  checkStatementExpressions,
  conjuncts,
  ExpressionBuilder,
  keyEquality,
} from './translate.js';

export interface SelectOptions {
  readonly parameters: readonly AttributeValue[];
  readonly limit: number | undefined;
  readonly consistentRead: boolean;
  readonly capacityMode: unknown;
  readonly nextToken: string | undefined;
  /**
   * False for BatchExecuteStatement's single-item SELECTs: DynamoDB Local 3.3 does not refuse paths
   * into key attributes there (`SELECT pk[0] …` projects to nothing).
   */
  readonly checkKeyPaths: boolean;
}

type Select = Statement & { kind: 'select' };

/** Runs one page of `select`; the answer has ExecuteStatement's shape (Items, NextToken). */
export async function runSelect(
  tx: ReadTransaction,
  select: Select,
  options: SelectOptions,
): Promise<Record<string, unknown>> {
  const { tableName, indexName } = select.source;
  checkSelectSource(select);
  checkStatementExpressions(select, options.parameters);
  const table = await requireTable(tx, tableName, TABLE_NOT_FOUND);
  const base = {
    TableName: tableName,
    IndexName: indexName,
    ConsistentRead: options.consistentRead,
  };
  const baseRead = readRequest(base, 'ScanFilter', [], []);
  const baseSource = readSource(table, baseRead);
  checkConsistentRead(baseSource, baseRead);
  const keySchema = queryKeySchema(baseSource);
  const builder = new ExpressionBuilder(options.parameters);
  const partition = conjuncts(select.where)
    .map((term) => keyEquality(term, [keySchema.partitionKey.name]))
    .find((equality) => equality !== undefined);
  const partitionValues =
    partition === undefined
      ? partitionList(select.where, keySchema.partitionKey.name, builder)
      : [builder.literal(partition.value)];
  if (
    partitionValues?.some((value) => !(keySchema.partitionKey.type in value)) ||
    (partitionValues === undefined &&
      conjuncts(select.where).some((term) => isNullTest(term, keySchema.partitionKey.name)))
  ) {
    throw keyTypeMismatch(keySchema.partitionKey.name);
  }
  const sortText =
    partitionValues === undefined || keySchema.sortKey === undefined || keySchema.multiAttribute
      ? undefined
      : sortKeyCondition(conjuncts(select.where), keySchema.sortKey, builder);
  const keys = [keySchema.partitionKey, ...(keySchema.sortKey ? [keySchema.sortKey] : [])];
  if (select.where !== undefined && comparesKeyWithOtherType(select.where, keys, builder)) {
    throw validationError(
      'One or more parameter values were invalid: Condition parameter type does not match schema type',
    );
  }
  const keyTexts = partitionValues?.map(
    (value) =>
      `${builder.path([keySchema.partitionKey.name])} = ${builder.value(value)}` +
      (sortText === undefined ? '' : ` AND ${sortText}`),
  );
  const order = orderOf(select, keySchema, partitionValues !== undefined);
  const reverse = order === 'descending';
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
  checkIndexProjection(source, read, 'Scan');
  if (options.checkKeyPaths) checkKeyAttributePaths(read, table);
  const schema = { partitionKey: keySchema.partitionKey.name, sortKey: keySchema.sortKey?.name };
  const conditions = keyTexts?.map((text) => compileKeyCondition(read.scope, text, schema));
  read.scope.assertAllUsed();
  const ranges =
    conditions === undefined
      ? [source.index === undefined ? tableRange(table.tableNumber) : indexRange(source.index)]
      : conditions.map((condition) =>
          source.index === undefined
            ? keyConditionRange(table.tableNumber, condition)
            : indexKeyConditionRange(source.index, condition),
        );
  const start =
    read.exclusiveStartKey === undefined
      ? undefined
      : startStorageKey(source, read.exclusiveStartKey);
  const resumed = start === undefined ? ranges : rangesAfter(ranges, start, reverse);
  // The projection was compiled above for its validation; the values are picked from whole items
  // because a ProjectionExpression would compact list indexes (`l[1]` → `{"l": [v]}`).
  const { projection } = select;
  const page = await readSelectPage(
    tx,
    { ...read, projection: undefined },
    source,
    resumed,
    reverse,
  );
  if (order === 'scan descending') {
    page.Items = partitionsReversed(page.Items as Item[], keySchema.partitionKey.name);
  }
  if (projection !== undefined) {
    page.Items = (page.Items as Item[]).map((item) => projectedByName(item, projection));
  }
  return page;
}

/** `name IS NULL`: as the only condition on a key, DynamoDB Local 3.3 takes it for the key's value. */
function isNullTest(term: Expr, name: string): boolean {
  return term.t === 'is' && !term.negated && term.what === 'NULL' && isPathTo(term.operand, name);
}

/**
 * Whether a condition compares a key attribute with a value of another type than the schema's
 * (`sk = 'a'`, `pk IN [1]`, `contains(sk, 'a')`, `attribute_type(sk, 'N')`, whose argument is a
 * string, `sk IS NULL`): DynamoDB Local 3.3 refuses the whole SELECT, but looks only at the last
 * term on each key in the clause (`sk > 'a' AND sk < 5` runs, `sk < 5 AND sk > 'a'` does not).
 */
function comparesKeyWithOtherType(
  where: Expr,
  keys: readonly KeyAttribute[],
  builder: ExpressionBuilder,
): boolean {
  const lastTerm = new Map<KeyAttribute, readonly Expr[]>();
  const onKey = (operand: Expr, values: readonly Expr[]): void => {
    const key = keys.find((k) => isPathTo(operand, k.name));
    // `sk = x` compares with another attribute: not a term on the key.
    if (key !== undefined && values.some((value) => value.t !== 'path')) lastTerm.set(key, values);
  };
  const visit = (expr: Expr): void => {
    switch (expr.t) {
      case 'and':
      case 'or':
        visit(expr.left);
        visit(expr.right);
        return;
      case 'not':
        visit(expr.operand);
        return;
      case 'compare':
        onKey(expr.left, [expr.right]);
        onKey(expr.right, [expr.left]);
        return;
      case 'in':
        // Only the first value's type is compared.
        onKey(expr.operand, expr.list.slice(0, 1));
        return;
      case 'between':
        // Bounds of two types get the filter's own BETWEEN error instead.
        if (sameLiteralTypes(expr.low, expr.high, builder))
          onKey(expr.operand, [expr.low, expr.high]);
        return;
      case 'is':
        if (expr.what === 'NULL') onKey(expr.operand, [{ t: 'null' }]);
        return;
      case 'call':
        if (COMPARING_FUNCTIONS.has(expr.name) && expr.args.length === 2)
          onKey(expr.args[0]!, [expr.args[1]!]);
        return;
      default:
        return;
    }
  };
  visit(where);
  return [...lastTerm].some(([key, values]) =>
    values.some((value) => LITERALS.has(value.t) && !(key.type in builder.literal(value))),
  );
}

const LITERALS: ReadonlySet<string> = new Set([
  'string',
  'number',
  'bool',
  'null',
  'param',
  'list',
  'map',
  'set',
]);
const COMPARING_FUNCTIONS: ReadonlySet<string> = new Set([
  'attribute_type',
  'begins_with',
  'contains',
]);

function isPathTo(expr: Expr, name: string): boolean {
  return expr.t === 'path' && expr.path.length === 1 && expr.path[0] === name;
}

/**
 * `pk IN [a, b]` with no `pk = x`: DynamoDB Local 3.3 queries each listed partition in key order
 * (whatever the list's order), Limit counting across them; other OR forms of the key are Scans.
 */
function partitionList(
  where: Expr | undefined,
  partitionKey: string,
  builder: ExpressionBuilder,
): AttributeValue[] | undefined {
  const term = conjuncts(where).find(
    (t) =>
      t.t === 'in' &&
      t.operand.t === 'path' &&
      t.operand.path.length === 1 &&
      t.operand.path[0] === partitionKey &&
      t.list.every((e) => e.t === 'string' || e.t === 'number' || e.t === 'param'),
  );
  // A second IN (`AND sk IN [1, 2]`) makes DynamoDB Local 3.3 Scan instead.
  if (term?.t !== 'in' || conjuncts(where).some((t) => t !== term && t.t === 'in'))
    return undefined;
  const byKey = new Map<string, AttributeValue>();
  for (const value of term.list.map((e) => builder.literal(e))) {
    byKey.set(Buffer.from(encodeKeyValue(value)).toString('hex'), value);
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

/** The ranges still to read after `start`: later partitions whole, its own partition after it. */
function rangesAfter(ranges: readonly KeyRange[], start: Uint8Array, reverse: boolean): KeyRange[] {
  const at = ranges.findIndex((range) => rangeContains(range, start));
  if (at < 0) return ranges.map((range) => rangeAfter(range, start, reverse));
  return [rangeAfter(ranges[at]!, start, reverse), ...ranges.slice(at + 1)];
}

async function readSelectPage(
  tx: ReadTransaction,
  read: ReadRequest,
  source: ReadSource,
  ranges: readonly KeyRange[],
  reverse: boolean,
): Promise<Record<string, unknown>> {
  let page: Page | undefined;
  for (const range of ranges) {
    const limit = read.limit === undefined ? undefined : read.limit - (page?.scannedCount ?? 0);
    if (limit !== undefined && limit <= 0) break;
    const next = await readPage(tx, {
      range,
      reverse,
      limit,
      filter: read.filter,
      projection: read.projection,
      countOnly: false,
      keyNames: source.keyNames,
      resumable: true,
      fetchBase: baseItemFetcher(tx, source),
      consistentRead: read.consistentRead,
    });
    page = page === undefined ? next : mergedPages(page, next);
    if (next.lastEvaluatedKey !== undefined) break;
  }
  const pieces = pageResponsePieces(page!, read, read.tableName, read.capacityMode, source);
  const json = JSON.parse(new RawJson(...pieces).text()) as Record<string, unknown>;
  const response: Record<string, unknown> = { Items: json.Items };
  if (page!.lastEvaluatedKey !== undefined)
    response.NextToken = encodeNextToken(page!.lastEvaluatedKey);
  if (json.ConsumedCapacity !== undefined) response.ConsumedCapacity = json.ConsumedCapacity;
  return response;
}

function mergedPages(first: Page, second: Page): Page {
  return {
    itemsJson: [...first.itemsJson, ...second.itemsJson],
    count: first.count + second.count,
    scannedCount: first.scannedCount + second.scannedCount,
    readSizeBytes: first.readSizeBytes + second.readSizeBytes,
    fetchReadUnits: first.fetchReadUnits + second.fetchReadUnits,
    lastEvaluatedKey: second.lastEvaluatedKey,
  };
}

type Order = 'ascending' | 'descending' | 'scan ascending' | 'scan descending';

/**
 * ORDER BY names key attributes only and needs a WHERE clause that fixes the partition key in
 * every OR branch (DynamoDB Local 3.3's messages). A Query reads each partition in that order; a
 * Scan (`pk = 'a' OR pk = 'b'`) keeps its partition order and orders each partition's items.
 */
function orderOf(
  select: Select,
  keySchema: ReturnType<typeof queryKeySchema>,
  isQuery: boolean,
): Order {
  if (select.orderBy.length === 0) return 'ascending';
  if (select.where === undefined) {
    throw validationError('Must have WHERE clause in the statement when using ORDER BY clause.');
  }
  // The partition key condition is checked before the terms (DynamoDB Local 3.3).
  if (!isQuery && !fixesPartition(select.where, keySchema.partitionKey.name)) {
    throw validationError(
      'Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.',
    );
  }
  const keys = [keySchema.partitionKey.name, keySchema.sortKey?.name];
  for (const order of select.orderBy) {
    if (order.nonVariable !== undefined) {
      throw validationError(
        `Argument to ORDER BY must be of type VariableReference. Type: ${order.nonVariable}`,
      );
    }
    const name = order.path.join('.');
    if (order.path.length !== 1 || !keys.includes(name)) {
      throw validationError(
        `Variable reference ${name} in ORDER BY clause must be part of the primary key`,
      );
    }
  }
  const bySort = select.orderBy.find((order) => order.path[0] === keySchema.sortKey?.name);
  const descending = bySort?.descending === true;
  if (isQuery) return descending ? 'descending' : 'ascending';
  return descending ? 'scan descending' : 'scan ascending';
}

/** Whether every row the condition admits has the partition key equal to a literal. */
function fixesPartition(expr: Expr, partitionKey: string): boolean {
  if (expr.t === 'and')
    return fixesPartition(expr.left, partitionKey) || fixesPartition(expr.right, partitionKey);
  if (expr.t === 'or')
    return fixesPartition(expr.left, partitionKey) && fixesPartition(expr.right, partitionKey);
  if (expr.t === 'in') return isPartitionKey(expr.operand, partitionKey);
  return keyEquality(expr, [partitionKey]) !== undefined;
}

function isPartitionKey(expr: Expr, partitionKey: string): boolean {
  return expr.t === 'path' && expr.path.length === 1 && expr.path[0] === partitionKey;
}

/** Each run of one partition's items, in reverse: a Scan page ordered by the sort key DESC. */
function partitionsReversed(items: readonly Item[], partitionKey: string): Item[] {
  const out: Item[] = [];
  let run: Item[] = [];
  let runKey: string | undefined;
  for (const item of items) {
    const key = JSON.stringify(item[partitionKey]);
    if (key !== runKey) {
      out.push(...run.reverse());
      run = [];
      runKey = key;
    }
    run.push(item);
  }
  out.push(...run.reverse());
  return out;
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
