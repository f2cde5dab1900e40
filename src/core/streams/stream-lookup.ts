// Finding a stream and its shards from the ARNs and ids the Streams API is given.

import type { ServerConfig } from '../../config/server-config.js';
import { resourceNotFound } from '../../errors/dynamodb-error.js';
import type { ReadTransaction } from '../../storage/engine.js';
import { streamArn } from '../arn.js';
import { getTable } from '../catalog.js';
import type { TableDefinition } from '../table-definition.js';
import { type ShardState, type StreamState, resolveStream, streamShards } from './stream-shards.js';

type ArnConfig = Pick<ServerConfig, 'region' | 'accountId'>;

const STREAM_ARN = /^arn:aws[a-z-]*:dynamodb:([^:]*):([^:]*):table\/([^/]+)\/stream\/(.+)$/;

/** The stream an ARN names, or DynamoDB's ResourceNotFoundException naming the ARN. */
export async function requireStream(
  tx: ReadTransaction,
  arn: string,
  config: ArnConfig,
): Promise<StreamState> {
  const stream = await findStream(tx, arn, config);
  if (stream === undefined) {
    throw resourceNotFound(`Requested resource not found: Stream: ${arn} not found`);
  }
  return stream;
}

async function findStream(
  tx: ReadTransaction,
  arn: string,
  config: ArnConfig,
): Promise<StreamState | undefined> {
  const match = STREAM_ARN.exec(arn);
  if (match === null || match[1] !== config.region || match[2] !== config.accountId) {
    return undefined;
  }
  const table = await getTable(tx, match[3]!);
  return table === undefined ? undefined : resolveStream(tx, table, match[4]!);
}

/** The shard `shardId` of the stream, or DynamoDB's `Shard does not exist`. */
export async function requireShard(
  tx: ReadTransaction,
  stream: StreamState,
  shardId: string,
): Promise<ShardState> {
  const shard = (await streamShards(tx, stream)).find((candidate) => candidate.shardId === shardId);
  if (shard === undefined) throw resourceNotFound('Shard does not exist');
  return shard;
}

export function arnOfStream(config: ArnConfig, table: TableDefinition, label: string): string {
  return streamArn(config, table.tableName, label);
}
