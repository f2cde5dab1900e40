// DescribeStream: a stream's status, view type, key schema and shards (paginated by shard id).

import { validationError } from '../../errors/dynamodb-error.js';
import { requireStream } from '../../core/streams/stream-lookup.js';
import { type ShardState, streamShards } from '../../core/streams/stream-shards.js';
import { formatSequenceNumber } from '../../core/streams/stream-keys.js';
import type { TableDefinition } from '../../core/table-definition.js';
import type { Operation } from '../operation.js';

interface DescribeStreamRequest {
  StreamArn: string;
  Limit?: number;
  ExclusiveStartShardId?: string;
}

const MAX_LIMIT = 100;

export const describeStream: Operation = {
  name: 'DescribeStream',
  async execute(raw, context) {
    const request = raw as unknown as DescribeStreamRequest;
    const limit = request.Limit ?? MAX_LIMIT;
    if (limit > MAX_LIMIT) {
      throw validationError(
        `One or more parameter values were invalid: Limit cannot be greater than the maximum: ${MAX_LIMIT}`,
      );
    }
    return context.store.read(async (tx) => {
      const stream = await requireStream(tx, request.StreamArn, context.config);
      const shards = await streamShards(tx, stream);
      // An unknown ExclusiveStartShardId lists from the first shard, as DynamoDB Local does.
      const position = shards.findIndex((s) => s.shardId === request.ExclusiveStartShardId);
      const page = shards.slice(position + 1, position + 1 + limit);
      const more = position + 1 + limit < shards.length;
      return {
        StreamDescription: {
          StreamArn: request.StreamArn,
          StreamLabel: stream.label,
          StreamStatus: stream.status,
          ...(stream.viewType === undefined ? {} : { StreamViewType: stream.viewType }),
          CreationRequestDateTime: stream.createdMs / 1000,
          TableName: stream.table.tableName,
          KeySchema: keySchemaWire(stream.table),
          Shards: page.map(shardWire),
          ...(more && page.length > 0 ? { LastEvaluatedShardId: page.at(-1)!.shardId } : {}),
        },
      };
    });
  },
};

function shardWire(shard: ShardState): Record<string, unknown> {
  return {
    ShardId: shard.shardId,
    SequenceNumberRange: {
      StartingSequenceNumber: formatSequenceNumber(shard.startingSequenceNumber),
      ...(shard.closed && shard.endSequence !== undefined
        ? { EndingSequenceNumber: formatSequenceNumber(shard.endSequence) }
        : {}),
    },
    ...(shard.parentShardId === undefined ? {} : { ParentShardId: shard.parentShardId }),
  };
}

function keySchemaWire(table: TableDefinition): Record<string, string>[] {
  const { partitionKey, sortKey } = table.keySchema;
  return [
    { AttributeName: partitionKey.name, KeyType: 'HASH' },
    ...(sortKey === undefined ? [] : [{ AttributeName: sortKey.name, KeyType: 'RANGE' }]),
  ];
}
