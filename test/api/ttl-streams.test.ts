// A TTL delete reaches the stream as a REMOVE record with the service userIdentity (DynamoDB's
// documented marker; DynamoDB Local omits it), and a trigger receives that record.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  CreateTableCommand,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { startServer } from '../../src/index.js';
import { dynamoDbLocalDeviates, TEST_CREDENTIALS, TEST_REGION } from '../helpers/server.js';

const HANDLER = `
import { appendFileSync } from 'node:fs';
export async function handler(event) {
  const dir = new URL('.', import.meta.url).pathname;
  for (const r of event.Records) appendFileSync(dir + 'log.jsonl', JSON.stringify(r) + '\\n');
  return {};
}
`;
const SERVICE = { type: 'Service', principalId: 'dynamodb.amazonaws.com' };
const dirs: string[] = [];
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

test(
  'a TTL delete is a REMOVE record with the service userIdentity; a trigger sees it',
  dynamoDbLocalDeviates('DynamoDB Local omits userIdentity and has no triggers'),
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'openddb-ttl-streams-'));
    dirs.push(dir);
    await writeFile(join(dir, 'handler.mjs'), HANDLER);
    const mapping = { name: 'ttl-fn', tableName: 'expiring', handler: './handler.mjs' };
    await writeFile(join(dir, 'triggers.json'), JSON.stringify([mapping]));
    let clockMs = Date.UTC(2030, 0, 1);
    const server = await startServer({
      port: 0,
      inMemory: true,
      logLevel: 'error',
      now: () => clockMs,
      ttlDelaySeconds: 0,
      triggersFile: join(dir, 'triggers.json'),
    });
    const options = {
      endpoint: server.endpoint,
      region: TEST_REGION,
      credentials: TEST_CREDENTIALS,
    };
    const db = new DynamoDBClient(options);
    const streams = new DynamoDBStreamsClient(options);
    try {
      const created = await db.send(
        new CreateTableCommand({
          TableName: 'expiring',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
          StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
        }),
      );
      await db.send(
        new UpdateTimeToLiveCommand({
          TableName: 'expiring',
          TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires' },
        }),
      );
      await server.drainBackgroundJobs();
      const expires = { N: String(clockMs / 1000 + 60) };
      await db.send(
        new PutItemCommand({ TableName: 'expiring', Item: { pk: { S: 'ttl' }, expires } }),
      );
      await db.send(new PutItemCommand({ TableName: 'expiring', Item: { pk: { S: 'user' } } }));
      await db.send(new DeleteItemCommand({ TableName: 'expiring', Key: { pk: { S: 'user' } } }));
      clockMs += 120_000;
      await server.drainBackgroundJobs();

      const StreamArn = created.TableDescription!.LatestStreamArn!;
      const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn }));
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({
          StreamArn,
          ShardId: StreamDescription!.Shards![0]!.ShardId!,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      const { Records } = await streams.send(new GetRecordsCommand({ ShardIterator }));
      const removes = Records!.filter((r) => r.eventName === 'REMOVE');
      assert.equal(removes.length, 2);
      const byKey = new Map(removes.map((r) => [r.dynamodb!.Keys!.pk!.S, r]));
      assert.deepEqual(byKey.get('ttl')!.userIdentity, {
        Type: 'Service',
        PrincipalId: SERVICE.principalId,
      });
      assert.deepEqual(byKey.get('ttl')!.dynamodb!.OldImage, { pk: { S: 'ttl' }, expires });
      assert.equal(byKey.get('user')!.userIdentity, undefined, 'a user delete has none');

      const logPath = join(dir, 'log.jsonl');
      assert.ok(existsSync(logPath));
      const delivered = (await readFile(logPath, 'utf8'))
        .trim()
        .split('\n')
        .map(
          (line) =>
            JSON.parse(line) as {
              eventName: string;
              userIdentity?: unknown;
              dynamodb: { Keys: { pk: { S: string } } };
            },
        );
      const ttlRemove = delivered.find(
        (r) => r.eventName === 'REMOVE' && r.dynamodb.Keys.pk.S === 'ttl',
      );
      assert.deepEqual(ttlRemove?.userIdentity, SERVICE, 'the trigger sees the wire form');
      const userRemove = delivered.find(
        (r) => r.eventName === 'REMOVE' && r.dynamodb.Keys.pk.S === 'user',
      );
      assert.equal(userRemove?.userIdentity, undefined);
    } finally {
      db.destroy();
      streams.destroy();
      await server.close();
    }
  },
);
