// Trigger dispatch: one background job per mapping reads the table's change log after its durable
// checkpoint and hands batches to the handler — at least once, in order, retried with backoff.

import { randomUUID } from 'node:crypto';
import type { ServerConfig } from '../config/server-config.js';
import type { BackgroundJob, JobContext } from '../core/background-jobs.js';
import { getTable } from '../core/catalog.js';
import { KeyPrefix } from '../core/keyspace.js';
import { readChangeRecords, type StreamRecord } from '../core/streams/change-records.js';
import { arnOfStream } from '../core/streams/stream-lookup.js';
import { lastRecordSequence } from '../core/streams/stream-shards.js';
import { formatSequenceNumber } from '../core/streams/stream-keys.js';
import { matchesAnyFilter } from './event-filter.js';
import { sendToFailureDestination, type FailureCondition } from './failure-destination.js';
import { invokeHandler } from './invoke-handler.js';
import type { TriggerMapping } from './trigger-mapping.js';

/** The durable progress of one mapping. */
interface Checkpoint {
  readonly label: string;
  /** SequenceNumber of the last record handled; absent: from the stream's start. */
  readonly after?: string;
  /** Failed invocations of the batch at the checkpoint. */
  readonly attempts: number;
  /** Set by bisection: the next batch takes at most this many records. */
  readonly batchLimit?: number;
  /** Epoch milliseconds before which the failed batch is not retried (backoff). */
  readonly retryAtMs?: number;
}

const MAX_BACKOFF_MS = 60_000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function checkpointKey(name: string): Uint8Array {
  return Uint8Array.of(KeyPrefix.triggerCheckpoints, ...encoder.encode(name));
}

/** The background job that runs one mapping; its lease makes each batch go to one invocation. */
export function triggerJob(mapping: TriggerMapping): BackgroundJob {
  return loadedTriggerJob(`trigger:${mapping.name}`, () => Promise.resolve(mapping));
}

/**
 * A job whose mapping is loaded afresh at every step (mappings stored through the admin API can be
 * updated or deleted by any process); `load` answers undefined once the mapping is gone.
 */
export function loadedTriggerJob(
  name: string,
  load: (context: JobContext) => Promise<TriggerMapping | undefined>,
): BackgroundJob {
  // The runner may start a step (its timer) while another runs (drainBackgroundJobs); a batch must
  // never go to two invocations at once, so this process runs one step of the mapping at a time.
  let previous: Promise<unknown> = Promise.resolve();
  const run = async (context: JobContext): Promise<boolean> => {
    const mapping = await load(context);
    return mapping?.Enabled === true ? dispatchStep(mapping, context) : false;
  };
  return {
    name,
    intervalMs: 500,
    step(context) {
      const next = previous.then(
        () => run(context),
        () => run(context),
      );
      previous = next.catch(() => undefined);
      return next;
    },
  };
}

interface Batch {
  readonly checkpoint: Checkpoint;
  readonly records: StreamRecord[];
  readonly streamArn: string;
}

/** Reads the next batch, or undefined when there is nothing to do yet. */
async function nextBatch(mapping: TriggerMapping, context: JobContext): Promise<Batch | undefined> {
  const nowMs = context.now();
  return context.store.write(async (tx) => {
    const table = await getTable(tx, mapping.tableName);
    const label = table?.stream?.enabled === true ? table.stream.latestLabel : undefined;
    if (table === undefined || label === undefined) return undefined;
    const stored = await tx.get(checkpointKey(mapping.name));
    let checkpoint = stored && (JSON.parse(decoder.decode(stored)) as Checkpoint);
    if (checkpoint === undefined || checkpoint.label !== label) {
      // A new mapping (or a new stream after re-enabling) starts where StartingPosition says.
      const last =
        mapping.StartingPosition === 'LATEST' && checkpoint === undefined
          ? await lastRecordSequence(tx, { table, label })
          : undefined;
      checkpoint = {
        label,
        attempts: 0,
        ...(last === undefined ? {} : { after: formatSequenceNumber(last) }),
      };
      tx.put(checkpointKey(mapping.name), encoder.encode(JSON.stringify(checkpoint)));
    }
    if (checkpoint.retryAtMs !== undefined && checkpoint.retryAtMs > nowMs) return undefined;
    const limit = checkpoint.batchLimit ?? mapping.BatchSize;
    const records = await readChangeRecords(tx, table, label, checkpoint.after, limit);
    const first = records[0];
    if (first === undefined) return undefined;
    const windowMs = mapping.MaximumBatchingWindowInSeconds * 1000;
    const firstAgeMs = nowMs - first.dynamodb.ApproximateCreationDateTime * 1000;
    if (records.length < limit && firstAgeMs < windowMs) return undefined;
    return { checkpoint, records, streamArn: arnOfStream(context.config, table, label) };
  });
}

async function dispatchStep(mapping: TriggerMapping, context: JobContext): Promise<boolean> {
  const batch = await nextBatch(mapping, context);
  if (batch === undefined) return false;
  const { checkpoint, streamArn } = batch;
  const nowMs = context.now();
  const maxAgeMs = mapping.MaximumRecordAgeInSeconds * 1000;
  const expired =
    mapping.MaximumRecordAgeInSeconds === -1
      ? []
      : batch.records.filter(
          (r) => nowMs - r.dynamodb.ApproximateCreationDateTime * 1000 > maxAgeMs,
        );
  if (expired.length > 0) {
    await fail(mapping, context, { ...batch, records: expired }, 'RecordAgeExceeded', undefined);
    return true;
  }
  const patterns = mapping.FilterCriteria?.Filters.map((filter) => filter.Pattern) ?? [];
  const records = batch.records
    .map((record) => lambdaRecord(record, streamArn))
    .filter((record) => matchesAnyFilter(record, patterns));
  const last = batch.records[batch.records.length - 1]!.dynamodb.SequenceNumber;
  if (records.length === 0) {
    await saveCheckpoint(context, mapping, { label: checkpoint.label, after: last, attempts: 0 });
    return true;
  }
  const result = await invokeHandler({
    handler: mapping.handler,
    functionName: mapping.name,
    event: { Records: records },
    timeoutMs: mapping.TimeoutSeconds * 1000,
  });
  if (result.ok) {
    const failedFrom = mapping.ReportBatchItemFailures
      ? firstReportedFailure(result.response, batch.records)
      : undefined;
    if (failedFrom === undefined) {
      await saveCheckpoint(context, mapping, { label: checkpoint.label, after: last, attempts: 0 });
      return true;
    }
    if (failedFrom > 0) {
      // Lambda checkpoints before the lowest failed record and retries from there.
      const after = batch.records[failedFrom - 1]!.dynamodb.SequenceNumber;
      const retryAtMs = nowMs + backoffMs(1);
      await saveCheckpoint(context, mapping, {
        label: checkpoint.label,
        after,
        attempts: 1,
        retryAtMs,
      });
      return true;
    }
  }
  const error = result.ok ? 'ReportBatchItemFailures' : result.functionError;
  await retryOrFail(mapping, context, batch, error);
  return true;
}

/**
 * A record as Lambda delivers it: GetRecords' fields plus eventSourceARN, with the TTL identity in
 * Lambda's spelling (`{type, principalId}`, not the Streams API's `{Type, PrincipalId}`).
 */
function lambdaRecord(record: StreamRecord, streamArn: string) {
  const { userIdentity, ...rest } = record;
  return {
    ...rest,
    ...(userIdentity === undefined
      ? {}
      : { userIdentity: { type: userIdentity.Type, principalId: userIdentity.PrincipalId } }),
    eventSourceARN: streamArn,
  };
}

/**
 * Index (in `records`) of the lowest record the handler reported failed; 0 (the whole batch) when
 * an identifier is not one of the batch's sequence numbers, as Lambda treats it; undefined if none.
 */
function firstReportedFailure(
  response: unknown,
  records: readonly StreamRecord[],
): number | undefined {
  const failures = (response as { batchItemFailures?: unknown } | null)?.batchItemFailures;
  if (!Array.isArray(failures) || failures.length === 0) return undefined;
  let lowest = records.length;
  for (const failure of failures as Array<{ itemIdentifier?: unknown }>) {
    const index = records.findIndex((r) => r.dynamodb.SequenceNumber === failure?.itemIdentifier);
    if (index < 0) return 0;
    lowest = Math.min(lowest, index);
  }
  return lowest;
}

async function retryOrFail(
  mapping: TriggerMapping,
  context: JobContext,
  batch: Batch,
  functionError: string,
): Promise<void> {
  const { checkpoint, records } = batch;
  if (mapping.BisectBatchOnFunctionError && records.length > 1) {
    // Lambda splits a failing batch in two and retries the halves; splits use no retry attempt.
    const batchLimit = Math.ceil(records.length / 2);
    await saveCheckpoint(context, mapping, { ...checkpoint, batchLimit, retryAtMs: undefined });
    return;
  }
  const attempts = checkpoint.attempts + 1;
  if (mapping.MaximumRetryAttempts !== -1 && attempts > mapping.MaximumRetryAttempts) {
    await fail(mapping, context, batch, 'RetryAttemptsExhausted', functionError, attempts);
    return;
  }
  context.logError(`trigger ${mapping.name} failed (attempt ${attempts})`, functionError);
  const retryAtMs = context.now() + backoffMs(attempts);
  await saveCheckpoint(context, mapping, { ...checkpoint, attempts, retryAtMs });
}

/** Sends the batch to the on-failure destination (if any) and moves past it. */
async function fail(
  mapping: TriggerMapping,
  context: JobContext,
  batch: Batch,
  condition: FailureCondition,
  functionError: string | undefined,
  invokeCount = 0,
): Promise<void> {
  if (mapping.OnFailureDestination !== undefined) {
    await sendToFailureDestination(context.store, mapping.OnFailureDestination, {
      requestId: randomUUID(),
      functionArn: functionArn(context.config, mapping),
      condition,
      invokeCount,
      functionError,
      streamArn: batch.streamArn,
      records: batch.records,
      nowMs: context.now(),
    });
  }
  const after = batch.records[batch.records.length - 1]!.dynamodb.SequenceNumber;
  await saveCheckpoint(context, mapping, { label: batch.checkpoint.label, after, attempts: 0 });
}

/** Exponential, capped: 1 s, 2 s, 4 s, … 60 s. The clock is the job's, so tests control it. */
function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(attempts - 1, 16));
}

function functionArn(config: ServerConfig, mapping: TriggerMapping): string {
  return `arn:aws:lambda:${config.region}:${config.accountId}:function:${mapping.name}`;
}

/** Durable when it resolves: a restart resumes after the last successful batch. */
async function saveCheckpoint(
  context: JobContext,
  mapping: TriggerMapping,
  checkpoint: Checkpoint,
): Promise<void> {
  await context.store.write((tx) => {
    tx.put(checkpointKey(mapping.name), encoder.encode(JSON.stringify(checkpoint)));
    return Promise.resolve();
  });
}
