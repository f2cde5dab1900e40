// The stream job: rolls shards over and trims records past the 24-hour retention.

import type { BackgroundJob, JobContext } from '../background-jobs.js';
import { getTable, listTableNames } from '../catalog.js';
import type { WriteTransaction } from '../../storage/engine.js';
import { currentSequenceValue } from '../../storage/sequence.js';
import type { TableDefinition } from '../table-definition.js';
import {
  changeLogSequenceName,
  metaKey,
  recordPrefix,
  recordPrefixEnd,
  recordSequence,
} from './stream-keys.js';
import { storedRecordTimeMs } from './stream-record.js';
import {
  type ShardMeta,
  type StreamMeta,
  labelTimeMs,
  lastRecordSequence,
  readStreamMeta,
  tableStreamLabels,
} from './stream-shards.js';

/** DynamoDB Streams keeps records for 24 hours. */
export const STREAM_RETENTION_MS = 24 * 60 * 60 * 1000;
/** DynamoDB rolls shards over about every four hours. */
export const DEFAULT_SHARD_ROLLOVER_MS = 4 * 60 * 60 * 1000;
/** Records trimmed per transaction, so one step never holds the store for long. */
const TRIM_BATCH = 500;

const encoder = new TextEncoder();

export const streamMaintenanceJob: BackgroundJob = {
  name: 'stream-maintenance',
  intervalMs: 10_000,
  async step(context: JobContext): Promise<boolean> {
    let more = false;
    let after: string | undefined;
    for (;;) {
      const page = await context.store.read((tx) => listTableNames(tx, 100, after));
      for (const name of page.tableNames) {
        more = (await maintainTable(context, name)) || more;
      }
      if (!page.more) return more;
      after = page.tableNames.at(-1);
    }
  },
};

/** One transaction per table: rollover and one batch of trimming. True when more is waiting. */
function maintainTable(context: JobContext, tableName: string): Promise<boolean> {
  const nowMs = context.now();
  const rolloverMs = context.config.streamShardRolloverMs ?? DEFAULT_SHARD_ROLLOVER_MS;
  return context.store.write(async (tx) => {
    const table = await getTable(tx, tableName);
    if (table === undefined) return false;
    let more = false;
    for (const label of await tableStreamLabels(tx, table)) {
      const stored = await readStreamMeta(tx, table.tableNumber, label);
      let meta = stored ?? initialMeta(table, label);
      if (isOpenLatest(table, label))
        meta = await rollOver(tx, table, label, meta, nowMs, rolloverMs);
      const trimmed = await trim(tx, table, label, meta, nowMs - STREAM_RETENTION_MS);
      more = trimmed.more || more;
      const json = JSON.stringify(trimmed.meta);
      if (stored === undefined || json !== JSON.stringify(stored)) {
        tx.put(metaKey(table.tableNumber, label), encoder.encode(json));
      }
    }
    return more;
  });
}

function initialMeta(table: TableDefinition, label: string): StreamMeta {
  const viewType = table.stream?.viewType;
  return {
    ...(viewType === undefined ? {} : { viewType }),
    shards: [{ index: 0, createdMs: labelTimeMs(label) }],
  };
}

function isOpenLatest(table: TableDefinition, label: string): boolean {
  return table.stream?.enabled === true && table.stream.latestLabel === label;
}

/**
 * Closes the open shard at the current sequence and opens its child, once the shard is older
 * than the rollover interval and holds at least one record. The job's transaction reads the
 * sequence, so every record committed before has a number at or below the end, and every later
 * one lands in the child: each record is in exactly one shard.
 */
async function rollOver(
  tx: WriteTransaction,
  table: TableDefinition,
  label: string,
  meta: StreamMeta,
  nowMs: number,
  rolloverMs: number,
): Promise<StreamMeta> {
  const open = meta.shards.at(-1);
  if (open === undefined || open.endSequence !== undefined) return meta;
  if (nowMs - open.createdMs < rolloverMs) return meta;
  const last = await lastRecordSequence(tx, { table, label });
  const start = open.startSequence === undefined ? 1n : BigInt(open.startSequence);
  if (last === undefined || last < start) return meta;
  const current = await currentSequenceValue(tx, changeLogSequenceName(table.tableNumber));
  const closed: ShardMeta = { ...open, endSequence: current.toString() };
  const child: ShardMeta = {
    index: open.index + 1,
    createdMs: nowMs,
    startSequence: (current + 1n).toString(),
    parentCreatedMs: open.createdMs,
  };
  return { ...meta, shards: [...meta.shards.slice(0, -1), closed, child] };
}

/** Deletes up to TRIM_BATCH records older than `cutoffMs`, and the closed shards left empty. */
async function trim(
  tx: WriteTransaction,
  table: TableDefinition,
  label: string,
  meta: StreamMeta,
  cutoffMs: number,
): Promise<{ meta: StreamMeta; more: boolean }> {
  let trimmedThrough = BigInt(meta.trimmedThrough ?? '0');
  let count = 0;
  let more = false;
  const range = {
    start: recordPrefix(table.tableNumber, label),
    end: recordPrefixEnd(table.tableNumber, label),
    limit: TRIM_BATCH + 1,
  };
  for await (const entry of tx.scan(range)) {
    if (storedRecordTimeMs(entry.value) > cutoffMs) break;
    if (count === TRIM_BATCH) {
      more = true;
      break;
    }
    tx.delete(entry.key);
    trimmedThrough = recordSequence(entry.key);
    count++;
  }
  if (trimmedThrough === 0n) return { meta, more };
  // A closed shard whose every record is trimmed is gone, as in DynamoDB (its child keeps its id).
  const shards = meta.shards.filter(
    (shard, i) =>
      i === meta.shards.length - 1 ||
      shard.endSequence === undefined ||
      BigInt(shard.endSequence) > trimmedThrough,
  );
  return { meta: { ...meta, shards, trimmedThrough: trimmedThrough.toString() }, more };
}
