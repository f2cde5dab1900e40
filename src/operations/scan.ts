// Scan: every item of a table in partition-hash order, or one parallel-scan segment of it.

import { requireTable } from '../core/catalog.js';
import {
  indexRange,
  indexSegmentRange,
  rangeAfter,
  rangeContains,
  segmentRange,
  tableRange,
  type KeyRange,
} from '../core/item-range.js';
import { pageResponsePieces, readPage } from '../core/read-page.js';
import { checkKeyAttributePaths, readRequest, type ReadRequest } from '../core/read-request.js';
import {
  baseItemFetcher,
  checkConsistentRead,
  checkIndexProjection,
  readSource,
  startStorageKey,
  type ReadSource,
} from '../core/read-source.js';
import { validationError } from '../errors/dynamodb-error.js';
import type { ReadTransaction } from '../storage/engine.js';
import { RawJson, type JsonPiece, type Operation } from './operation.js';

interface ScanPlan {
  readonly read: ReadRequest;
  readonly segment: { readonly index: number; readonly total: number } | undefined;
}

/** The expressions are checked before Segment and TotalSegments (DynamoDB Local 3.3). */
function plan(request: Record<string, unknown>): ScanPlan {
  const read = readRequest(
    request,
    'ScanFilter',
    ['ProjectionExpression', 'FilterExpression'],
    ['AttributesToGet', 'ScanFilter', 'ConditionalOperator'],
  );
  read.scope.assertAllUsed();
  return { read, segment: parallelSegment(request) };
}

/** Segment and TotalSegments come together, Segment zero-based (DynamoDB's messages). */
function parallelSegment(request: Record<string, unknown>): ScanPlan['segment'] {
  const index = request.Segment as number | undefined;
  const total = request.TotalSegments as number | undefined;
  if (index === undefined && total === undefined) return undefined;
  if (total === undefined) {
    throw validationError(
      'The TotalSegments parameter is required but was not present in the request when Segment parameter is present',
    );
  }
  if (index === undefined) {
    throw validationError(
      'The Segment parameter is required but was not present in the request when parameter TotalSegments is present',
    );
  }
  if (index >= total) {
    throw validationError(
      `The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${index} is not less than TotalSegments: ${total}`,
    );
  }
  return { index, total };
}

/** The segment (or table) range after the ExclusiveStartKey, which must lie in the segment. */
function scanRange(scan: ScanPlan, source: ReadSource): KeyRange {
  const { table, index } = source;
  const { segment } = scan;
  const range =
    index === undefined
      ? segment === undefined
        ? tableRange(table.tableNumber)
        : segmentRange(table.tableNumber, segment.index, segment.total)
      : segment === undefined
        ? indexRange(index)
        : indexSegmentRange(index, segment.index, segment.total);
  const startKey = scan.read.exclusiveStartKey;
  if (startKey === undefined) return range;
  const storageKey = startStorageKey(source, startKey);
  if (!rangeContains(range, storageKey)) {
    throw validationError('Exclusive start key must lie within the segment');
  }
  return rangeAfter(range, storageKey, false);
}

async function run(tx: ReadTransaction, scan: ScanPlan): Promise<JsonPiece[]> {
  const { read } = scan;
  const table = await requireTable(tx, read.tableName);
  const source = readSource(table, read);
  checkConsistentRead(source, read);
  // The ExclusiveStartKey before paths into key attributes (DynamoDB Local 3.3).
  const range = scanRange(scan, source);
  checkKeyAttributePaths(read, table);
  checkIndexProjection(source, read, 'Scan');
  const page = await readPage(tx, {
    range,
    reverse: false,
    limit: read.limit,
    filter: read.filter,
    projection: read.projection,
    countOnly: read.countOnly,
    keyNames: source.keyNames,
    resumable: true,
    fetchBase: baseItemFetcher(tx, source),
    filterBaseOnly: !source.returnsBase,
    consistentRead: read.consistentRead,
  });
  return pageResponsePieces(page, read, read.tableName, read.capacityMode, source);
}

export const scan: Operation = {
  name: 'Scan',
  async execute(request, context) {
    const scanPlan = plan(request);
    return new RawJson(...(await context.store.read((tx) => run(tx, scanPlan))));
  },
};
