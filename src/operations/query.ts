// Query: the items of one partition, in sort-key order either way, narrowed by a sort-key condition.

import { requireTable } from '../core/catalog.js';
import { checkKeyConditionValues } from '../core/key-condition-values.js';
import {
  indexKeyConditionRange,
  keyConditionRange,
  rangeAfter,
  rangeContains,
  type KeyRange,
} from '../core/item-range.js';
import { pageResponsePieces, readPage } from '../core/read-page.js';
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
import type { KeyAttribute } from '../core/table-definition.js';
import { validationError } from '../errors/dynamodb-error.js';
import {
  compileKeyConditions,
  keyConditionOnSchema,
  keyConditionTerms,
  keyConditionPaths,
  resolveKeyCondition,
  type CompiledKeyCondition,
} from '../expressions/api.js';
import type { ReadTransaction } from '../storage/engine.js';
import { RawJson, type JsonPiece, type Operation } from './operation.js';

interface QueryPlan {
  readonly read: ReadRequest;
  readonly keyConditionExpression: string | undefined;
  readonly keyConditions: Readonly<Record<string, unknown>> | undefined;
  readonly reverse: boolean;
  /** Whether the filter came as QueryFilter (DynamoDB names it in messages). */
  readonly legacyFilter: boolean;
}

function plan(request: Record<string, unknown>): QueryPlan {
  // DynamoDB Local 3.3 accepts KeyConditions beside a FilterExpression or ProjectionExpression;
  // only KeyConditionExpression excludes it.
  const mixView =
    request.KeyConditionExpression === undefined
      ? { ...request, KeyConditions: undefined }
      : request;
  const read = readRequest(
    mixView,
    'QueryFilter',
    ['ProjectionExpression', 'FilterExpression', 'KeyConditionExpression'],
    ['AttributesToGet', 'QueryFilter', 'ConditionalOperator', 'KeyConditions'],
  );
  const keyConditionExpression = request.KeyConditionExpression as string | undefined;
  const keyConditions = request.KeyConditions as Record<string, unknown> | undefined;
  if (keyConditionExpression === undefined && keyConditions === undefined) {
    throw validationError(
      'Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.',
    );
  }
  return {
    read,
    keyConditionExpression,
    keyConditions,
    reverse: request.ScanIndexForward === false,
    legacyFilter: request.QueryFilter !== undefined,
  };
}

/**
 * The key condition needs the key schema read. DynamoDB Local checks a KeyConditionExpression's
 * names and values, then that every one given was used, then paths into key attributes, then its
 * operators, then ConsistentRead on a GSI, then the key schema (KeyConditions only then).
 */
function keyCondition(spec: QueryPlan, source: ReadSource): CompiledKeyCondition {
  const keySchema = queryKeySchema(source);
  const { partitionKey, sortKey, multiAttribute } = keySchema;
  const names = (attributes: readonly KeyAttribute[]): string[] => attributes.map((a) => a.name);
  const schema = {
    partitionKey: partitionKey.name,
    partitionKeyType: partitionKey.type,
    sortKey: sortKey?.name,
    ...(multiAttribute === undefined
      ? {}
      : {
          multiAttribute: {
            partitionKeys: names(multiAttribute.partitionKeys),
            sortKeys: names(multiAttribute.sortKeys),
          },
        }),
  };
  const expression = spec.keyConditionExpression;
  const resolved =
    expression === undefined ? undefined : resolveKeyCondition(spec.read.scope, expression);
  spec.read.scope.assertAllUsed();
  const paths = resolved === undefined ? undefined : keyConditionPaths(resolved);
  checkKeyAttributePaths(spec.read, source.table, paths);
  const terms = resolved === undefined ? undefined : keyConditionTerms(resolved);
  checkConsistentRead(source, spec.read);
  const compiled =
    terms === undefined
      ? compileKeyConditions(spec.keyConditions!, schema)
      : keyConditionOnSchema(terms, schema);
  checkKeyConditionValues(compiled, keySchema);
  return compiled;
}

/** DynamoDB's Query reads key attributes only through the key condition, never a filter. */
function checkFilterKeys(spec: QueryPlan, keyNames: readonly string[]): void {
  const key = spec.read.filter?.paths.find((p) => keyNames.includes(p[0] as string))?.[0];
  if (key === undefined) return;
  const member = spec.legacyFilter ? 'QueryFilter' : 'Filter Expression';
  throw validationError(
    `${member} can only contain non-primary key attributes: Primary key attribute: ${key}`,
  );
}

/** An ExclusiveStartKey must lie within the key condition's range; the walk resumes after it. */
function startAfter(spec: QueryPlan, source: ReadSource, range: KeyRange): KeyRange {
  const startKey = spec.read.exclusiveStartKey;
  if (startKey === undefined) return range;
  const storageKey = startStorageKey(source, startKey);
  if (!rangeContains(range, storageKey)) {
    throw validationError('The provided starting key does not match the range key predicate');
  }
  return rangeAfter(range, storageKey, spec.reverse);
}

async function run(tx: ReadTransaction, spec: QueryPlan): Promise<JsonPiece[]> {
  const { read } = spec;
  const table = await requireTable(tx, read.tableName);
  const source = readSource(table, read);
  const condition = keyCondition(spec, source);
  const conditionRange =
    source.index === undefined
      ? keyConditionRange(table.tableNumber, condition)
      : indexKeyConditionRange(source.index, condition);
  const range = startAfter(spec, source, conditionRange);
  checkFilterKeys(spec, source.primaryKeyNames);
  checkIndexProjection(source, read, 'Query');
  const page = await readPage(tx, {
    range,
    reverse: spec.reverse,
    limit: read.limit,
    filter: read.filter,
    projection: read.projection,
    countOnly: read.countOnly,
    keyNames: source.keyNames,
    // Several items share an index key, so index Queries always resume.
    resumable: source.index !== undefined || table.keySchema.sortKey !== undefined,
    fetchBase: baseItemFetcher(tx, source),
    filterBaseOnly: !source.returnsBase,
    consistentRead: read.consistentRead,
  });
  return pageResponsePieces(page, read, read.tableName, read.capacityMode, source);
}

export const query: Operation = {
  name: 'Query',
  async execute(request, context) {
    const queryPlan = plan(request);
    return new RawJson(...(await context.store.read((tx) => run(tx, queryPlan))));
  },
};
