// Consumed capacity: DynamoDB's unit arithmetic and the ConsumedCapacity shapes it returns.

import type { TableDefinition } from './table-definition.js';

export type ReturnConsumedCapacity = 'NONE' | 'TOTAL' | 'INDEXES';

const READ_UNIT_BYTES = 4096;
const WRITE_UNIT_BYTES = 1024;

/** The ConsumedCapacity wire shape (Table and the index maps only for INDEXES). */
export interface ConsumedCapacity {
  TableName: string;
  CapacityUnits: number;
  Table?: { CapacityUnits: number };
  LocalSecondaryIndexes?: Record<string, { CapacityUnits: number }>;
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits: number }>;
}

/** Units consumed per secondary index name. */
export type IndexUnits = Readonly<Record<string, number>>;

/** Whether the request asked for consumed capacity, so NONE costs no arithmetic at all. */
export function wantsCapacity(mode: unknown): mode is 'TOTAL' | 'INDEXES' {
  return mode === 'TOTAL' || mode === 'INDEXES';
}

/**
 * One read: 1 unit per 4 KB of the whole item (projections do not reduce it), halved when
 * eventually consistent. A missing item still costs the minimum (GetItem).
 */
export function readUnits(itemSizeBytes: number | undefined, consistentRead: boolean): number {
  const units =
    itemSizeBytes === undefined ? 1 : Math.max(1, Math.ceil(itemSizeBytes / READ_UNIT_BYTES));
  return consistentRead ? units : units / 2;
}

/** BatchGetItem charges nothing for keys that match no item (measured on DynamoDB Local 3.3). */
export function batchReadUnits(itemSizeBytes: number | undefined, consistentRead: boolean): number {
  return itemSizeBytes === undefined ? 0 : readUnits(itemSizeBytes, consistentRead);
}

/** One write: 1 unit per 1 KB of the larger of the old and new item; at least 1. */
export function writeUnits(
  oldSizeBytes: number | undefined,
  newSizeBytes: number | undefined,
): number {
  const sizeBytes = Math.max(oldSizeBytes ?? 0, newSizeBytes ?? 0);
  return Math.max(1, Math.ceil(sizeBytes / WRITE_UNIT_BYTES));
}

/**
 * A BatchWriteItem delete of a key with no item is charged 2 units, unlike DeleteItem's 1
 * (measured on DynamoDB Local 3.3).
 */
export function batchDeleteUnits(oldSizeBytes: number | undefined): number {
  return oldSizeBytes === undefined ? 2 : writeUnits(oldSizeBytes, undefined);
}

export function consumedCapacity(
  mode: 'TOTAL' | 'INDEXES',
  tableName: string,
  units: number,
): ConsumedCapacity {
  const capacity: ConsumedCapacity = { TableName: tableName, CapacityUnits: units };
  if (mode === 'INDEXES') capacity.Table = { CapacityUnits: units };
  return capacity;
}

/**
 * ConsumedCapacity of a request that also consumed units on secondary indexes: TOTAL sums them
 * into CapacityUnits; INDEXES lists the table's and each index's share, LSIs and GSIs apart
 * (DynamoDB's shape, measured on DynamoDB Local 3.3).
 */
export function indexedCapacity(
  mode: 'TOTAL' | 'INDEXES',
  table: TableDefinition,
  tableUnits: number,
  indexUnits: IndexUnits,
): ConsumedCapacity {
  let total = tableUnits;
  for (const units of Object.values(indexUnits)) total += units;
  const capacity: ConsumedCapacity = { TableName: table.tableName, CapacityUnits: total };
  if (mode !== 'INDEXES') return capacity;
  capacity.Table = { CapacityUnits: tableUnits };
  for (const [indexName, units] of Object.entries(indexUnits)) {
    const local = table.indexes?.find((index) => index.indexName === indexName)?.kind === 'local';
    const member = local ? 'LocalSecondaryIndexes' : 'GlobalSecondaryIndexes';
    (capacity[member] ??= {})[indexName] = { CapacityUnits: units };
  }
  return capacity;
}

/** Per-table sums for batch operations, listed in the order tables were first charged. */
export class CapacityTally {
  private readonly unitsByTable = new Map<string, number>();
  private readonly indexes = new Map<
    string,
    { table: TableDefinition; units: Record<string, number> }
  >();

  add(tableName: string, units: number, table?: TableDefinition, indexUnits?: IndexUnits): void {
    this.unitsByTable.set(tableName, (this.unitsByTable.get(tableName) ?? 0) + units);
    if (table === undefined || indexUnits === undefined) return;
    let sums = this.indexes.get(tableName);
    if (sums === undefined) this.indexes.set(tableName, (sums = { table, units: {} }));
    for (const [indexName, indexed] of Object.entries(indexUnits)) {
      sums.units[indexName] = (sums.units[indexName] ?? 0) + indexed;
    }
  }

  toWire(mode: 'TOTAL' | 'INDEXES'): ConsumedCapacity[] {
    return [...this.unitsByTable].map(([tableName, units]) => {
      const sums = this.indexes.get(tableName);
      return sums === undefined
        ? consumedCapacity(mode, tableName, units)
        : { ...indexedCapacity(mode, sums.table, units, sums.units), TableName: tableName };
    });
  }
}
