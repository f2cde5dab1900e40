// ConsumedCapacity of several PartiQL statements, summed per table the way batch operations report it.

import { CapacityTally, wantsCapacity, type ConsumedCapacity } from '../core/capacity.js';
import type { TableDefinition } from '../core/table-definition.js';

/**
 * Each statement runs as the Query / item write it stands for and reports that operation's
 * ConsumedCapacity; BatchExecuteStatement answers their sums, one entry per table
 * (like BatchGetItem / BatchWriteItem).
 */
export class StatementCapacity {
  private readonly tally = new CapacityTally();
  private charged = false;

  constructor(private readonly mode: unknown) {}

  /** The ReturnConsumedCapacity to pass to each statement's operation. */
  get statementMode(): unknown {
    return wantsCapacity(this.mode) ? this.mode : undefined;
  }

  add(table: TableDefinition, capacity: unknown): void {
    if (capacity === undefined || !wantsCapacity(this.mode)) return;
    const consumed = capacity as ConsumedCapacity;
    this.charged = true;
    if (this.mode === 'TOTAL') {
      this.tally.add(table.tableName, consumed.CapacityUnits);
      return;
    }
    const indexUnits: Record<string, number> = {};
    for (const indexes of [consumed.LocalSecondaryIndexes, consumed.GlobalSecondaryIndexes]) {
      for (const [name, units] of Object.entries(indexes ?? {}))
        indexUnits[name] = units.CapacityUnits;
    }
    const tableUnits = consumed.Table?.CapacityUnits ?? consumed.CapacityUnits;
    this.tally.add(table.tableName, tableUnits, table, indexUnits);
  }

  /** The response member, or undefined when not asked for or nothing ran. */
  toWire(): ConsumedCapacity[] | undefined {
    if (!wantsCapacity(this.mode) || !this.charged) return undefined;
    return this.tally.toWire(this.mode);
  }
}
