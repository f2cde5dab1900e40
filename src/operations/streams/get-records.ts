// GetRecords: up to Limit records from an iterator's position, and the iterator that follows them.

import { validationError } from '../../errors/dynamodb-error.js';
import { readRecordRange } from '../../core/streams/change-records.js';
import {
  decodeShardIterator,
  encodeShardIterator,
  trimmedDataAccess,
} from '../../core/streams/shard-iterator.js';
import { parseSequenceNumber } from '../../core/streams/stream-keys.js';
import { requireStream } from '../../core/streams/stream-lookup.js';
import { streamShards } from '../../core/streams/stream-shards.js';
import type { Operation } from '../operation.js';

interface GetRecordsRequest {
  ShardIterator: string;
  Limit?: number;
}

const MAX_LIMIT = 1000;

export const getRecords: Operation = {
  name: 'GetRecords',
  async execute(raw, context) {
    const request = raw as unknown as GetRecordsRequest;
    const nowMs = context.now();
    const position = decodeShardIterator(request.ShardIterator, nowMs);
    const limit = request.Limit ?? MAX_LIMIT;
    if (limit > MAX_LIMIT) {
      throw validationError(
        `One or more parameter values were invalid: Limit should be less than or equal to ${MAX_LIMIT}`,
      );
    }
    return context.store.read(async (tx) => {
      const stream = await requireStream(tx, position.streamArn, context.config);
      const shard = (await streamShards(tx, stream)).find((s) => s.shardId === position.shardId);
      const trimmedThrough = BigInt(stream.meta.trimmedThrough ?? '0');
      // Records between the position and the trim horizon are gone (24-hour retention).
      if (shard === undefined || position.afterSequence < trimmedThrough) throw trimmedDataAccess();
      const end = shard.closed ? shard.endSequence : undefined;
      const records = await readRecordRange(
        tx,
        stream.table,
        stream.label,
        position.afterSequence,
        end,
        limit,
      );
      const last = records.at(-1);
      const afterSequence =
        last === undefined
          ? position.afterSequence
          : parseSequenceNumber(last.dynamodb.SequenceNumber)!;
      // A closed shard read to its end has no next iterator: the consumer moves to the child.
      const exhausted = shard.closed && records.length < limit;
      if (exhausted) return { Records: records };
      const next = encodeShardIterator({ ...position, afterSequence, issuedMs: nowMs });
      return { Records: records, NextShardIterator: next };
    });
  },
};
