// Query on GSIs with multi-attribute keys (DynamoDB, Nov 2025): which key conditions are allowed,
// DynamoDB's messages for the rest, and what each allowed condition selects, in order.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateTableCommand,
  PutItemCommand,
  QueryCommand,
  type AttributeValue,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { startTarget, uniqueTableName, type TestTarget } from '../helpers/server.js';

let target: TestTarget;
let table: string;
const S = (s: string): AttributeValue => ({ S: s });
const N = (n: number): AttributeValue => ({ N: String(n) });
const AB = { ':a': S('A'), ':b': S('B') };

before(async () => {
  target = await startTarget();
  table = uniqueTableName('idxm');
  await target.client.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        ...['pk', 'a', 'b'].map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
        ...['c', 'd', 'e'].map((name) => ({ AttributeName: name, AttributeType: 'N' as const })),
      ],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'multi',
          KeySchema: [
            { AttributeName: 'a', KeyType: 'HASH' },
            { AttributeName: 'b', KeyType: 'HASH' },
            { AttributeName: 'c', KeyType: 'RANGE' },
            { AttributeName: 'd', KeyType: 'RANGE' },
            { AttributeName: 'e', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
  const rows: Array<[string, string, number, number]> = [
    ['p1', 'B', 1, 1],
    ['p2', 'B', 1, 2],
    ['p3', 'B', 2, 1],
    ['p4', 'B', 2, 5],
    ['p5', 'B', 3, 0],
    ['p6', 'X', 1, 1],
    ['p7', 'B', 10, 1],
  ];
  for (const [pk, b, c, d] of rows) {
    await target.client.send(
      new PutItemCommand({
        TableName: table,
        Item: { pk: S(pk), a: S('A'), b: S(b), c: N(c), d: N(d), e: N(0) },
      }),
    );
  }
  // Sparse: without every key attribute, an item is not in the index.
  await target.client.send(
    new PutItemCommand({ TableName: table, Item: { pk: S('p8'), a: S('A'), b: S('B'), c: N(1) } }),
  );
});

after(() => target.close());

async function keys(input: Omit<QueryCommandInput, 'TableName'>): Promise<string[]> {
  const out: string[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await target.client.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'multi',
        ...input,
        ExclusiveStartKey: start,
      }),
    );
    out.push(...(page.Items ?? []).map((item) => item.pk!.S!));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return out;
}

async function rejects(
  expression: string,
  values: Record<string, AttributeValue>,
  message: string,
) {
  await assert.rejects(
    target.client.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'multi',
        KeyConditionExpression: expression,
        ExpressionAttributeValues: values,
      }),
    ),
    (error: Error) => {
      assert.equal(error.name, 'ValidationException');
      assert.equal(error.message, message);
      return true;
    },
  );
}

describe('Query on a multi-attribute GSI key', () => {
  it('selects by all partition attributes, in sort-key tuple order', async () => {
    const expr = 'a = :a AND b = :b';
    assert.deepEqual(await keys({ KeyConditionExpression: expr, ExpressionAttributeValues: AB }), [
      'p1',
      'p2',
      'p3',
      'p4',
      'p5',
      'p7',
    ]);
    assert.deepEqual(
      await keys({
        KeyConditionExpression: expr,
        ExpressionAttributeValues: AB,
        ScanIndexForward: false,
        Limit: 2,
      }),
      ['p7', 'p5', 'p4', 'p3', 'p2', 'p1'],
    );
  });

  it('narrows by a prefix of sort-key equalities ended by one range condition', async () => {
    const q = (expression: string, more: Record<string, AttributeValue>) =>
      keys({ KeyConditionExpression: expression, ExpressionAttributeValues: { ...AB, ...more } });
    assert.deepEqual(await q('a = :a AND b = :b AND c = :c', { ':c': N(2) }), ['p3', 'p4']);
    assert.deepEqual(await q('a = :a AND b = :b AND c > :c', { ':c': N(1) }), [
      'p3',
      'p4',
      'p5',
      'p7',
    ]);
    assert.deepEqual(await q('a = :a AND b = :b AND c <= :c', { ':c': N(2) }), [
      'p1',
      'p2',
      'p3',
      'p4',
    ]);
    assert.deepEqual(await q('a = :a AND b = :b AND :c > c', { ':c': N(2) }), ['p1', 'p2']);
    assert.deepEqual(
      await q('a = :a AND b = :b AND c BETWEEN :c AND :d', { ':c': N(2), ':d': N(10) }),
      ['p3', 'p4', 'p5', 'p7'],
    );
    assert.deepEqual(
      await q('a = :a AND b = :b AND c = :c AND d >= :d', { ':c': N(2), ':d': N(2) }),
      ['p4'],
    );
    assert.deepEqual(
      await q('a = :a AND b = :b AND c = :c AND d = :d AND e = :e', {
        ':c': N(1),
        ':d': N(2),
        ':e': N(0),
      }),
      ['p2'],
    );
  });

  it('accepts the legacy KeyConditions with more than two conditions', async () => {
    const eq = (value: AttributeValue) => ({
      ComparisonOperator: 'EQ' as const,
      AttributeValueList: [value],
    });
    assert.deepEqual(
      await keys({
        KeyConditions: {
          a: eq(S('A')),
          b: eq(S('B')),
          c: { ComparisonOperator: 'GT', AttributeValueList: [N(2)] },
        },
      }),
      ['p5', 'p7'],
    );
  });

  it('rejects conditions DynamoDB rejects, with its messages', async () => {
    await rejects(
      'e = :e',
      { ':e': N(1) },
      'HASH key attributes a, b must have equality conditions specified in the query',
    );
    await rejects(
      'a = :a AND b > :b',
      AB,
      'HASH key attributes b must have equality conditions specified in the query',
    );
    await rejects(
      'a = :a AND b = :b AND e = :e',
      { ...AB, ':e': N(1) },
      'RANGE key attributes c, d must have equality conditions specified in the query because a condition is present on key attribute e',
    );
    await rejects(
      'a = :a AND b = :b AND c > :c AND d = :d',
      { ...AB, ':c': N(1), ':d': N(1) },
      'RANGE key attributes c must have equality conditions specified in the query because a condition is present on key attribute d',
    );
    await rejects(
      'a = :a AND b = :b AND x = :c',
      { ...AB, ':c': N(1) },
      'Query condition missed key schema element',
    );
    await rejects(
      'a = :a AND b = :b AND c = :c AND c = :d',
      { ...AB, ':c': N(1), ':d': N(2) },
      'KeyConditionExpressions must only contain one condition per key',
    );
    await rejects(
      'a = :a AND b = :b AND c = :c',
      { ...AB, ':c': S('1') },
      'One or more parameter values were invalid: Condition parameter type does not match schema type',
    );
    await rejects(
      'a = :a AND b = :b',
      { ':a': S(''), ':b': S('B') },
      'One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: multi, IndexKey: a',
    );
  });
});
