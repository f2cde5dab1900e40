// DestinationConfig.OnFailure: where a batch goes when its retries are exhausted or its records expired.

import { appendFile } from 'node:fs/promises';
import { getTable } from '../core/catalog.js';
import { writeItemChange } from '../core/item-writer.js';
import { keyFromItem } from '../core/item-keys.js';
import { encodeStoredItem } from '../core/stored-item.js';
import type { StreamRecord } from '../core/streams/change-records.js';
import type { Item } from '../model/attribute-value.js';
import { itemSizeBytes } from '../model/item-size.js';
import type { StorageEngine } from '../storage/engine.js';

export type FailureCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

export interface FailedBatch {
  readonly requestId: string;
  readonly functionArn: string;
  readonly condition: FailureCondition;
  readonly invokeCount: number;
  readonly functionError?: string;
  readonly streamArn: string;
  readonly records: readonly StreamRecord[];
  readonly nowMs: number;
}

/**
 * Lambda's invocation record for a failed stream batch (what it sends to an SQS/SNS destination),
 * plus the records themselves under `payload`, as Lambda's S3 destination adds them.
 */
export function invocationRecord(batch: FailedBatch): Record<string, unknown> {
  const first = batch.records[0]?.dynamodb;
  const last = batch.records[batch.records.length - 1]?.dynamodb;
  const arrival = (seconds: number | undefined) =>
    seconds === undefined ? undefined : new Date(seconds * 1000).toISOString();
  return {
    requestContext: {
      requestId: batch.requestId,
      functionArn: batch.functionArn,
      condition: batch.condition,
      approximateInvokeCount: batch.invokeCount,
    },
    responseContext: {
      statusCode: 200,
      executedVersion: '$LATEST',
      ...(batch.functionError === undefined ? {} : { functionError: 'Unhandled' }),
    },
    version: '1.0',
    timestamp: new Date(batch.nowMs).toISOString(),
    DDBStreamBatchInfo: {
      startSequenceNumber: first?.SequenceNumber,
      endSequenceNumber: last?.SequenceNumber,
      approximateArrivalOfFirstRecord: arrival(first?.ApproximateCreationDateTime),
      approximateArrivalOfLastRecord: arrival(last?.ApproximateCreationDateTime),
      batchSize: batch.records.length,
      streamArn: batch.streamArn,
    },
    payload: { Records: batch.records, errorMessage: batch.functionError },
  };
}

/** A table ARN (or `table:<name>`) names a table; anything else is a file of JSON lines. */
function destinationTable(destination: string): string | undefined {
  const arn = /^arn:aws[a-z-]*:dynamodb:[^:]*:[^:]*:table\/([^/]+)$/.exec(destination);
  if (arn !== null) return arn[1];
  return destination.startsWith('table:') ? destination.slice('table:'.length) : undefined;
}

export async function sendToFailureDestination(
  store: StorageEngine,
  destination: string,
  batch: FailedBatch,
): Promise<void> {
  const record = invocationRecord(batch);
  const tableName = destinationTable(destination);
  if (tableName === undefined) {
    await appendFile(destination, `${JSON.stringify(record)}\n`);
    return;
  }
  await store.write(async (tx) => {
    const table = await getTable(tx, tableName);
    if (table === undefined) throw new Error(`on-failure destination table ${tableName} not found`);
    const item = destinationItem(table.keySchema, batch, record);
    const { storageKey } = keyFromItem(table, item);
    await writeItemChange(tx, {
      table,
      storageKey,
      oldStored: await tx.get(storageKey),
      newStored: encodeStoredItem(item, itemSizeBytes(item)),
      nowMs: batch.nowMs,
    });
  });
}

type KeySchemaOf = Parameters<typeof keyFromItem>[0]['keySchema'];

/** The key is the request id (S) and, when the table has a sort key, the time (S or N). */
function destinationItem(
  keySchema: KeySchemaOf,
  batch: FailedBatch,
  record: Record<string, unknown>,
): Item {
  const item: Item = {
    [keySchema.partitionKey.name]: { S: batch.requestId },
    record: { S: JSON.stringify(record) },
  };
  const sortKey = keySchema.sortKey;
  if (sortKey !== undefined) {
    item[sortKey.name] =
      sortKey.type === 'N'
        ? { N: String(batch.nowMs) }
        : { S: new Date(batch.nowMs).toISOString() };
  }
  return item;
}
