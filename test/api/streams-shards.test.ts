// Shard rollover, retention trimming and iterator expiry, driven by an injected clock.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import { type RunningServer, startServer } from '../../src/index.js';
import {
  TEST_CREDENTIALS,
  TEST_REGION,
  dynamoDbLocalDeviates,
  remoteEndpoint,
  uniqueTableName,
} from '../helpers/server.js';

const HOUR_MS = 60 * 60 * 1000;
const options = dynamoDbLocalDeviates('needs an injectable clock (rollover, retention, expiry)');

let clockMs = Date.UTC(2030, 0, 1);
let server: RunningServer;
let client: DynamoDBClient;
let streams: DynamoDBStreamsClient;

before(async () => {
  if (remoteEndpoint) return;
  server = await startServer({ port: 0, inMemory: true, logLevel: 'error', now: () => clockMs });
  const settings = {
    endpoint: server.endpoint,
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  };
  client = new DynamoDBClient(settings);
  streams = new DynamoDBStreamsClient(settings);
});

after(async () => {
  if (remoteEndpoint) return;
  client.destroy();
  streams.destroy();
  await server.close();
});

async function streamTable(): Promise<{ name: string; arn: string }> {
  const name = uniqueTableName('streams-shards');
  const created = await client.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    }),
  );
  return { name, arn: created.TableDescription!.LatestStreamArn! };
}

function put(name: string, pk: string, n: number): Promise<unknown> {
  return client.send(
    new PutItemCommand({ TableName: name, Item: { pk: { S: pk }, n: { N: String(n) } } }),
  );
}

async function shards(arn: string): Promise<Shard[]> {
  const described = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
  return described.StreamDescription!.Shards!;
}

async function iterator(arn: string, shardId: string, type: 'TRIM_HORIZON' | 'LATEST') {
  const result = await streams.send(
    new GetShardIteratorCommand({ StreamArn: arn, ShardId: shardId, ShardIteratorType: type }),
  );
  return result.ShardIterator!;
}

/** Reads a shard to its end (a closed shard) or until a page is empty (an open one). */
async function readShard(
  arn: string,
  shardId: string,
): Promise<{ values: string[]; ended: boolean }> {
  let next: string | undefined = await iterator(arn, shardId, 'TRIM_HORIZON');
  const values: string[] = [];
  for (let page = 0; page < 100 && next !== undefined; page++) {
    const result: GetRecordsCommandOutput = await streams.send(
      new GetRecordsCommand({ ShardIterator: next, Limit: 2 }),
    );
    for (const record of result.Records!) {
      values.push(`${record.dynamodb!.Keys!.pk!.S}:${record.dynamodb!.NewImage!.n!.N}`);
    }
    next = result.NextShardIterator;
    if (result.Records!.length === 0 && next !== undefined) return { values, ended: false };
  }
  return { values, ended: next === undefined };
}

describe('shards and retention', () => {
  it(
    'rolls over into a child naming its parent; every change once, in order',
    options,
    async () => {
      const { name, arn } = await streamTable();
      for (let n = 1; n <= 3; n++) await put(name, 'x', n);
      await put(name, 'y', 1);
      clockMs += 4 * HOUR_MS + 1;
      await server.drainBackgroundJobs();
      for (let n = 4; n <= 5; n++) await put(name, 'x', n);

      const [parent, child, ...rest] = await shards(arn);
      assert.equal(rest.length, 0);
      assert.equal(parent!.ParentShardId, undefined);
      assert.equal(child!.ParentShardId, parent!.ShardId);
      const parentEnd = BigInt(parent!.SequenceNumberRange!.EndingSequenceNumber!);
      assert.ok(BigInt(child!.SequenceNumberRange!.StartingSequenceNumber!) > parentEnd);
      assert.equal(child!.SequenceNumberRange!.EndingSequenceNumber, undefined);

      const fromParent = await readShard(arn, parent!.ShardId!);
      assert.deepEqual(fromParent, { values: ['x:1', 'x:2', 'x:3', 'y:1'], ended: true });
      const fromChild = await readShard(arn, child!.ShardId!);
      assert.deepEqual(fromChild, { values: ['x:4', 'x:5'], ended: false });
    },
  );

  it('a shard without records does not roll over', options, async () => {
    const { arn } = await streamTable();
    clockMs += 5 * HOUR_MS;
    await server.drainBackgroundJobs();
    assert.equal((await shards(arn)).length, 1);
  });

  it('iterators expire after 15 minutes', options, async () => {
    const { arn } = await streamTable();
    const [shard] = await shards(arn);
    const old = await iterator(arn, shard!.ShardId!, 'LATEST');
    clockMs += 15 * 60 * 1000 + 1;
    await assert.rejects(streams.send(new GetRecordsCommand({ ShardIterator: old })), {
      name: 'ExpiredIteratorException',
    });
  });

  it(
    'trims records after 24 hours; reading them is TrimmedDataAccessException',
    options,
    async () => {
      const { name, arn } = await streamTable();
      await put(name, 'old', 1);
      clockMs += 24 * HOUR_MS - 60_000;
      const [shard] = await shards(arn);
      const beforeTrim = await iterator(arn, shard!.ShardId!, 'TRIM_HORIZON');
      await put(name, 'new', 2);
      clockMs += 2 * 60_000;
      await server.drainBackgroundJobs();
      await assert.rejects(streams.send(new GetRecordsCommand({ ShardIterator: beforeTrim })), {
        name: 'TrimmedDataAccessException',
      });
      // The day also rolled the shard over: the first shard left holds the surviving record.
      const [current] = await shards(arn);
      assert.deepEqual((await readShard(arn, current!.ShardId!)).values, ['new:2']);
    },
  );
});
