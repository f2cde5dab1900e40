// ReturnConsumedCapacity on item operations: DynamoDB's unit arithmetic and response shapes.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  GetItemCommand,
  PutItemCommand,
  waitUntilTableExists,
  type AttributeValue,
  type ReturnConsumedCapacity,
} from '@aws-sdk/client-dynamodb';
import {
  dynamoDbLocalDeviates,
  startTarget,
  uniqueTableName,
  type TestTarget,
} from '../helpers/server.js';

let target: TestTarget;
const table = uniqueTableName('capacity');
const other = uniqueTableName('capacity-other');

before(async () => {
  target = await startTarget();
  for (const TableName of [table, other]) {
    await target.client.send(
      new CreateTableCommand({
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      }),
    );
    await waitUntilTableExists({ client: target.client, maxWaitTime: 30 }, { TableName });
  }
});

after(async () => {
  for (const TableName of [table, other]) {
    await target.client.send(new DeleteTableCommand({ TableName }));
  }
  await target.close();
});

/** An item of exactly `sizeBytes` as DynamoDB counts it: "pk" + its 4-character value, "d" + filler. */
function itemOfSize(pk: string, sizeBytes: number): Record<string, AttributeValue> {
  assert.equal(pk.length, 4);
  return { pk: { S: pk }, d: { S: 'x'.repeat(sizeBytes - 7) } };
}

const put = (Item: Record<string, AttributeValue>, mode: ReturnConsumedCapacity = 'TOTAL') =>
  target.client.send(new PutItemCommand({ TableName: table, Item, ReturnConsumedCapacity: mode }));
const get = (pk: string, ConsistentRead: boolean, extra = {}) =>
  target.client.send(
    new GetItemCommand({
      TableName: table,
      Key: { pk: { S: pk } },
      ConsistentRead,
      ReturnConsumedCapacity: 'TOTAL',
      ...extra,
    }),
  );
const total = (units: number, TableName = table) => ({ TableName, CapacityUnits: units });
const indexes = (units: number, TableName = table) => ({
  TableName,
  CapacityUnits: units,
  Table: { CapacityUnits: units },
});

describe('single-item operations', () => {
  test('writes: 1 unit per KB, rounded up; a replace costs the larger item', async () => {
    assert.deepEqual((await put(itemOfSize('w001', 1024))).ConsumedCapacity, total(1));
    assert.deepEqual((await put(itemOfSize('w002', 1025))).ConsumedCapacity, total(2));
    assert.deepEqual((await put(itemOfSize('w001', 3000))).ConsumedCapacity, total(3));
    assert.deepEqual((await put(itemOfSize('w001', 100))).ConsumedCapacity, total(3));
    assert.deepEqual((await put(itemOfSize('w001', 100))).ConsumedCapacity, total(1));
    assert.deepEqual((await put(itemOfSize('w003', 2048), 'INDEXES')).ConsumedCapacity, indexes(2));
    assert.equal((await put(itemOfSize('w004', 10), 'NONE')).ConsumedCapacity, undefined);
    const none = await target.client.send(
      new PutItemCommand({ TableName: table, Item: itemOfSize('w004', 10) }),
    );
    assert.equal(none.ConsumedCapacity, undefined);
  });

  test('reads: 1 unit per 4 KB of the whole item, halved when eventually consistent', async () => {
    await put(itemOfSize('r001', 4096));
    await put(itemOfSize('r002', 4097));
    assert.deepEqual((await get('r001', true)).ConsumedCapacity, total(1));
    assert.deepEqual((await get('r001', false)).ConsumedCapacity, total(0.5));
    assert.deepEqual((await get('r002', true)).ConsumedCapacity, total(2));
    assert.deepEqual((await get('r002', false)).ConsumedCapacity, total(1));
    const projected = await get('r002', true, { ProjectionExpression: 'pk' });
    assert.deepEqual(projected.ConsumedCapacity, total(2));
    assert.deepEqual((await get('r404', true)).ConsumedCapacity, total(1));
    assert.deepEqual((await get('r404', false)).ConsumedCapacity, total(0.5));
    const shaped = await get('r002', false, { ReturnConsumedCapacity: 'INDEXES' });
    assert.deepEqual(shaped.ConsumedCapacity, indexes(1));
  });

  test('deletes cost the old item, 1 unit when there was none', async () => {
    await put(itemOfSize('d001', 1025));
    const del = (pk: string, mode: ReturnConsumedCapacity) =>
      target.client.send(
        new DeleteItemCommand({
          TableName: table,
          Key: { pk: { S: pk } },
          ReturnConsumedCapacity: mode,
        }),
      );
    assert.deepEqual((await del('d001', 'INDEXES')).ConsumedCapacity, indexes(2));
    assert.deepEqual((await del('d001', 'TOTAL')).ConsumedCapacity, total(1));
  });

  test(
    'DeleteItem with NONE returns no capacity',
    dynamoDbLocalDeviates('returns ConsumedCapacity for DeleteItem even when NONE'),
    async () => {
      const response = await target.client.send(
        new DeleteItemCommand({
          TableName: table,
          Key: { pk: { S: 'd002' } },
          ReturnConsumedCapacity: 'NONE',
        }),
      );
      assert.equal(response.ConsumedCapacity, undefined);
    },
  );
});

describe('batches', () => {
  test('BatchGetItem: rounded per item, summed per table, nothing for missing keys', async () => {
    await put(itemOfSize('b001', 4097));
    await put(itemOfSize('b002', 100));
    const response = await target.client.send(
      new BatchGetItemCommand({
        RequestItems: {
          [table]: {
            Keys: ['b001', 'b002', 'b404'].map((pk) => ({ pk: { S: pk } })),
            ConsistentRead: true,
          },
          [other]: { Keys: [{ pk: { S: 'none' } }] },
        },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    const byTable = new Map(response.ConsumedCapacity?.map((c) => [c.TableName, c]));
    assert.deepEqual(byTable.get(table), total(3));
    assert.deepEqual(byTable.get(other), total(0, other));

    const eventual = await target.client.send(
      new BatchGetItemCommand({
        RequestItems: { [table]: { Keys: [{ pk: { S: 'b001' } }, { pk: { S: 'b002' } }] } },
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );
    assert.deepEqual(eventual.ConsumedCapacity, [indexes(1.5)]);
  });

  test('BatchWriteItem: per item, per table', async () => {
    await put(itemOfSize('bw01', 3000));
    const response = await target.client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [table]: [
            { PutRequest: { Item: itemOfSize('bw02', 1025) } },
            { PutRequest: { Item: itemOfSize('bw01', 10) } },
          ],
          [other]: [{ PutRequest: { Item: itemOfSize('bw03', 10) } }],
        },
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );
    const byTable = new Map(response.ConsumedCapacity?.map((c) => [c.TableName, c]));
    assert.deepEqual(byTable.get(table), indexes(5));
    assert.deepEqual(byTable.get(other), indexes(1, other));

    const deletes = await target.client.send(
      new BatchWriteItemCommand({
        RequestItems: { [table]: [{ DeleteRequest: { Key: { pk: { S: 'bw02' } } } }] },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    assert.deepEqual(deletes.ConsumedCapacity, [total(2)]);
    // Unlike DeleteItem, a batch delete of a key with no item is charged 2 units.
    const absent = await target.client.send(
      new BatchWriteItemCommand({
        RequestItems: { [table]: [{ DeleteRequest: { Key: { pk: { S: 'bw02' } } } }] },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    assert.deepEqual(absent.ConsumedCapacity, [total(2)]);
    const none = await target.client.send(
      new BatchWriteItemCommand({
        RequestItems: { [table]: [{ PutRequest: { Item: itemOfSize('bw04', 10) } }] },
      }),
    );
    assert.equal(none.ConsumedCapacity, undefined);
  });
});
