// `aws dynamodbstreams` (the AWS CLI) reads a table's stream, as it does against DynamoDB.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  startTarget,
  TEST_CREDENTIALS,
  TEST_REGION,
  type TestTarget,
  uniqueTableName,
} from '../helpers/server.js';

const run = promisify(execFile);

/** The AWS CLI, if this machine has one (CI machines do; a laptop may not). */
async function awsCliVersion(): Promise<string | undefined> {
  try {
    const { stdout, stderr } = await run('aws', ['--version']);
    return (stdout || stderr).trim();
  } catch {
    return undefined;
  }
}

const version = await awsCliVersion();

describe('aws dynamodbstreams', { skip: version ? false : 'the AWS CLI is not installed' }, () => {
  let target: TestTarget;
  before(async () => {
    target = await startTarget();
  });
  after(async () => {
    await target?.close();
  });

  async function aws(...args: string[]): Promise<any> {
    const { stdout } = await run(
      'aws',
      [...args, '--endpoint-url', target.endpoint, '--output', 'json'],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
          AWS_DEFAULT_REGION: TEST_REGION,
          AWS_PAGER: '',
        },
      },
    );
    return JSON.parse(stdout);
  }

  test('list-streams, describe-stream, get-shard-iterator, get-records', async () => {
    const TableName = uniqueTableName('awscli');
    await target.client.send(
      new CreateTableCommand({
        TableName,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    await target.client.send(
      new PutItemCommand({ TableName, Item: { pk: { S: 'a' }, n: { N: '1' } } }),
    );
    const { Streams } = await aws('dynamodbstreams', 'list-streams', '--table-name', TableName);
    assert.equal(Streams.length, 1);
    const { StreamDescription } = await aws(
      'dynamodbstreams',
      'describe-stream',
      '--stream-arn',
      Streams[0].StreamArn,
    );
    assert.equal(StreamDescription.TableName, TableName);
    const { ShardIterator } = await aws(
      'dynamodbstreams',
      'get-shard-iterator',
      '--stream-arn',
      Streams[0].StreamArn,
      '--shard-id',
      StreamDescription.Shards[0].ShardId,
      '--shard-iterator-type',
      'TRIM_HORIZON',
    );
    const { Records } = await aws(
      'dynamodbstreams',
      'get-records',
      '--shard-iterator',
      ShardIterator,
    );
    assert.equal(Records.length, 1);
    assert.equal(Records[0].eventName, 'INSERT');
    assert.deepEqual(Records[0].dynamodb.Keys, { pk: { S: 'a' } });
    assert.deepEqual(Records[0].dynamodb.NewImage, { pk: { S: 'a' }, n: { N: '1' } });
  });
});
