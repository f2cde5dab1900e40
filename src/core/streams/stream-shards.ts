// A table's streams and their shards: what DescribeStream lists and iterators point into.
//
// Records of one stream are ordered by sequence; shards split that order into consecutive
// ranges. The stream job closes the open shard every rollover interval at the current sequence
// and opens a child naming it as parent, so every record belongs to exactly one shard.

import { createHash } from 'node:crypto';
import type { ReadTransaction } from '../../storage/engine.js';
import { currentSequenceValue } from '../../storage/sequence.js';
import type { StreamViewType, TableDefinition } from '../table-definition.js';
import {
  changeLogSequenceName,
  metaKey,
  metaLabel,
  metaRange,
  recordKey,
  recordPrefix,
  recordPrefixEnd,
  recordSequence,
} from './stream-keys.js';

export interface ShardMeta {
  readonly index: number;
  readonly createdMs: number;
  /** First sequence the shard may hold (absent for a stream's first shard: from the start). */
  readonly startSequence?: string;
  /** Last sequence it holds, once closed by a rollover. */
  readonly endSequence?: string;
  /** The parent's creation time (with `index - 1`, its id): children name their parent. */
  readonly parentCreatedMs?: number;
}

/** What the stream job keeps per stream (`metaKey`); absent until the job first sees the stream. */
export interface StreamMeta {
  readonly viewType?: StreamViewType;
  readonly shards: readonly ShardMeta[];
  /** Records up to this sequence were trimmed (retention). */
  readonly trimmedThrough?: string;
}

export type StreamStatus = 'ENABLED' | 'DISABLED';

/** One stream of a table, resolved from the catalog and the stream's metadata. */
export interface StreamState {
  readonly table: TableDefinition;
  readonly label: string;
  readonly status: StreamStatus;
  readonly viewType: StreamViewType | undefined;
  readonly createdMs: number;
  readonly meta: StreamMeta;
}

/** A shard with its effective bounds, as DescribeStream shows it and GetRecords reads it. */
export interface ShardState {
  readonly shardId: string;
  readonly parentShardId?: string;
  readonly index: number;
  /** Records in (afterSequence, endSequence] belong to the shard. */
  readonly lowerBound: bigint;
  /** Inclusive; undefined while the shard is open. */
  readonly endSequence?: bigint;
  readonly startingSequenceNumber: bigint;
  readonly closed: boolean;
}

const decoder = new TextDecoder();

/** DynamoDB's stream label is the enabling time (ISO-8601 without zone), so it parses back. */
export function labelTimeMs(label: string): number {
  return Date.parse(`${label}Z`);
}

export async function readStreamMeta(
  tx: ReadTransaction,
  tableNumber: number,
  label: string,
): Promise<StreamMeta | undefined> {
  const bytes = await tx.get(metaKey(tableNumber, label));
  return bytes === undefined ? undefined : (JSON.parse(decoder.decode(bytes)) as StreamMeta);
}

/** Every stream of the table still kept, newest first (ListStreams' order). */
export async function tableStreamLabels(
  tx: ReadTransaction,
  table: TableDefinition,
): Promise<string[]> {
  const labels = new Set<string>();
  if (table.stream?.latestLabel !== undefined) labels.add(table.stream.latestLabel);
  for (const previous of table.stream?.previousStreams ?? []) labels.add(previous.label);
  for await (const entry of tx.scan(metaRange(table.tableNumber))) labels.add(metaLabel(entry.key));
  return [...labels].sort().reverse();
}

/** The stream `label` of `table`, or undefined when the table never had it (or it was dropped). */
export async function resolveStream(
  tx: ReadTransaction,
  table: TableDefinition,
  label: string,
): Promise<StreamState | undefined> {
  const stored = await readStreamMeta(tx, table.tableNumber, label);
  const latest = table.stream?.latestLabel === label;
  const previous = table.stream?.previousStreams?.find((p) => p.label === label);
  if (stored === undefined && !latest && previous === undefined) return undefined;
  const createdMs = labelTimeMs(label);
  const meta = stored ?? { shards: [{ index: 0, createdMs }] };
  const enabled = latest && table.stream?.enabled === true;
  const viewType = latest ? table.stream?.viewType : (meta.viewType ?? previous?.viewType);
  return { table, label, status: enabled ? 'ENABLED' : 'DISABLED', viewType, createdMs, meta };
}

/** The stream's shards with their bounds (a disabled stream's last shard is closed). */
export async function streamShards(
  tx: ReadTransaction,
  stream: StreamState,
): Promise<ShardState[]> {
  const { shards } = stream.meta;
  const result: ShardState[] = [];
  for (const shard of shards) {
    const lowerBound = shard.startSequence === undefined ? 0n : BigInt(shard.startSequence) - 1n;
    let endSequence = shard.endSequence === undefined ? undefined : BigInt(shard.endSequence);
    const closed = endSequence !== undefined || stream.status === 'DISABLED';
    if (endSequence === undefined && closed) {
      endSequence = (await lastRecordSequence(tx, stream)) ?? lowerBound + 1n;
    }
    const startingSequenceNumber =
      shard.startSequence !== undefined
        ? BigInt(shard.startSequence)
        : ((await firstRecordSequence(tx, stream, lowerBound)) ??
          (await currentSequenceValue(tx, changeLogSequenceName(stream.table.tableNumber))) + 1n);
    const parent =
      shard.parentCreatedMs === undefined
        ? undefined
        : shardId(stream.label, shard.index - 1, shard.parentCreatedMs);
    result.push({
      shardId: shardId(stream.label, shard.index, shard.createdMs),
      ...(parent === undefined ? {} : { parentShardId: parent }),
      index: shard.index,
      lowerBound,
      ...(endSequence === undefined ? {} : { endSequence }),
      startingSequenceNumber,
      closed,
    });
  }
  return result;
}

/** `shardId-<20-digit creation ms>-<8 hex>`, the form DynamoDB uses. */
export function shardId(label: string, index: number, createdMs: number): string {
  const suffix = createHash('md5').update(`${label}/${index}`).digest('hex').slice(0, 8);
  return `shardId-${String(createdMs).padStart(20, '0')}-${suffix}`;
}

async function firstRecordSequence(
  tx: ReadTransaction,
  stream: StreamState,
  afterSequence: bigint,
): Promise<bigint | undefined> {
  const { tableNumber } = stream.table;
  const start = recordKey(tableNumber, stream.label, afterSequence + 1n);
  for await (const entry of tx.scan({
    start,
    end: recordPrefixEnd(tableNumber, stream.label),
    limit: 1,
  })) {
    return recordSequence(entry.key);
  }
  return undefined;
}

export async function lastRecordSequence(
  tx: ReadTransaction,
  stream: Pick<StreamState, 'table' | 'label'>,
): Promise<bigint | undefined> {
  const { tableNumber } = stream.table;
  for await (const entry of tx.scan({
    start: recordPrefix(tableNumber, stream.label),
    end: recordPrefixEnd(tableNumber, stream.label),
    reverse: true,
    limit: 1,
  })) {
    return recordSequence(entry.key);
  }
  return undefined;
}
