// Reading the change log: records of one stream in sequence order (GetRecords, triggers, replication).

import type { ReadTransaction } from '../../storage/engine.js';
import { parseTableArn } from '../arn.js';
import type { TableDefinition } from '../table-definition.js';
import {
  parseSequenceNumber,
  recordKey,
  recordPrefix,
  recordPrefixEnd,
  recordSequence,
} from './stream-keys.js';
import { type StreamRecord, decodeChangeRecord } from './stream-record.js';

export type { StreamRecord } from './stream-record.js';

/**
 * Up to `limit` records of the stream `streamLabel` of `table`, in sequence order, strictly after
 * the SequenceNumber `afterSequence` (from the start when undefined) and, when given, at or before
 * `throughSequence`. Records are complete once visible: a snapshot that sees a record sees every
 * record before it, so a reader that continues after the last SequenceNumber it saw misses nothing.
 * The records' awsRegion is the table's region.
 */
export async function readChangeRecords(
  tx: ReadTransaction,
  table: TableDefinition,
  streamLabel: string,
  afterSequence: string | undefined,
  limit: number,
  throughSequence?: string,
): Promise<StreamRecord[]> {
  const after = afterSequence === undefined ? 0n : parseSequenceNumber(afterSequence);
  if (after === undefined) throw new RangeError(`not a sequence number: ${afterSequence}`);
  const through = throughSequence === undefined ? undefined : parseSequenceNumber(throughSequence);
  return readRecordRange(tx, table, streamLabel, after, through, limit);
}

/** Records with sequence in (after, through] (unbounded above when `through` is undefined). */
export async function readRecordRange(
  tx: ReadTransaction,
  table: TableDefinition,
  streamLabel: string,
  after: bigint,
  through: bigint | undefined,
  limit: number,
): Promise<StreamRecord[]> {
  const { tableNumber } = table;
  const region = parseTableArn(table.tableArn)?.region ?? '';
  const start =
    after === 0n
      ? recordPrefix(tableNumber, streamLabel)
      : recordKey(tableNumber, streamLabel, after + 1n);
  const end =
    through === undefined
      ? recordPrefixEnd(tableNumber, streamLabel)
      : recordKey(tableNumber, streamLabel, through + 1n);
  const records: StreamRecord[] = [];
  if (limit <= 0 || (through !== undefined && through <= after)) return records;
  for await (const entry of tx.scan({ start, end, limit })) {
    records.push(decodeChangeRecord(entry.value, recordSequence(entry.key), streamLabel, region));
  }
  return records;
}
