// The Streams API surface: stream settings, ListStreams, DescribeStream, and DynamoDB's errors.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateTableCommand,
  DeleteTableCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
} from '@aws-sdk/client-dynamodb-streams';
import {
  TEST_CREDENTIALS,
  TEST_REGION,
  type TestTarget,
  startTarget,
  uniqueTableName,
} from '../helpers/server.js';

let target: TestTarget;
let streams: DynamoDBStreamsClient;
let tableName: string;
let streamArn: string;
let shardId: string;

before(async () => {
  target = await startTarget();
  streams = new DynamoDBStreamsClient({
    endpoint: target.endpoint,
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  tableName = uniqueTableName('streams-api');
  const created = await target.client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  streamArn = created.TableDescription!.LatestStreamArn!;
  const described = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  shardId = described.StreamDescription!.Shards![0]!.ShardId!;
});

after(async () => {
  await target.client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
  streams.destroy();
  await target.close();
});

async function rejectsWith(promise: Promise<unknown>, name: string, message: string) {
  await assert.rejects(promise, (error: Error) => {
    assert.equal(error.name, name);
    assert.equal(error.message, message);
    return true;
  });
}

describe('stream settings and descriptions', () => {
  it('DescribeStream shows an enabled stream with one open shard', async () => {
    const { StreamDescription: d } = await streams.send(
      new DescribeStreamCommand({ StreamArn: streamArn }),
    );
    assert.equal(d!.StreamStatus, 'ENABLED');
    assert.equal(d!.StreamViewType, 'NEW_AND_OLD_IMAGES');
    assert.equal(d!.TableName, tableName);
    assert.equal(d!.StreamLabel, streamArn.split('/stream/')[1]);
    assert.ok(d!.CreationRequestDateTime instanceof Date);
    assert.deepEqual(d!.KeySchema, [{ AttributeName: 'pk', KeyType: 'HASH' }]);
    assert.equal(d!.Shards!.length, 1);
    assert.match(d!.Shards![0]!.ShardId!, /^shardId-\d{20}-[0-9a-f]{8}$/);
    assert.match(d!.Shards![0]!.SequenceNumberRange!.StartingSequenceNumber!, /^\d{21,40}$/);
    const after = await streams.send(
      new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: shardId }),
    );
    assert.deepEqual(after.StreamDescription!.Shards, []);
  });

  it('disabling and re-enabling gives a new stream; both are listed, newest first', async () => {
    const name = uniqueTableName('streams-toggle');
    const created = await target.client.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
      }),
    );
    const first = created.TableDescription!.LatestStreamArn!;
    await rejectsWith(
      target.client.send(
        new UpdateTableCommand({
          TableName: name,
          StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
        }),
      ),
      'ValidationException',
      'Table already has an enabled stream',
    );
    await target.client.send(
      new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: false } }),
    );
    const disabled = await streams.send(new DescribeStreamCommand({ StreamArn: first }));
    assert.equal(disabled.StreamDescription!.StreamStatus, 'DISABLED');
    await rejectsWith(
      target.client.send(
        new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: false } }),
      ),
      'ValidationException',
      'Table has no stream to disable',
    );
    const updated = await target.client.send(
      new UpdateTableCommand({
        TableName: name,
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      }),
    );
    const second = updated.TableDescription!.LatestStreamArn!;
    assert.notEqual(second, first);
    const listed = await streams.send(new ListStreamsCommand({ TableName: name }));
    assert.deepEqual(
      listed.Streams!.map((s) => s.StreamArn),
      [second, first],
    );
    const page = await streams.send(new ListStreamsCommand({ TableName: name, Limit: 1 }));
    assert.equal(page.Streams!.length, 1);
    assert.equal(page.LastEvaluatedStreamArn, page.Streams![0]!.StreamArn);
    await target.client.send(new DeleteTableCommand({ TableName: name }));
  });

  it('ListStreams of a table that does not exist is empty', async () => {
    const listed = await streams.send(
      new ListStreamsCommand({ TableName: uniqueTableName('none') }),
    );
    assert.deepEqual(listed.Streams, []);
  });
});

describe('Streams API errors', () => {
  it('a stream that does not exist', async () => {
    const arn = `${streamArn.split('/stream/')[0]}-missing/stream/2020-01-01T00:00:00.000`;
    await rejectsWith(
      streams.send(new DescribeStreamCommand({ StreamArn: arn })),
      'ResourceNotFoundException',
      `Requested resource not found: Stream: ${arn} not found`,
    );
  });

  it('a shard that does not exist', async () => {
    await rejectsWith(
      streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: 'shardId-00000000000000000000-00000000',
          ShardIteratorType: 'LATEST',
        }),
      ),
      'ResourceNotFoundException',
      'Shard does not exist',
    );
  });

  it('SequenceNumber missing, superfluous, or before the shard', async () => {
    const base = { StreamArn: streamArn, ShardId: shardId };
    await rejectsWith(
      streams.send(
        new GetShardIteratorCommand({ ...base, ShardIteratorType: 'AT_SEQUENCE_NUMBER' }),
      ),
      'ValidationException',
      'One or more parameter values were invalid: Invalid SequenceNumber',
    );
    await rejectsWith(
      streams.send(
        new GetShardIteratorCommand({
          ...base,
          ShardIteratorType: 'LATEST',
          SequenceNumber: '000000000000000000001',
        }),
      ),
      'ValidationException',
      'One or more parameter values were invalid: SequenceNumber should not be passed for this iterator type',
    );
  });

  it('Limits out of range and iterators that are not iterators', async () => {
    await rejectsWith(
      streams.send(new ListStreamsCommand({ Limit: 0 })),
      'ValidationException',
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    await rejectsWith(
      streams.send(new ListStreamsCommand({ Limit: 101 })),
      'ValidationException',
      'One or more parameter values were invalid: Limit cannot be greater than the maximum allowed size: 100',
    );
    await rejectsWith(
      streams.send(new DescribeStreamCommand({ StreamArn: streamArn, Limit: 101 })),
      'ValidationException',
      'One or more parameter values were invalid: Limit cannot be greater than the maximum: 100',
    );
    await rejectsWith(
      streams.send(new GetRecordsCommand({ ShardIterator: 'garbage' })),
      'ValidationException',
      'Invalid ShardIterator',
    );
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ShardIteratorType: 'LATEST',
      }),
    );
    await rejectsWith(
      streams.send(new GetRecordsCommand({ ShardIterator, Limit: 1001 })),
      'ValidationException',
      'One or more parameter values were invalid: Limit should be less than or equal to 1000',
    );
  });
});
