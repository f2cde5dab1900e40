// TransactGetItems: one snapshot, projections, cancellation on invalid keys, capacity, limits.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteTableCommand,
  PutItemCommand,
  TransactGetItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { rawRequest } from '../helpers/raw-request.js';
import {
  dynamoDbLocalDeviates,
  startTarget,
  uniqueTableName,
  type TestTarget,
} from '../helpers/server.js';
import { createKeyedTable } from '../helpers/tables.js';

let target: TestTarget;
const table = uniqueTableName('tg');

before(async () => {
  target = await startTarget();
  await createKeyedTable(target.client, table, ['pk', 'S']);
  for (const [pk, v] of [
    ['a', 'x'.repeat(5000)],
    ['b', 'y'],
  ] as const) {
    await target.client.send(
      new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, v: { S: v }, w: { N: '1' } } }),
    );
  }
});

after(async () => {
  await target.client.send(new DeleteTableCommand({ TableName: table }));
  await target.close();
});

const key = (pk: string) => ({ pk: { S: pk } });
const transactGet = (TransactItems: unknown[], extra: Record<string, unknown> = {}) =>
  rawRequest(target.endpoint, 'TransactGetItems', { TransactItems, ...extra });

describe('TransactGetItems', () => {
  test('returns each item (or nothing) in order, projected, with double read capacity', async () => {
    const out = await target.client.send(
      new TransactGetItemsCommand({
        TransactItems: [
          { Get: { TableName: table, Key: key('a') } },
          { Get: { TableName: table, Key: key('none') } },
          {
            Get: {
              TableName: table,
              Key: key('b'),
              ProjectionExpression: '#w',
              ExpressionAttributeNames: { '#w': 'w' },
            },
          },
        ],
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );
    assert.equal(out.Responses?.[0]?.Item?.v?.S, 'x'.repeat(5000));
    assert.equal(out.Responses?.[1]?.Item, undefined);
    assert.deepEqual(out.Responses?.[2]?.Item, { w: { N: '1' } });
    // 5 KB → 4, absent → 2, small → 2.
    assert.deepEqual(out.ConsumedCapacity, [
      { TableName: table, CapacityUnits: 8, Table: { CapacityUnits: 8 } },
    ]);
  });

  test('validation errors', async () => {
    const cases: Array<[unknown[], string]> = [
      [
        [
          { Get: { TableName: table, Key: key('a') } },
          { Get: { TableName: table, Key: key('a') } },
        ],
        'Transaction request cannot include multiple operations on one item',
      ],
      [
        [{ Get: { TableName: table, Key: key('a'), ProjectionExpression: '#v' } }],
        'Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: #v',
      ],
      [
        [
          {
            Get: {
              TableName: table,
              Key: key('a'),
              ProjectionExpression: 'v',
              ExpressionAttributeNames: { '#v': 'v' },
            },
          },
        ],
        'Value provided in ExpressionAttributeNames unused in expressions: keys: {#v}',
      ],
      [
        [{ Get: { TableName: table, Key: key('a'), ProjectionExpression: 'pk.x' } }],
        "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk",
      ],
    ];
    for (const [items, message] of cases) {
      const response = await transactGet(items);
      assert.equal(response.status, 400);
      assert.equal(response.body.__type, 'com.amazon.coral.validate#ValidationException');
      assert.equal(response.body.message ?? response.body.Message, message);
    }
  });

  test(
    'an entry sent as null is refused as an empty one',
    dynamoDbLocalDeviates('words both "Value null at \'transactItems\' …", without the path'),
    async () => {
      for (const items of [[null], [{}]]) {
        const response = await transactGet([
          { Get: { TableName: table, Key: key('a') } },
          ...items,
        ]);
        assert.equal(response.status, 400);
        assert.equal(
          response.body.message,
          "1 validation error detected: Value null at 'transactItems.2.member.get' failed to satisfy constraint: Member must not be null",
        );
      }
    },
  );

  test(
    'an invalid key cancels the transaction with ValidationError',
    dynamoDbLocalDeviates('answers without CancellationReasons (DYNAMODB-FACTS.md)'),
    async () => {
      const response = await transactGet([
        { Get: { TableName: table, Key: key('a') } },
        { Get: { TableName: table, Key: { pk: { N: '1' } } } },
      ]);
      assert.equal(
        response.body.__type,
        'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
      );
      assert.deepEqual(response.body.CancellationReasons, [
        { Code: 'None' },
        { Code: 'ValidationError', Message: 'The provided key element does not match the schema' },
      ]);
    },
  );

  test('a response over 4 MB is refused', async () => {
    const big = 'x'.repeat(399_000);
    for (let i = 0; i < 11; i++) {
      await target.client.send(
        new PutItemCommand({ TableName: table, Item: { pk: { S: `big${i}` }, v: { S: big } } }),
      );
    }
    const response = await transactGet(
      Array.from({ length: 11 }, (_, i) => ({ Get: { TableName: table, Key: key(`big${i}`) } })),
    );
    assert.equal(response.status, 400);
    assert.equal(response.body.__type, 'com.amazon.coral.validate#ValidationException');
    assert.equal(
      response.body.message ?? response.body.Message,
      'Payload in response is too large.4389122',
    );
  });
});
