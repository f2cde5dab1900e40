// Stream records: every view type and event kind, as DynamoDB Streams sends them.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import {
  TEST_CREDENTIALS,
  TEST_REGION,
  type TestTarget,
  startTarget,
  uniqueTableName,
} from '../helpers/server.js';

type ViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';

let target: TestTarget;
let streams: DynamoDBStreamsClient;
const tables: string[] = [];

before(async () => {
  target = await startTarget();
  streams = new DynamoDBStreamsClient({
    endpoint: target.endpoint,
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
});

after(async () => {
  for (const TableName of tables) {
    await target.client.send(new DeleteTableCommand({ TableName })).catch(() => undefined);
  }
  streams.destroy();
  await target.close();
});

async function tableWithStream(viewType: ViewType): Promise<{ name: string; arn: string }> {
  const name = uniqueTableName('streams-rec');
  tables.push(name);
  const created = await target.client.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: viewType },
    }),
  );
  return { name, arn: created.TableDescription!.LatestStreamArn! };
}

/** Every record of the stream's (single) shard from the start, following NextShardIterator. */
async function allRecords(streamArn: string): Promise<_Record[]> {
  const described = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  const shard = described.StreamDescription!.Shards![0]!;
  let iterator = (
    await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shard.ShardId!,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    )
  ).ShardIterator;
  const records: _Record[] = [];
  for (let page = 0; page < 20 && iterator !== undefined; page++) {
    const result = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 2 }));
    records.push(...result.Records!);
    if (result.Records!.length === 0) break;
    iterator = result.NextShardIterator;
  }
  return records;
}

/** Put, identical put (no record), update, delete, delete of a missing item (no record). */
async function writeSequence(name: string): Promise<void> {
  const key = { pk: { S: 'a' }, sk: { N: '1' } };
  await target.client.send(
    new PutItemCommand({ TableName: name, Item: { ...key, v: { S: 'one' } } }),
  );
  await target.client.send(
    new PutItemCommand({ TableName: name, Item: { ...key, v: { S: 'one' } } }),
  );
  await target.client.send(
    new UpdateItemCommand({
      TableName: name,
      Key: key,
      UpdateExpression: 'SET v = :v',
      ExpressionAttributeValues: { ':v': { S: 'two' } },
    }),
  );
  await target.client.send(new DeleteItemCommand({ TableName: name, Key: key }));
  await target.client.send(new DeleteItemCommand({ TableName: name, Key: key }));
}

const KEYS = { pk: { S: 'a' }, sk: { N: '1' } };
const ONE = { ...KEYS, v: { S: 'one' } };
const TWO = { ...KEYS, v: { S: 'two' } };

const EXPECTED: Record<ViewType, { NewImage?: object; OldImage?: object; SizeBytes: number }[]> = {
  KEYS_ONLY: [{ SizeBytes: 7 }, { SizeBytes: 7 }, { SizeBytes: 7 }],
  NEW_IMAGE: [{ NewImage: ONE, SizeBytes: 18 }, { NewImage: TWO, SizeBytes: 18 }, { SizeBytes: 7 }],
  OLD_IMAGE: [{ SizeBytes: 7 }, { OldImage: ONE, SizeBytes: 18 }, { OldImage: TWO, SizeBytes: 18 }],
  NEW_AND_OLD_IMAGES: [
    { NewImage: ONE, SizeBytes: 18 },
    { NewImage: TWO, OldImage: ONE, SizeBytes: 29 },
    { OldImage: TWO, SizeBytes: 18 },
  ],
};

describe('stream records', () => {
  for (const viewType of Object.keys(EXPECTED) as ViewType[]) {
    it(`${viewType}: INSERT, MODIFY, REMOVE with DynamoDB's fields; no-op writes emit nothing`, async () => {
      const startSeconds = Math.floor(Date.now() / 1000) - 120;
      const { name, arn } = await tableWithStream(viewType);
      await writeSequence(name);
      const records = await allRecords(arn);
      assert.deepEqual(
        records.map((r) => r.eventName),
        ['INSERT', 'MODIFY', 'REMOVE'],
      );
      const expected = EXPECTED[viewType];
      let previous = '';
      for (const [i, record] of records.entries()) {
        assert.equal(record.eventVersion, '1.1');
        assert.equal(record.eventSource, 'aws:dynamodb');
        assert.equal(typeof record.awsRegion, 'string');
        assert.match(record.eventID!, /^[0-9a-f-]{32,36}$/);
        assert.equal(record.userIdentity, undefined);
        const { ApproximateCreationDateTime, SequenceNumber, ...rest } = record.dynamodb!;
        assert.ok(ApproximateCreationDateTime instanceof Date);
        assert.ok(ApproximateCreationDateTime.getTime() / 1000 >= startSeconds);
        assert.match(SequenceNumber!, /^\d{21,40}$/);
        assert.ok(BigInt(SequenceNumber!) > BigInt(previous || '0'), 'sequence numbers increase');
        previous = SequenceNumber!;
        assert.deepEqual(rest, { Keys: KEYS, StreamViewType: viewType, ...expected[i] });
      }
    });
  }

  it('a record belongs to the stream enabled when the write happened', async () => {
    const { name, arn } = await tableWithStream('KEYS_ONLY');
    await target.client.send(new PutItemCommand({ TableName: name, Item: ONE }));
    const records = await allRecords(arn);
    assert.equal(records.length, 1);
    assert.deepEqual(records[0]!.dynamodb!.Keys, KEYS);
  });
});
