// GetShardIterator: a position in a shard (TRIM_HORIZON, LATEST, AT_/AFTER_SEQUENCE_NUMBER).

import { validationError } from '../../errors/dynamodb-error.js';
import { trimmedDataAccess } from '../../core/streams/shard-iterator.js';
import { currentSequenceValue } from '../../storage/sequence.js';
import { encodeShardIterator } from '../../core/streams/shard-iterator.js';
import { changeLogSequenceName, parseSequenceNumber } from '../../core/streams/stream-keys.js';
import { requireShard, requireStream } from '../../core/streams/stream-lookup.js';
import type { ShardState, StreamState } from '../../core/streams/stream-shards.js';
import type { ReadTransaction } from '../../storage/engine.js';
import type { Operation } from '../operation.js';

type IteratorType = 'TRIM_HORIZON' | 'LATEST' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER';

interface GetShardIteratorRequest {
  StreamArn: string;
  ShardId: string;
  ShardIteratorType: IteratorType;
  SequenceNumber?: string;
}

const INVALID = 'One or more parameter values were invalid: ';

export const getShardIterator: Operation = {
  name: 'GetShardIterator',
  async execute(raw, context) {
    const request = raw as unknown as GetShardIteratorRequest;
    const bySequence =
      request.ShardIteratorType === 'AT_SEQUENCE_NUMBER' ||
      request.ShardIteratorType === 'AFTER_SEQUENCE_NUMBER';
    if (bySequence && request.SequenceNumber === undefined) {
      throw validationError(`${INVALID}Invalid SequenceNumber`);
    }
    if (!bySequence && request.SequenceNumber !== undefined) {
      throw validationError(`${INVALID}SequenceNumber should not be passed for this iterator type`);
    }
    return context.store.read(async (tx) => {
      const stream = await requireStream(tx, request.StreamArn, context.config);
      const shard = await requireShard(tx, stream, request.ShardId);
      const afterSequence = await startPosition(tx, stream, shard, request);
      const iterator = encodeShardIterator({
        streamArn: request.StreamArn,
        shardId: shard.shardId,
        afterSequence,
        issuedMs: context.now(),
      });
      return { ShardIterator: iterator };
    });
  },
};

/** The sequence the iterator reads after. */
async function startPosition(
  tx: ReadTransaction,
  stream: StreamState,
  shard: ShardState,
  request: GetShardIteratorRequest,
): Promise<bigint> {
  switch (request.ShardIteratorType) {
    case 'TRIM_HORIZON': {
      const trimmed = BigInt(stream.meta.trimmedThrough ?? '0');
      return trimmed > shard.lowerBound ? trimmed : shard.lowerBound;
    }
    case 'LATEST': {
      if (shard.closed && shard.endSequence !== undefined) return shard.endSequence;
      return currentSequenceValue(tx, changeLogSequenceName(stream.table.tableNumber));
    }
    case 'AT_SEQUENCE_NUMBER':
    case 'AFTER_SEQUENCE_NUMBER': {
      const sequence = parseSequenceNumber(request.SequenceNumber!);
      if (sequence !== undefined && sequence <= BigInt(stream.meta.trimmedThrough ?? '0')) {
        throw trimmedDataAccess();
      }
      const outside =
        sequence === undefined ||
        sequence < shard.startingSequenceNumber ||
        (shard.endSequence !== undefined && shard.closed && sequence > shard.endSequence);
      if (outside) throw validationError('Invalid SequenceNumber for the shard');
      return request.ShardIteratorType === 'AT_SEQUENCE_NUMBER' ? sequence - 1n : sequence;
    }
  }
}
