// The change log: one record per item change, for DynamoDB Streams, triggers, PITR and replication.

import type { WriteTransaction } from '../storage/engine.js';
import type { DecodedChange } from './item-change.js';
import { changeLogSequenceName, recordPrefix } from './streams/stream-keys.js';
import { encodeChangeRecord } from './streams/stream-record.js';

/**
 * Appends the change's record to the table's enabled stream, in the change's own transaction,
 * so a crash can neither lose nor invent a record. A write that changes nothing (same bytes, or
 * deleting a missing item) appends nothing, as in DynamoDB. The record's sequence number is
 * assigned at commit (`putWithSequence`), so concurrent writers of one table do not conflict.
 */
export function appendChangeRecord(tx: WriteTransaction, change: DecodedChange): Promise<void> {
  const { table } = change.change;
  const stream = table.stream;
  if (
    stream?.enabled !== true ||
    stream.viewType === undefined ||
    stream.latestLabel === undefined
  ) {
    return Promise.resolve();
  }
  const value = encodeChangeRecord(change, stream.viewType);
  if (value === undefined) return Promise.resolve();
  tx.putWithSequence(
    recordPrefix(table.tableNumber, stream.latestLabel),
    changeLogSequenceName(table.tableNumber),
    value,
  );
  return Promise.resolve();
}
