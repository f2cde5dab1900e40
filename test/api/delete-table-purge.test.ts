// A table deleted and re-created with the same name and indexes starts empty everywhere.

import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { startTarget, uniqueTableName, type TestTarget } from '../helpers/server.js';

let target: TestTarget;
before(async () => {
  target = await startTarget();
});
after(() => target.close());

function definition(name: string): CreateTableCommandInput {
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: ['pk', 'sk', 'g', 'l'].map((n) => ({
      AttributeName: n,
      AttributeType: 'S' as const,
    })),
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    LocalSecondaryIndexes: [
      {
        IndexName: 'lsi',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'l', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: 'gsi',
        KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  };
}

it('a re-created table has no items, index entries or stream records of the old one', async () => {
  const name = uniqueTableName('purge');
  const { client } = target;
  await client.send(new CreateTableCommand(definition(name)));
  for (let i = 0; i < 30; i++) {
    const item = { pk: { S: 'p' }, sk: { S: `s${i}` }, g: { S: 'G' }, l: { S: `l${i}` } };
    await client.send(new PutItemCommand({ TableName: name, Item: item }));
  }
  await client.send(new DeleteTableCommand({ TableName: name }));
  await client.send(new CreateTableCommand(definition(name)));
  const scan = await client.send(new ScanCommand({ TableName: name }));
  assert.equal(scan.Count, 0);
  const byGsi = await client.send(
    new QueryCommand({
      TableName: name,
      IndexName: 'gsi',
      KeyConditionExpression: 'g = :g',
      ExpressionAttributeValues: { ':g': { S: 'G' } },
    }),
  );
  assert.equal(byGsi.Count, 0);
  const byLsi = await client.send(
    new QueryCommand({
      TableName: name,
      IndexName: 'lsi',
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': { S: 'p' } },
    }),
  );
  assert.equal(byLsi.Count, 0);
  const described = await client.send(new DescribeTableCommand({ TableName: name }));
  assert.equal(described.Table?.ItemCount, 0);
  for (const index of [
    ...(described.Table?.GlobalSecondaryIndexes ?? []),
    ...(described.Table?.LocalSecondaryIndexes ?? []),
  ]) {
    assert.equal(index.ItemCount, 0);
  }
  await client.send(new DeleteTableCommand({ TableName: name }));
});
