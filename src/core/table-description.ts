// TableDefinition → DescribeTable's `TableDescription` wire object, keys in DynamoDB's order.

import type { ServerConfig } from '../config/server-config.js';
import type { ReadTransaction } from '../storage/engine.js';
import { streamArn } from './arn.js';
import { KeyPrefix, prefixEnd, tableKeyPrefix } from './keyspace.js';
import { storedItemSizeBytes } from './stored-item.js';
import type { TableDefinition, TableStatus } from './table-definition.js';

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
  const pt = table.provisionedThroughput;
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

export interface DescribeOptions {
  /** The status to report, when the answer shows a transition (CREATING, UPDATING, DELETING). */
  readonly status?: TableStatus;
  readonly stats?: TableStats;
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
