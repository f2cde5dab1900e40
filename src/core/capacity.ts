// Consumed capacity: DynamoDB's unit arithmetic and the ConsumedCapacity shapes it returns.

export type ReturnConsumedCapacity = 'NONE' | 'TOTAL' | 'INDEXES';

const READ_UNIT_BYTES = 4096;
const WRITE_UNIT_BYTES = 1024;

/** The ConsumedCapacity wire shape (Table only for INDEXES; no index entries until indexes exist). */
export interface ConsumedCapacity {
  TableName: string;
  CapacityUnits: number;
  Table?: { CapacityUnits: number };
}

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

/** Per-table sums for batch operations, listed in the order tables were first charged. */
export class CapacityTally {
  private readonly unitsByTable = new Map<string, number>();

  add(tableName: string, units: number): void {
    this.unitsByTable.set(tableName, (this.unitsByTable.get(tableName) ?? 0) + units);
  }

  toWire(mode: 'TOTAL' | 'INDEXES'): ConsumedCapacity[] {
    return [...this.unitsByTable].map(([table, units]) => consumedCapacity(mode, table, units));
  }
}
