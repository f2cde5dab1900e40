// The change log: one record per item change, for DynamoDB Streams, triggers, PITR and replication.

import type { WriteTransaction } from '../storage/engine.js';
import type { DecodedChange } from './item-change.js';

/**
 * Appends the change's record when the table has a stream. Stream settings are stored and
 * described, but records are not produced before the streams issue lands (docs/compatibility.md).
 */
export async function appendChangeRecord(
  _tx: WriteTransaction,
  _change: DecodedChange,
): Promise<void> {}
