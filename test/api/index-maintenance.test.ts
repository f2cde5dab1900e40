// Secondary index upkeep on every write: sparse entries, key moves, projections, wrong-type keys, capacity.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import {
  remoteEndpoint,
  startTarget,
  uniqueTableName,
  type TestTarget,
} from '../helpers/server.js';

let target: TestTarget;
let table: string;

/** pk/sk table; lsi KEYS_ONLY on lsk, gsi INCLUDE [a] on gpk+gsk, gall ALL on gpk. */
async function createIndexedTable(): Promise<string> {
  const name = uniqueTableName('idx');
  await target.client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'gpk', AttributeType: 'S' },
        { AttributeName: 'gsk', AttributeType: 'N' },
        { AttributeName: 'lsk', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: 'lsi',
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'lsk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'gsi',
          KeySchema: [
            { AttributeName: 'gpk', KeyType: 'HASH' },
            { AttributeName: 'gsk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['a'] },
        },
        {
          IndexName: 'gall',
          KeySchema: [{ AttributeName: 'gpk', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
  return name;
}

const S = (s: string): AttributeValue => ({ S: s });
const N = (n: number): AttributeValue => ({ N: String(n) });

async function put(item: Record<string, AttributeValue>) {
  return target.client.send(
    new PutItemCommand({ TableName: table, Item: item, ReturnConsumedCapacity: 'INDEXES' }),
  );
}

async function queryIndex(index: string, name: string, value: AttributeValue) {
  const out = await target.client.send(
    new QueryCommand({
      TableName: table,
      IndexName: index,
      KeyConditionExpression: '#k = :v',
      ExpressionAttributeNames: { '#k': name },
      ExpressionAttributeValues: { ':v': value },
    }),
  );
  return out.Items ?? [];
}

async function rejects(promise: Promise<unknown>, message: string | RegExp): Promise<void> {
  await assert.rejects(promise, (error: Error) => {
    assert.equal(error.name, 'ValidationException');
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  });
}

/** DynamoDB names the key, types and index; DynamoDB Local stops after "Index Key". */
const TYPE_MISMATCH = (key: string, expected: string, actual: string, index: string) =>
  remoteEndpoint
    ? /^One or more parameter values were invalid: Type mismatch for Index Key/
    : `One or more parameter values were invalid: Type mismatch for Index Key ${key} Expected: ${expected} Actual: ${actual} IndexName: ${index}`;

before(async () => {
  target = await startTarget();
  table = await createIndexedTable();
});
after(() => target.close());

describe('index maintenance', () => {
  it('charges each index a write as DynamoDB does (put, same, move, unprojected change, delete)', async () => {
    const key = { pk: S('cap'), sk: S('1') };
    let out = await put({ ...key });
    assert.deepEqual(out.ConsumedCapacity, {
      TableName: table,
      CapacityUnits: 1,
      Table: { CapacityUnits: 1 },
    });
    out = await put({ ...key, gpk: S('g'), gsk: N(1), lsk: N(5) });
    assert.deepEqual(out.ConsumedCapacity, {
      TableName: table,
      CapacityUnits: 4,
      Table: { CapacityUnits: 1 },
      LocalSecondaryIndexes: { lsi: { CapacityUnits: 1 } },
      GlobalSecondaryIndexes: { gsi: { CapacityUnits: 1 }, gall: { CapacityUnits: 1 } },
    });
    out = await put({ ...key, gpk: S('g'), gsk: N(1), lsk: N(5) });
    assert.deepEqual(out.ConsumedCapacity?.CapacityUnits, 1);
    out = await put({ ...key, gpk: S('h'), gsk: N(1), lsk: N(6) });
    assert.deepEqual(out.ConsumedCapacity, {
      TableName: table,
      CapacityUnits: 7,
      Table: { CapacityUnits: 1 },
      LocalSecondaryIndexes: { lsi: { CapacityUnits: 2 } },
      GlobalSecondaryIndexes: { gsi: { CapacityUnits: 2 }, gall: { CapacityUnits: 2 } },
    });
    out = await put({ ...key, gpk: S('h'), gsk: N(1), lsk: N(6), z: S('z'.repeat(3000)) });
    assert.deepEqual(out.ConsumedCapacity, {
      TableName: table,
      CapacityUnits: 6,
      Table: { CapacityUnits: 3 },
      GlobalSecondaryIndexes: { gall: { CapacityUnits: 3 } },
    });
    const removed = await target.client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: key,
        UpdateExpression: 'REMOVE gpk',
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );
    assert.deepEqual(removed.ConsumedCapacity, {
      TableName: table,
      CapacityUnits: 7,
      Table: { CapacityUnits: 3 },
      GlobalSecondaryIndexes: { gsi: { CapacityUnits: 1 }, gall: { CapacityUnits: 3 } },
    });
    const total = await target.client.send(
      new DeleteItemCommand({ TableName: table, Key: key, ReturnConsumedCapacity: 'TOTAL' }),
    );
    assert.deepEqual(total.ConsumedCapacity, { TableName: table, CapacityUnits: 4 });
  });

  it('sums index writes per table in BatchWriteItem', async () => {
    const out = await target.client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [table]: [
            {
              PutRequest: { Item: { pk: S('b'), sk: S('1'), gpk: S('bg'), gsk: N(1), lsk: N(5) } },
            },
            { PutRequest: { Item: { pk: S('b'), sk: S('2'), gpk: S('bg'), gsk: N(1) } } },
          ],
        },
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );
    assert.deepEqual(out.ConsumedCapacity, [
      {
        TableName: table,
        CapacityUnits: 7,
        Table: { CapacityUnits: 2 },
        LocalSecondaryIndexes: { lsi: { CapacityUnits: 1 } },
        GlobalSecondaryIndexes: { gsi: { CapacityUnits: 2 }, gall: { CapacityUnits: 2 } },
      },
    ]);
    assert.equal((await queryIndex('gsi', 'gpk', S('bg'))).length, 2);
    assert.equal((await queryIndex('lsi', 'pk', S('b'))).length, 1);
  });

  it('keeps sparse entries: only items with every index key attribute', async () => {
    await put({ pk: S('sp'), sk: S('1'), gpk: S('sparse') });
    await put({ pk: S('sp'), sk: S('2'), gpk: S('sparse'), gsk: N(2) });
    await put({ pk: S('sp'), sk: S('3'), lsk: N(3) });
    assert.deepEqual(
      (await queryIndex('gsi', 'gpk', S('sparse'))).map((item) => item.sk?.S),
      ['2'],
    );
    assert.deepEqual(
      (await queryIndex('gall', 'gpk', S('sparse'))).map((item) => item.sk?.S).sort(),
      ['1', '2'],
    );
    assert.deepEqual(
      (await queryIndex('lsi', 'pk', S('sp'))).map((item) => item.sk?.S),
      ['3'],
    );
  });

  it('moves entries when index keys change and removes them on delete', async () => {
    const key = { pk: S('mv'), sk: S('1') };
    await put({ ...key, gpk: S('from'), gsk: N(1), a: S('A') });
    await target.client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: key,
        UpdateExpression: 'SET gpk = :to',
        ExpressionAttributeValues: { ':to': S('to') },
      }),
    );
    assert.equal((await queryIndex('gsi', 'gpk', S('from'))).length, 0);
    assert.deepEqual(await queryIndex('gsi', 'gpk', S('to')), [
      { ...key, gpk: S('to'), gsk: N(1), a: S('A') },
    ]);
    await target.client.send(
      new BatchWriteItemCommand({ RequestItems: { [table]: [{ DeleteRequest: { Key: key } }] } }),
    );
    assert.equal((await queryIndex('gsi', 'gpk', S('to'))).length, 0);
    assert.equal((await queryIndex('gall', 'gpk', S('to'))).length, 0);
  });

  it('stores exactly the projection: KEYS_ONLY, INCLUDE, ALL', async () => {
    const item = {
      pk: S('pr'),
      sk: S('1'),
      gpk: S('proj'),
      gsk: N(1),
      lsk: N(1),
      a: S('A'),
      b: S('B'),
    };
    await put(item);
    assert.deepEqual(await queryIndex('lsi', 'pk', S('pr')), [
      { pk: S('pr'), sk: S('1'), lsk: N(1) },
    ]);
    assert.deepEqual(await queryIndex('gsi', 'gpk', S('proj')), [
      { pk: S('pr'), sk: S('1'), gpk: S('proj'), gsk: N(1), a: S('A') },
    ]);
    assert.deepEqual(await queryIndex('gall', 'gpk', S('proj')), [item]);
    await target.client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: S('pr'), sk: S('1') },
        UpdateExpression: 'SET a = :a REMOVE b',
        ExpressionAttributeValues: { ':a': S('A2') },
      }),
    );
    assert.deepEqual((await queryIndex('gsi', 'gpk', S('proj')))[0]?.a, S('A2'));
    assert.equal((await queryIndex('gall', 'gpk', S('proj')))[0]?.b, undefined);
  });

  it('rejects a wrong-type index key before writing anything, even when the condition fails', async () => {
    const key = { pk: S('wt'), sk: S('1') };
    await rejects(put({ ...key, gpk: N(1) }), TYPE_MISMATCH('gpk', 'S', 'N', 'gsi'));
    await rejects(put({ ...key, lsk: S('x') }), TYPE_MISMATCH('lsk', 'N', 'S', 'lsi'));
    await rejects(
      target.client.send(
        new PutItemCommand({
          TableName: table,
          Item: { ...key, gpk: N(1) },
          ConditionExpression: 'attribute_exists(nope)',
        }),
      ),
      TYPE_MISMATCH('gpk', 'S', 'N', 'gsi'),
    );
    await rejects(
      target.client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: key,
          UpdateExpression: 'SET gsk = :v',
          ExpressionAttributeValues: { ':v': S('1') },
        }),
      ),
      TYPE_MISMATCH('gsk', 'N', 'S', 'gsi'),
    );
    await rejects(
      target.client.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [table]: [
              { PutRequest: { Item: { pk: S('wt'), sk: S('2') } } },
              { PutRequest: { Item: { ...key, gpk: N(1) } } },
            ],
          },
        }),
      ),
      TYPE_MISMATCH('gpk', 'S', 'N', 'gsi'),
    );
    const items = await target.client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': S('wt') },
      }),
    );
    assert.equal(items.Count, 0);
  });

  it('limits index key values as table keys: 2048 bytes partition, 1024 sort', async () => {
    const key = { pk: S('size'), sk: S('1') };
    const tooLarge = 'One or more parameter values were invalid: Size limit exceeded';
    await put({ ...key, gpk: S('é'.repeat(1024)) });
    await rejects(put({ ...key, gpk: S(`${'é'.repeat(1024)}x`) }), tooLarge);
    // Checked index by index, sizes before types, and before the condition.
    await rejects(put({ ...key, gpk: S('x'.repeat(2049)), gsk: S('x') }), tooLarge);
    await rejects(
      put({ ...key, gpk: S('x'.repeat(2049)), lsk: S('x') }),
      TYPE_MISMATCH('lsk', 'N', 'S', 'lsi'),
    );
    await rejects(
      target.client.send(
        new PutItemCommand({
          TableName: table,
          Item: { ...key, gpk: S('x'.repeat(2049)) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
      tooLarge,
    );
    await rejects(
      target.client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: key,
          UpdateExpression: 'SET gpk = :v',
          ExpressionAttributeValues: { ':v': S('x'.repeat(2049)) },
        }),
      ),
      tooLarge,
    );
    await rejects(
      target.client.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [table]: [{ PutRequest: { Item: { ...key, gpk: S('x'.repeat(2049)) } } }],
          },
        }),
      ),
      tooLarge,
    );
    const { Items } = await target.client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': S('size') },
      }),
    );
    assert.deepEqual(Items, [{ ...key, gpk: S('é'.repeat(1024)) }]);
  });

  it('rejects an empty string in an index key', async () => {
    await rejects(
      put({ pk: S('em'), sk: S('1'), gpk: S('') }),
      /^One or more parameter values are not valid\. A value specified for a secondary index key is not supported\. The AttributeValue for a key attribute cannot contain an empty string value\. IndexName: (gsi|gall), IndexKey: gpk$/,
    );
  });

  it('words an empty index key set by an UpdateExpression differently (DynamoDB Local 3.3)', async () => {
    await rejects(
      target.client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: S('em'), sk: S('2') },
          UpdateExpression: 'SET gpk = :e',
          ExpressionAttributeValues: { ':e': S('') },
        }),
      ),
      'One or more parameter values are not valid. The update expression attempted to update a secondary index key to a value that is not supported. The AttributeValue for a key attribute cannot contain an empty string value.',
    );
  });
});
