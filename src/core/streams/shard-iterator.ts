// Shard iterators: opaque strings naming a position in a shard, valid for 15 minutes as in DynamoDB.

import { DynamoDbError, validationError } from '../../errors/dynamodb-error.js';

/** DynamoDB: "A shard iterator expires 15 minutes after it is returned to the requester." */
export const ITERATOR_LIFETIME_MS = 15 * 60 * 1000;

export interface ShardPosition {
  readonly streamArn: string;
  readonly shardId: string;
  /** The next record read is the first with a sequence above this. */
  readonly afterSequence: bigint;
  /** Epoch milliseconds the iterator was issued. */
  readonly issuedMs: number;
}

/** `<stream ARN>|1|<base64>`, the shape DynamoDB's iterators have. */
export function encodeShardIterator(position: ShardPosition): string {
  const body = `${position.shardId}|${position.afterSequence}|${position.issuedMs}`;
  return `${position.streamArn}|1|${Buffer.from(body).toString('base64')}`;
}

/** The position an iterator names; ValidationException when it is not one of ours. */
export function decodeShardIterator(iterator: string, nowMs: number): ShardPosition {
  const parts = iterator.split('|');
  const [streamArn, version, encoded] = parts;
  if (parts.length !== 3 || version !== '1' || streamArn === undefined || encoded === undefined) {
    throw invalidIterator();
  }
  const body = Buffer.from(encoded, 'base64').toString().split('|');
  const [shardId, after, issued] = body;
  if (
    body.length !== 3 ||
    shardId === undefined ||
    !/^\d+$/.test(after ?? '') ||
    !/^\d+$/.test(issued ?? '')
  ) {
    throw invalidIterator();
  }
  const issuedMs = Number(issued);
  if (nowMs - issuedMs > ITERATOR_LIFETIME_MS) {
    throw new DynamoDbError(
      'ExpiredIteratorException',
      'Iterator expired. The iterator was created more than 15 minutes ago.',
    );
  }
  return { streamArn, shardId, afterSequence: BigInt(after!), issuedMs };
}

function invalidIterator(): DynamoDbError {
  return validationError('Invalid ShardIterator');
}

/** Reading before the trim horizon: those records are gone (24-hour retention). */
export function trimmedDataAccess(): DynamoDbError {
  return new DynamoDbError(
    'TrimmedDataAccessException',
    'The operation attempted to read past the oldest stream record in a shard.',
  );
}
