// Item collections of tables with LSIs: ItemCollectionMetrics on writes and the collection size limit.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { setItemCollectionLimitBytes } from '../../src/core/item-collections.js';
import {
  dynamoDbLocalDeviates,
  needsInProcessServer,
  startTarget,
  uniqueTableName,
  type TestTarget,
} from '../helpers/server.js';

const NO_METRICS = dynamoDbLocalDeviates(
  'DynamoDB Local never returns ItemCollectionMetrics nor enforces the item collection limit',
);
const S = (s: string): AttributeValue => ({ S: s });
let target: TestTarget;
let table: string;

async function createTable(withLsi: boolean): Promise<string> {
  const name = uniqueTableName('coll');
  await target.client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        ...(withLsi ? [{ AttributeName: 'lsk', AttributeType: 'S' as const }] : []),
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      ...(withLsi
        ? {
            LocalSecondaryIndexes: [
              {
                IndexName: 'lsi',
                KeySchema: [
                  { AttributeName: 'pk', KeyType: 'HASH' },
                  { AttributeName: 'lsk', KeyType: 'RANGE' },
                ],
                Projection: { ProjectionType: 'ALL' },
              },
            ],
          }
        : {}),
    }),
  );
  return name;
}

before(async () => {
  target = await startTarget();
  table = await createTable(true);
});
after(async () => {
  setItemCollectionLimitBytes();
  await target.close();
});

describe('item collections', () => {
  it('returns ItemCollectionMetrics for writes to tables with LSIs', NO_METRICS, async () => {
    const metrics = { ItemCollectionKey: { pk: S('m') }, SizeEstimateRangeGB: [0, 1] };
    const put = await target.client.send(
      new PutItemCommand({
        TableName: table,
        Item: { pk: S('m'), sk: S('1'), lsk: S('x') },
        ReturnItemCollectionMetrics: 'SIZE',
      }),
    );
    assert.deepEqual(put.ItemCollectionMetrics, metrics);
    const update = await target.client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: S('m'), sk: S('1') },
        UpdateExpression: 'SET a = :a',
        ExpressionAttributeValues: { ':a': S('a') },
        ReturnItemCollectionMetrics: 'SIZE',
      }),
    );
    assert.deepEqual(update.ItemCollectionMetrics, metrics);
    const batch = await target.client.send(
      new BatchWriteItemCommand({
        RequestItems: { [table]: [{ PutRequest: { Item: { pk: S('m'), sk: S('2') } } }] },
        ReturnItemCollectionMetrics: 'SIZE',
      }),
    );
    assert.deepEqual(batch.ItemCollectionMetrics, { [table]: [metrics] });
    const none = await target.client.send(
      new PutItemCommand({ TableName: table, Item: { pk: S('m'), sk: S('3') } }),
    );
    assert.equal(none.ItemCollectionMetrics, undefined);
  });

  it('returns no ItemCollectionMetrics for tables without LSIs', async () => {
    const plain = await createTable(false);
    const put = await target.client.send(
      new PutItemCommand({
        TableName: plain,
        Item: { pk: S('m'), sk: S('1') },
        ReturnItemCollectionMetrics: 'SIZE',
      }),
    );
    assert.equal(put.ItemCollectionMetrics, undefined);
  });

  const LIMIT_IN_PROCESS = needsInProcessServer('lowers the collection limit in this process');
  it(
    'refuses to grow an item collection past the limit',
    { ...NO_METRICS, ...LIMIT_IN_PROCESS },
    async () => {
      setItemCollectionLimitBytes(3000);
      try {
        const big = (sk: string, pk = 'full') => ({
          pk: S(pk),
          sk: S(sk),
          lsk: S('x'),
          z: S('z'.repeat(600)),
        });
        // Each item counts twice: once itself, once as its ALL-projected LSI entry.
        await target.client.send(new PutItemCommand({ TableName: table, Item: big('1') }));
        await target.client.send(new PutItemCommand({ TableName: table, Item: big('2') }));
        await assert.rejects(
          target.client.send(new PutItemCommand({ TableName: table, Item: big('3') })),
          (error: Error) => {
            assert.equal(error.name, 'ItemCollectionSizeLimitExceededException');
            assert.equal(error.message, 'Collection size exceeded.');
            return true;
          },
        );
        await target.client.send(new PutItemCommand({ TableName: table, Item: big('1', 'other') }));
        await target.client.send(
          new DeleteItemCommand({ TableName: table, Key: { pk: S('full'), sk: S('1') } }),
        );
        await target.client.send(new PutItemCommand({ TableName: table, Item: big('3') }));
      } finally {
        setItemCollectionLimitBytes();
      }
    },
  );
});
