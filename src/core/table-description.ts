// TableDefinition → DescribeTable's `TableDescription` wire object, keys in DynamoDB's order.

import type { ServerConfig } from '../config/server-config.js';
import type { ReadTransaction } from '../storage/engine.js';
import { streamArn } from './arn.js';
import { indexEntryRange } from './index-entries.js';
import { KeyPrefix, prefixEnd, tableKeyPrefix } from './keyspace.js';
import { storedItemSizeBytes } from './stored-item.js';
import type {
  IndexStatus,
  ProvisionedThroughputState,
  SecondaryIndexDefinition,
  TableDefinition,
  TableStatus,
} from './table-definition.js';

export interface TableStats {
  readonly itemCount: number;
  readonly tableSizeBytes: number;
}

export const EMPTY_TABLE_STATS: TableStats = { itemCount: 0, tableSizeBytes: 0 };

/**
 * DynamoDB's default warm throughput for a new table (on-demand or provisioned): what it can
 * serve instantly. Raised by larger provisioned or requested warm throughput.
 */
export const DEFAULT_WARM_READ_UNITS_PER_SECOND = 12000;
export const DEFAULT_WARM_WRITE_UNITS_PER_SECOND = 4000;

/**
 * ItemCount and TableSizeBytes, exact, by walking the table's item range and reading only each
 * value's size header. DynamoDB refreshes these about every six hours; exact is allowed.
 * Cost: one pass over the table's items per DescribeTable.
 */
export async function tableStats(tx: ReadTransaction, tableNumber: number): Promise<TableStats> {
  const start = tableKeyPrefix(KeyPrefix.items, tableNumber);
  let itemCount = 0;
  let tableSizeBytes = 0;
  for await (const entry of tx.scan({ start, end: prefixEnd(start) })) {
    itemCount += 1;
    tableSizeBytes += storedItemSizeBytes(entry.value);
  }
  return { itemCount, tableSizeBytes };
}

/** ItemCount and IndexSizeBytes of each of the table's indexes, exact, counted like `tableStats`. */
export async function indexStats(
  tx: ReadTransaction,
  table: TableDefinition,
): Promise<Map<string, TableStats>> {
  const stats = new Map<string, TableStats>();
  for (const index of table.indexes ?? []) {
    let itemCount = 0;
    let tableSizeBytes = 0;
    for await (const entry of tx.scan(indexEntryRange(index))) {
      itemCount += 1;
      tableSizeBytes += storedItemSizeBytes(entry.value);
    }
    stats.set(index.indexName, { itemCount, tableSizeBytes });
  }
  return stats;
}

/** Epoch milliseconds → DynamoDB's epoch seconds with a fraction. */
export function epochSeconds(epochMs: number): number {
  return epochMs / 1000;
}

function keySchemaWire(table: TableDefinition): Array<{ AttributeName: string; KeyType: string }> {
  const { partitionKey, sortKey } = table.keySchema;
  const keys = [{ AttributeName: partitionKey.name, KeyType: 'HASH' }];
  if (sortKey !== undefined) keys.push({ AttributeName: sortKey.name, KeyType: 'RANGE' });
  return keys;
}

function provisionedThroughputWire(table: TableDefinition): Record<string, number> {
  return throughputStateWire(table.provisionedThroughput);
}

function throughputStateWire(pt: ProvisionedThroughputState): Record<string, number> {
  const wire: Record<string, number> = {};
  if (pt.LastIncreaseDateTime !== undefined) {
    wire.LastIncreaseDateTime = epochSeconds(pt.LastIncreaseDateTime);
  }
  if (pt.LastDecreaseDateTime !== undefined) {
    wire.LastDecreaseDateTime = epochSeconds(pt.LastDecreaseDateTime);
  }
  wire.NumberOfDecreasesToday = pt.NumberOfDecreasesToday;
  wire.ReadCapacityUnits = pt.ReadCapacityUnits;
  wire.WriteCapacityUnits = pt.WriteCapacityUnits;
  return wire;
}

/** Present for on-demand tables and for tables that were ever switched (DynamoDB's rule). */
function billingModeSummaryWire(table: TableDefinition): Record<string, unknown> | undefined {
  if (table.billingMode !== 'PAY_PER_REQUEST' && table.billingModeLastUpdateTime === undefined) {
    return undefined;
  }
  return {
    BillingMode: table.billingMode,
    ...(table.billingModeLastUpdateTime === undefined
      ? {}
      : { LastUpdateToPayPerRequestDateTime: epochSeconds(table.billingModeLastUpdateTime) }),
  };
}

function streamWire(table: TableDefinition, config: ServerConfig): Record<string, unknown> {
  const stream = table.stream;
  if (stream === undefined) return {};
  const wire: Record<string, unknown> = {};
  if (stream.enabled) {
    wire.StreamSpecification = { StreamEnabled: true, StreamViewType: stream.viewType };
  }
  if (stream.latestLabel !== undefined) {
    wire.LatestStreamLabel = stream.latestLabel;
    wire.LatestStreamArn = streamArn(config, table.tableName, stream.latestLabel);
  }
  return wire;
}

function tableClassSummaryWire(table: TableDefinition): Record<string, unknown> | undefined {
  if (table.tableClass === undefined) return undefined;
  return {
    TableClass: table.tableClass,
    ...(table.tableClassLastUpdateTime === undefined
      ? {}
      : { LastUpdateDateTime: epochSeconds(table.tableClassLastUpdateTime) }),
  };
}

/** On-demand tables report their maximums, -1 meaning none. */
function onDemandThroughputWire(table: TableDefinition): Record<string, number> | undefined {
  if (table.billingMode !== 'PAY_PER_REQUEST' && table.onDemandThroughput === undefined) {
    return undefined;
  }
  return {
    MaxReadRequestUnits: table.onDemandThroughput?.MaxReadRequestUnits ?? -1,
    MaxWriteRequestUnits: table.onDemandThroughput?.MaxWriteRequestUnits ?? -1,
  };
}

function warmThroughputWire(table: TableDefinition, status: TableStatus): Record<string, unknown> {
  const provisioned = table.billingMode === 'PROVISIONED' ? table.provisionedThroughput : undefined;
  return {
    ReadUnitsPerSecond: Math.max(
      DEFAULT_WARM_READ_UNITS_PER_SECOND,
      provisioned?.ReadCapacityUnits ?? 0,
      table.warmThroughput?.ReadUnitsPerSecond ?? 0,
    ),
    WriteUnitsPerSecond: Math.max(
      DEFAULT_WARM_WRITE_UNITS_PER_SECOND,
      provisioned?.WriteCapacityUnits ?? 0,
      table.warmThroughput?.WriteUnitsPerSecond ?? 0,
    ),
    Status: status === 'CREATING' || status === 'UPDATING' ? status : 'ACTIVE',
  };
}

function indexKeySchemaWire(
  index: SecondaryIndexDefinition,
): Array<{ AttributeName: string; KeyType: string }> {
  return [
    ...index.partitionKey.map((k) => ({ AttributeName: k.name, KeyType: 'HASH' })),
    ...index.sortKey.map((k) => ({ AttributeName: k.name, KeyType: 'RANGE' })),
  ];
}

function projectionWire(index: SecondaryIndexDefinition): Record<string, unknown> {
  const { type, nonKeyAttributes } = index.projection;
  return nonKeyAttributes === undefined
    ? { ProjectionType: type }
    : { ProjectionType: type, NonKeyAttributes: nonKeyAttributes };
}

function localIndexWire(
  index: SecondaryIndexDefinition,
  stats: TableStats,
): Record<string, unknown> {
  return {
    IndexName: index.indexName,
    KeySchema: indexKeySchemaWire(index),
    Projection: projectionWire(index),
    IndexSizeBytes: stats.tableSizeBytes,
    ItemCount: stats.itemCount,
    IndexArn: index.indexArn,
  };
}

/** A GSI as DynamoDB describes it; on-demand GSIs report 0/0 throughput and -1 maximums. */
function globalIndexWire(
  table: TableDefinition,
  index: SecondaryIndexDefinition,
  stats: TableStats,
): Record<string, unknown> {
  const payPerRequest = table.billingMode === 'PAY_PER_REQUEST';
  const throughput = index.provisionedThroughput;
  const onDemand = index.onDemandThroughput;
  const wire: Record<string, unknown> = {
    IndexName: index.indexName,
    KeySchema: indexKeySchemaWire(index),
    Projection: projectionWire(index),
    IndexStatus: index.status,
    Backfilling: index.status === 'CREATING' ? index.backfilling === true : undefined,
    ProvisionedThroughput: throughput === undefined ? undefined : throughputStateWire(throughput),
    IndexSizeBytes: stats.tableSizeBytes,
    ItemCount: stats.itemCount,
    IndexArn: index.indexArn,
    OnDemandThroughput:
      payPerRequest || onDemand !== undefined
        ? {
            MaxReadRequestUnits: onDemand?.MaxReadRequestUnits ?? -1,
            MaxWriteRequestUnits: onDemand?.MaxWriteRequestUnits ?? -1,
          }
        : undefined,
    WarmThroughput: indexWarmThroughputWire(table, index),
  };
  for (const key of Object.keys(wire)) if (wire[key] === undefined) delete wire[key];
  return wire;
}

function indexWarmThroughputWire(
  table: TableDefinition,
  index: SecondaryIndexDefinition,
): Record<string, unknown> {
  const provisioned = table.billingMode === 'PROVISIONED' ? index.provisionedThroughput : undefined;
  const status: IndexStatus = index.status === 'DELETING' ? 'ACTIVE' : index.status;
  return {
    ReadUnitsPerSecond: Math.max(
      DEFAULT_WARM_READ_UNITS_PER_SECOND,
      provisioned?.ReadCapacityUnits ?? 0,
      index.warmThroughput?.ReadUnitsPerSecond ?? 0,
    ),
    WriteUnitsPerSecond: Math.max(
      DEFAULT_WARM_WRITE_UNITS_PER_SECOND,
      provisioned?.WriteCapacityUnits ?? 0,
      index.warmThroughput?.WriteUnitsPerSecond ?? 0,
    ),
    Status: status,
  };
}

/** LocalSecondaryIndexes and GlobalSecondaryIndexes, each present only when the table has one. */
function indexDescriptions(
  table: TableDefinition,
  indexStats: ReadonlyMap<string, TableStats> | undefined,
): Record<string, unknown> {
  const statsOf = (index: SecondaryIndexDefinition) =>
    indexStats?.get(index.indexName) ?? EMPTY_TABLE_STATS;
  const indexes = table.indexes ?? [];
  const local = indexes.filter((i) => i.kind === 'local');
  const global = indexes.filter((i) => i.kind === 'global');
  return {
    ...(local.length === 0
      ? {}
      : { LocalSecondaryIndexes: local.map((i) => localIndexWire(i, statsOf(i))) }),
    ...(global.length === 0
      ? {}
      : { GlobalSecondaryIndexes: global.map((i) => globalIndexWire(table, i, statsOf(i))) }),
  };
}

export interface DescribeOptions {
  /** The status to report, when the answer shows a transition (CREATING, UPDATING, DELETING). */
  readonly status?: TableStatus;
  readonly stats?: TableStats;
  /** ItemCount and IndexSizeBytes of each index, by index name (0 when absent). */
  readonly indexStats?: ReadonlyMap<string, TableStats>;
}

/** The wire TableDescription; optional members appear only when DynamoDB would send them. */
export function tableDescription(
  table: TableDefinition,
  config: ServerConfig,
  options: DescribeOptions = {},
): Record<string, unknown> {
  const status = options.status ?? table.status;
  const stats = options.stats ?? EMPTY_TABLE_STATS;
  const description: Record<string, unknown> = {
    AttributeDefinitions: table.attributeDefinitions,
    TableName: table.tableName,
    KeySchema: keySchemaWire(table),
    TableStatus: status,
    CreationDateTime: epochSeconds(table.creationTime),
    ProvisionedThroughput: provisionedThroughputWire(table),
    TableSizeBytes: stats.tableSizeBytes,
    ItemCount: stats.itemCount,
    TableArn: table.tableArn,
    TableId: table.tableId,
    BillingModeSummary: billingModeSummaryWire(table),
    // DynamoDB describes no indexes of a table being deleted.
    ...(status === 'DELETING' ? {} : indexDescriptions(table, options.indexStats)),
    ...streamWire(table, config),
    SSEDescription: table.sseDescription,
    TableClassSummary: tableClassSummaryWire(table),
    DeletionProtectionEnabled: table.deletionProtectionEnabled,
    OnDemandThroughput: onDemandThroughputWire(table),
    WarmThroughput: warmThroughputWire(table, status),
  };
  for (const key of Object.keys(description)) {
    if (description[key] === undefined) delete description[key];
  }
  return description;
}
