// Secondary index upkeep for one item change, in the change's own transaction.

import type { WriteTransaction } from '../storage/engine.js';
import type { DecodedChange } from './item-change.js';

/** Write units consumed per index name. */
export type IndexWriteUnits = Readonly<Record<string, number>>;

const NO_INDEX_WRITES: IndexWriteUnits = Object.freeze({});

/**
 * Brings every secondary index of the table up to date with the change. Tables cannot have
 * secondary indexes yet (CreateTable refuses them until the index issue lands), so there is
 * nothing to maintain.
 */
export function maintainIndexes(
  _tx: WriteTransaction,
  _change: DecodedChange,
): Promise<IndexWriteUnits> {
  return Promise.resolve(NO_INDEX_WRITES);
}
