// Scan: every item of a table in partition-hash order, or one parallel-scan segment of it.

import { requireTable } from '../core/catalog.js';
import { exclusiveStartStorageKey } from '../core/exclusive-start-key.js';
import { keyAttributeNames } from '../core/item-keys.js';
import {
  rangeAfter,
  rangeContains,
  segmentRange,
  tableRange,
  type KeyRange,
} from '../core/item-range.js';
import { pageResponseJson, readPage } from '../core/read-page.js';
import {
  checkIndexName,
  checkKeyAttributePaths,
  readRequest,
  type ReadRequest,
} from '../core/read-request.js';
import type { TableDefinition } from '../core/table-definition.js';
import { validationError } from '../errors/dynamodb-error.js';
import type { ReadTransaction } from '../storage/engine.js';
import { RawJson, type Operation } from './operation.js';

interface ScanPlan {
  readonly read: ReadRequest;
  readonly segment: { readonly index: number; readonly total: number } | undefined;
}

function plan(request: Record<string, unknown>): ScanPlan {
  const segment = parallelSegment(request);
  const read = readRequest(
    request,
    'ScanFilter',
    ['ProjectionExpression', 'FilterExpression'],
    ['AttributesToGet', 'ScanFilter', 'ConditionalOperator'],
  );
  read.scope.assertAllUsed();
  return { read, segment };
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
function scanRange(scan: ScanPlan, table: TableDefinition): KeyRange {
  const range =
    scan.segment === undefined
      ? tableRange(table.tableNumber)
      : segmentRange(table.tableNumber, scan.segment.index, scan.segment.total);
  const startKey = scan.read.exclusiveStartKey;
  if (startKey === undefined) return range;
  const storageKey = exclusiveStartStorageKey(table, startKey);
  if (!rangeContains(range, storageKey)) {
    throw validationError('Exclusive start key must lie within the segment');
  }
  return rangeAfter(range, storageKey, false);
}

async function run(tx: ReadTransaction, scan: ScanPlan): Promise<string> {
  const { read } = scan;
  const table = await requireTable(tx, read.tableName);
  checkIndexName(read);
  const keyNames = keyAttributeNames(table);
  checkKeyAttributePaths(read, keyNames);
  const page = await readPage(tx, {
    range: scanRange(scan, table),
    reverse: false,
    limit: read.limit,
    filter: read.filter,
    projection: read.projection,
    countOnly: read.countOnly,
    keyNames,
    resumable: true,
  });
  return pageResponseJson(page, read, read.tableName, read.capacityMode);
}

export const scan: Operation = {
  name: 'Scan',
  async execute(request, context) {
    const scanPlan = plan(request);
    return new RawJson(await context.store.read((tx) => run(tx, scanPlan)));
  },
};
