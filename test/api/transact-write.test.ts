// TransactWriteItems: all-or-nothing writes, cancellation reasons, validation, capacity, idempotency.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand,
  DeleteTableCommand,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  waitUntilTableExists,
  type AttributeValue,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { rawRequest } from '../helpers/raw-request.js';
import {
  dynamoDbLocalDeviates,
  startTarget,
  uniqueTableName,
  type TestTarget,
} from '../helpers/server.js';
import { createKeyedTable } from '../helpers/tables.js';

type Item = Record<string, AttributeValue>;

let target: TestTarget;
const table = uniqueTableName('tw');
const missing = uniqueTableName('tw-missing');

before(async () => {
  target = await startTarget();
  await createKeyedTable(target.client, table, ['pk', 'S']);
});

after(async () => {
  await target.client.send(new DeleteTableCommand({ TableName: table }));
  await target.close();
});

let counter = 0;
const fresh = (): string => `k${++counter}-${Math.random().toString(36).slice(2, 8)}`;
const key = (pk: string): Item => ({ pk: { S: pk } });
const get = async (pk: string): Promise<Item | undefined> =>
  (
    await target.client.send(
      new GetItemCommand({ TableName: table, Key: key(pk), ConsistentRead: true }),
    )
  ).Item;
const put = (Item: Item) => target.client.send(new PutItemCommand({ TableName: table, Item }));
const transact = (TransactItems: unknown[], extra: Record<string, unknown> = {}) =>
  rawRequest(target.endpoint, 'TransactWriteItems', { TransactItems, ...extra });

function assertValidation(response: { status: number; body: any }, message: string): void {
  assert.equal(response.status, 400);
  assert.equal(response.body.__type, 'com.amazon.coral.validate#ValidationException');
  assert.equal(response.body.message ?? response.body.Message, message);
}

function assertCanceled(response: { status: number; body: any }, reasons: unknown[]): void {
  assert.equal(response.status, 400, JSON.stringify(response.body));
  assert.equal(
    response.body.__type,
    'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
  );
  const codes = reasons.map((reason: any) => reason.Code).join(', ');
  assert.equal(
    response.body.Message,
    `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`,
  );
  assert.deepEqual(response.body.CancellationReasons, reasons);
}

describe('TransactWriteItems', () => {
  test('writes every action, across kinds, through the SDK', async () => {
    const [a, b, c, d] = [fresh(), fresh(), fresh(), fresh()];
    await put({ pk: { S: b }, n: { N: '1' } });
    await put({ pk: { S: c } });
    await put({ pk: { S: d }, ok: { BOOL: true } });
    const items: TransactWriteItem[] = [
      { Put: { TableName: table, Item: { pk: { S: a }, v: { S: 'x' } } } },
      {
        Update: {
          TableName: table,
          Key: key(b),
          UpdateExpression: 'SET n = n + :one',
          ConditionExpression: 'n = :one',
          ExpressionAttributeValues: { ':one': { N: '1' } },
        },
      },
      { Delete: { TableName: table, Key: key(c) } },
      {
        ConditionCheck: {
          TableName: table,
          Key: key(d),
          ConditionExpression: 'ok = :t',
          ExpressionAttributeValues: { ':t': { BOOL: true } },
        },
      },
    ];
    const out = await target.client.send(new TransactWriteItemsCommand({ TransactItems: items }));
    assert.equal(out.ConsumedCapacity, undefined);
    assert.deepEqual(await get(a), { pk: { S: a }, v: { S: 'x' } });
    assert.deepEqual(await get(b), { pk: { S: b }, n: { N: '2' } });
    assert.equal(await get(c), undefined);
  });

  test('a failed condition cancels every action, with one reason per action', async () => {
    const [a, b] = [fresh(), fresh()];
    await put({ pk: { S: a }, v: { N: '1' } });
    const response = await transact([
      {
        Put: {
          TableName: table,
          Item: { pk: { S: a } },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      { Put: { TableName: table, Item: { pk: { S: b } } } },
    ]);
    assertCanceled(response, [
      {
        Code: 'ConditionalCheckFailed',
        Message: 'The conditional request failed',
        Item: { pk: { S: a }, v: { N: '1' } },
      },
      { Code: 'None' },
    ]);
    assert.equal(await get(b), undefined);
    assert.deepEqual(await get(a), { pk: { S: a }, v: { N: '1' } });
  });

  test('ConditionCheck failures end with a period; absent items carry no Item', async () => {
    const [a, b] = [fresh(), fresh()];
    await put({ pk: { S: a } });
    const response = await transact([
      {
        ConditionCheck: {
          TableName: table,
          Key: key(a),
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      {
        Delete: {
          TableName: table,
          Key: key(b),
          ConditionExpression: 'attribute_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    ]);
    assertCanceled(response, [
      {
        Code: 'ConditionalCheckFailed',
        Message: 'The conditional request failed.',
        Item: { pk: { S: a } },
      },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
    ]);
  });

  test('the SDK exposes CancellationReasons', async () => {
    const a = fresh();
    await put({ pk: { S: a } });
    await assert.rejects(
      target.client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Delete: {
                TableName: table,
                Key: key(a),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      ),
      (error: any) => {
        assert.equal(error.name, 'TransactionCanceledException');
        assert.deepEqual(error.CancellationReasons, [
          { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
        ]);
        return true;
      },
    );
    assert.ok(await get(a));
  });

  test('updating a key attribute cancels with ValidationError', async () => {
    const response = await transact([
      {
        Update: {
          TableName: table,
          Key: key(fresh()),
          UpdateExpression: 'SET pk = :v',
          ExpressionAttributeValues: { ':v': { S: 'x' } },
        },
      },
    ]);
    assertCanceled(response, [
      {
        Code: 'ValidationError',
        Message:
          'One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key',
      },
    ]);
  });

  test('a mistyped key cancels with ValidationError; the other actions are still checked', async () => {
    const a = fresh();
    await put({ pk: { S: a } });
    const response = await transact([
      { Put: { TableName: table, Item: { pk: { N: '1' } } } },
      {
        Delete: { TableName: table, Key: key(a), ConditionExpression: 'attribute_not_exists(pk)' },
      },
    ]);
    assert.equal(response.status, 400);
    const reasons = response.body.CancellationReasons;
    assert.equal(reasons[0].Code, 'ValidationError');
    assert.match(
      reasons[0].Message,
      /^One or more parameter values were invalid: Type mismatch for key/,
    );
    assert.deepEqual(reasons[1], {
      Code: 'ConditionalCheckFailed',
      Message: 'The conditional request failed',
    });
  });

  test(
    'a key that does not match the schema cancels with ValidationError',
    dynamoDbLocalDeviates('answers a plain ValidationException (DYNAMODB-FACTS.md)'),
    async () => {
      const response = await transact([
        { Delete: { TableName: table, Key: { pk: { S: 'a' }, x: { S: 'b' } } } },
      ]);
      assertCanceled(response, [
        { Code: 'ValidationError', Message: 'The provided key element does not match the schema' },
      ]);
    },
  );

  test('validation errors are plain ValidationExceptions', async () => {
    const a = fresh();
    assertValidation(
      await transact([{}]),
      'Invalid Request: TransactWriteRequest should contain Delete or Put or Update request',
    );
    assertValidation(
      await transact([
        { Put: { TableName: table, Item: key(a) }, Delete: { TableName: table, Key: key(a) } },
      ]),
      'TransactItems can only contain one of Check, Put, Update or Delete',
    );
    assertValidation(
      await transact([
        { Put: { TableName: table, Item: key(a) } },
        {
          ConditionCheck: {
            TableName: table,
            Key: key(a),
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
      ]),
      'Transaction request cannot include multiple operations on one item',
    );
    assertValidation(
      await transact([
        { Update: { TableName: table, Key: key(a), UpdateExpression: 'SET #a = :v' } },
      ]),
      'Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #a',
    );
    assertValidation(
      await transact([{ Put: { TableName: table, Item: key(a), ConditionExpression: 'a = :x' } }]),
      'Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :x',
    );
    assertValidation(
      await transact([
        {
          Update: {
            TableName: table,
            Key: key(a),
            UpdateExpression: 'SET v = :v',
            ExpressionAttributeValues: { ':v': { S: 'x' }, ':w': { S: 'x' } },
          },
        },
      ]),
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}',
    );
    // Every action is validated before any table is looked up.
    assertValidation(
      await transact([
        { Put: { TableName: missing, Item: key(a) } },
        { Put: { TableName: table, Item: { pk: { S: a }, b: { SS: [] } } } },
      ]),
      'One or more parameter values were invalid: An string set  may not be empty',
    );
    assertValidation(
      await transact([
        { Put: { TableName: table, Item: { pk: { S: a }, v: { S: 'x'.repeat(410_000) } } } },
      ]),
      'Item size has exceeded the maximum allowed size',
    );
    assert.equal(await get(a), undefined);
  });

  test(
    'an update that cannot apply to its item cancels with ValidationError',
    dynamoDbLocalDeviates(
      'answers a plain ValidationException; the TransactWriteItems API reference lists these messages as ValidationError reasons',
    ),
    async () => {
      const [a, b] = [fresh(), fresh()];
      await put({ pk: { S: a }, s: { SS: ['x'] } });
      let deep: AttributeValue = { S: 'x' };
      for (let i = 0; i < 32; i++) deep = { M: { a: deep } };
      const cases: Array<[Record<string, unknown>, string]> = [
        [
          { UpdateExpression: 'ADD s :v', ExpressionAttributeValues: { ':v': { N: '1' } } },
          'An operand in the update expression has an incorrect data type',
        ],
        [
          {
            UpdateExpression: 'SET t = nope + :v',
            ExpressionAttributeValues: { ':v': { N: '1' } },
          },
          'The provided expression refers to an attribute that does not exist in the item',
        ],
        [
          { UpdateExpression: 'SET s.x = :v', ExpressionAttributeValues: { ':v': { N: '1' } } },
          'The document path provided in the update expression is invalid for update',
        ],
        [
          { UpdateExpression: 'SET t = :v', ExpressionAttributeValues: { ':v': deep } },
          'Nesting Levels have exceeded supported limits',
        ],
      ];
      for (const [update, Message] of cases) {
        const response = await transact([
          { Put: { TableName: table, Item: key(b) } },
          { Update: { TableName: table, Key: key(a), ...update } },
        ]);
        assertCanceled(response, [{ Code: 'None' }, { Code: 'ValidationError', Message }]);
      }
      assert.equal(await get(b), undefined);
    },
  );

  test(
    'an action sent as null is refused as an empty one',
    dynamoDbLocalDeviates('answers 500 InternalFailure'),
    async () => {
      assertValidation(
        await transact([{ Put: { TableName: table, Item: key(fresh()) } }, null]),
        'Invalid Request: TransactWriteRequest should contain Delete or Put or Update request',
      );
    },
  );

  test('an Update whose own names and values pass 400 KB fails the request, as planned in order', async () => {
    const TOO_LARGE = 'Item size to update has exceeded the maximum allowed size';
    const sized = (pk: string, length: number) => ({
      Update: {
        TableName: table,
        Key: key(pk),
        UpdateExpression: 'SET a = :v',
        ExpressionAttributeValues: { ':v': { S: 'x'.repeat(length) } },
      },
    });
    const syntaxError = {
      Update: { TableName: table, Key: key(fresh()), UpdateExpression: 'SET a = = :v' },
    };
    const syntaxMessage = 'Invalid UpdateExpression: Syntax error; token: "=", near: "= = :v"';
    // Before any table is looked up or key checked, but after the actions planned before it.
    assertValidation(
      await transact([sized(fresh(), 409_600), { Put: { TableName: missing, Item: key('a') } }]),
      TOO_LARGE,
    );
    assertValidation(await transact([sized(fresh(), 409_600), syntaxError]), TOO_LARGE);
    assertValidation(await transact([syntaxError, sized(fresh(), 409_600)]), syntaxMessage);
    // Each action on its own.
    const [first, second] = [fresh(), fresh()];
    assert.equal((await transact([sized(first, 204_800), sized(second, 204_800)])).status, 200);
  });

  test('at most 4 MB of items', async () => {
    const big = 'x'.repeat(399_000);
    const items = Array.from({ length: 11 }, (_, i) => ({
      Put: { TableName: table, Item: { pk: { S: `big${i}` }, v: { S: big } } },
    }));
    assertValidation(
      await transact(items),
      'Transaction payload size cannot exceed 4MB. Payload Size: 4389078',
    );
  });

  test(
    'a missing table is ResourceNotFoundException',
    dynamoDbLocalDeviates('says "Cannot do operations on a non-existent table"'),
    async () => {
      const response = await transact([
        { Put: { TableName: table, Item: key(fresh()) } },
        { Put: { TableName: missing, Item: key(fresh()) } },
      ]);
      assert.equal(
        response.body.__type,
        'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
      );
      assert.equal(response.body.message, 'Requested resource not found');
    },
  );

  test('capacity: writes cost double, a ConditionCheck two read units', async () => {
    const [a, b, c] = [fresh(), fresh(), fresh()];
    await put({ pk: { S: b }, v: { S: 'x'.repeat(5000) } });
    const response = await transact(
      [
        { Put: { TableName: table, Item: { pk: { S: a }, v: { S: 'x'.repeat(2500) } } } },
        {
          ConditionCheck: {
            TableName: table,
            Key: key(b),
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
        { Delete: { TableName: table, Key: key(c) } },
      ],
      { ReturnConsumedCapacity: 'INDEXES' },
    );
    assert.equal(response.status, 200, response.text);
    // Put 3 KB → 6; check of 5 KB → 4; delete of nothing → 1.
    assert.deepEqual(response.body.ConsumedCapacity, [
      { TableName: table, CapacityUnits: 11, Table: { CapacityUnits: 11 } },
    ]);
  });

  test('an update of a key attribute whose condition fails is cancelled for the condition', async () => {
    const update = (ConditionExpression: string) => ({
      Update: {
        TableName: table,
        Key: key(fresh()),
        UpdateExpression: 'SET pk = :v',
        ConditionExpression,
        ExpressionAttributeValues: { ':v': { S: 'x' } },
      },
    });
    assertCanceled(await transact([update('attribute_exists(nope)')]), [
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
    ]);
    assertCanceled(await transact([update('attribute_not_exists(nope)')]), [
      {
        Code: 'ValidationError',
        Message:
          'One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key',
      },
    ]);
  });

  test('ClientRequestToken: a retry answers again without writing; another body is refused', async () => {
    const a = fresh();
    const token = `tok-${fresh()}`;
    const items = [
      {
        Put: {
          TableName: table,
          Item: { pk: { S: a } },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    const first = await transact(items, { ClientRequestToken: token });
    assert.equal(first.status, 200, first.text);
    const retry = await transact(items, {
      ClientRequestToken: token,
      ReturnConsumedCapacity: 'TOTAL',
    });
    assert.equal(retry.status, 200, retry.text);
    assert.deepEqual(retry.body.ConsumedCapacity, [{ TableName: table, CapacityUnits: 2 }]);
    const other = await transact([{ Put: { TableName: table, Item: { pk: { S: fresh() } } } }], {
      ClientRequestToken: token,
    });
    assert.equal(other.status, 400);
    assert.equal(
      other.body.__type,
      'com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException',
    );
    // Without the token the same request is a new one, and its condition fails.
    assertCanceled(await transact(items), [
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
    ]);
  });
});

describe('TransactWriteItems on tables with secondary indexes', () => {
  const indexed = uniqueTableName('tw-idx');
  const other = uniqueTableName('tw-idx2');
  const ik = (pk: string, sk: string): Item => ({ pk: { S: pk }, sk: { S: sk } });
  // DynamoDB Local lists the tables in no fixed order.
  const byTableName = (capacities: Array<{ TableName: string }>) =>
    [...capacities].sort((x, y) => (x.TableName < y.TableName ? -1 : 1));
  const emptyByUpdate =
    'One or more parameter values are not valid. The update expression attempted to update a secondary index key to a value that is not supported. The AttributeValue for a key attribute cannot contain an empty string value.';

  before(async () => {
    for (const TableName of [indexed, other]) {
      await target.client.send(
        new CreateTableCommand({
          TableName,
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          AttributeDefinitions: ['pk', 'sk', 'l', 'g'].map((AttributeName) => ({
            AttributeName,
            AttributeType: 'S' as const,
          })),
          LocalSecondaryIndexes: [
            {
              IndexName: 'lsi',
              KeySchema: [
                { AttributeName: 'pk', KeyType: 'HASH' },
                { AttributeName: 'l', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'KEYS_ONLY' },
            },
          ],
          GlobalSecondaryIndexes: [
            {
              IndexName: 'gsi',
              KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }],
              Projection: { ProjectionType: 'ALL' },
            },
          ],
        }),
      );
      await waitUntilTableExists({ client: target.client, maxWaitTime: 30 }, { TableName });
    }
  });

  after(async () => {
    for (const TableName of [indexed, other]) {
      await target.client.send(new DeleteTableCommand({ TableName }));
    }
  });

  test('INDEXES: every index write costs double too, per table', async () => {
    const pk = fresh();
    const big = { S: 'x'.repeat(2500) };
    const first = await transact(
      [
        { Put: { TableName: indexed, Item: { ...ik(pk, '1'), l: { S: 'a' }, g: { S: 'b' } } } },
        { Put: { TableName: indexed, Item: { ...ik(pk, '2'), g: { S: 'b' }, v: big } } },
        { Put: { TableName: other, Item: { ...ik(pk, '1'), l: { S: 'a' } } } },
      ],
      { ReturnConsumedCapacity: 'INDEXES' },
    );
    assert.equal(first.status, 200, first.text);
    // Table: 2 + 6; lsi: the 1 KB entry of item 1; gsi: item 1's entry and item 2's 3 KB entry.
    assert.deepEqual(byTableName(first.body.ConsumedCapacity), [
      {
        TableName: indexed,
        CapacityUnits: 18,
        Table: { CapacityUnits: 8 },
        LocalSecondaryIndexes: { lsi: { CapacityUnits: 2 } },
        GlobalSecondaryIndexes: { gsi: { CapacityUnits: 8 } },
      },
      {
        TableName: other,
        CapacityUnits: 4,
        Table: { CapacityUnits: 2 },
        LocalSecondaryIndexes: { lsi: { CapacityUnits: 2 } },
      },
    ]);
    // Moving the LSI key deletes one entry and puts another; TOTAL sums the indexes in.
    const moved = await transact(
      [
        {
          Update: {
            TableName: indexed,
            Key: ik(pk, '1'),
            UpdateExpression: 'SET l = :l',
            ExpressionAttributeValues: { ':l': { S: 'c' } },
          },
        },
        {
          ConditionCheck: {
            TableName: other,
            Key: ik(pk, '1'),
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
      ],
      { ReturnConsumedCapacity: 'INDEXES' },
    );
    assert.equal(moved.status, 200, moved.text);
    assert.deepEqual(byTableName(moved.body.ConsumedCapacity), [
      {
        TableName: indexed,
        CapacityUnits: 8,
        Table: { CapacityUnits: 2 },
        LocalSecondaryIndexes: { lsi: { CapacityUnits: 4 } },
        GlobalSecondaryIndexes: { gsi: { CapacityUnits: 2 } },
      },
      { TableName: other, CapacityUnits: 2, Table: { CapacityUnits: 2 } },
    ]);
    const deleted = await transact([{ Delete: { TableName: indexed, Key: ik(pk, '1') } }], {
      ReturnConsumedCapacity: 'TOTAL',
    });
    assert.equal(deleted.status, 200, deleted.text);
    assert.deepEqual(deleted.body.ConsumedCapacity, [{ TableName: indexed, CapacityUnits: 6 }]);
  });

  test(
    'ItemCollectionMetrics: per table with LSIs, one entry per write',
    dynamoDbLocalDeviates('never returns ItemCollectionMetrics'),
    async () => {
      const pk = fresh();
      const response = await transact(
        [
          { Put: { TableName: indexed, Item: { ...ik(pk, '1'), l: { S: 'a' } } } },
          { Delete: { TableName: indexed, Key: ik(pk, '2') } },
          {
            Update: {
              TableName: other,
              Key: ik(pk, '1'),
              UpdateExpression: 'SET v = :v',
              ExpressionAttributeValues: { ':v': { S: 'v' } },
            },
          },
          {
            ConditionCheck: {
              TableName: table,
              Key: key(pk),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
        { ReturnItemCollectionMetrics: 'SIZE' },
      );
      assert.equal(response.status, 200, response.text);
      const metrics = { ItemCollectionKey: { pk: { S: pk } }, SizeEstimateRangeGB: [0, 1] };
      assert.deepEqual(response.body.ItemCollectionMetrics, {
        [indexed]: [metrics, metrics],
        [other]: [metrics],
      });
      const none = await transact([{ Put: { TableName: table, Item: key(fresh()) } }], {
        ReturnItemCollectionMetrics: 'SIZE',
      });
      assert.deepEqual(none.body, {});
    },
  );

  test('an Update that empties an index key fails the request with UpdateItem’s message', async () => {
    const pk = fresh();
    const emptying = (attribute: string, extra: Record<string, unknown> = {}) => ({
      Update: {
        TableName: indexed,
        Key: ik(pk, '1'),
        UpdateExpression: `SET ${attribute} = :e`,
        ExpressionAttributeValues: { ':e': { S: '' } },
        ...extra,
      },
    });
    assertValidation(await transact([emptying('l')]), emptyByUpdate);
    assertValidation(await transact([emptying('g')]), emptyByUpdate);
    // Thrown even though an earlier action's condition failed.
    const failing = {
      ConditionCheck: {
        TableName: other,
        Key: ik(pk, '1'),
        ConditionExpression: 'attribute_exists(pk)',
      },
    };
    assertValidation(await transact([failing, emptying('g')]), emptyByUpdate);
    // Its own failed condition comes first.
    assertCanceled(
      await transact([emptying('g', { ConditionExpression: 'attribute_exists(pk)' })]),
      [{ Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }],
    );
    // A Put keeps the PutItem wording, and checks before its condition.
    assertValidation(
      await transact([
        {
          Put: {
            TableName: indexed,
            Item: { ...ik(pk, '1'), g: { S: '' } },
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
      ]),
      'One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: gsi, IndexKey: g',
    );
    assert.equal(
      (
        await target.client.send(
          new GetItemCommand({ TableName: indexed, Key: ik(pk, '1'), ConsistentRead: true }),
        )
      ).Item,
      undefined,
    );
  });

  test('an index key of the wrong type cancels with ValidationError', async () => {
    const pk = fresh();
    const mismatch = {
      Code: 'ValidationError',
      Message: 'One or more parameter values were invalid: Type mismatch for Index Key',
    };
    const number = { N: '1' };
    assertCanceled(
      await transact([
        {
          Update: {
            TableName: indexed,
            Key: ik(pk, '1'),
            UpdateExpression: 'SET g = :n',
            ExpressionAttributeValues: { ':n': number },
          },
        },
        { Put: { TableName: other, Item: ik(pk, '1') } },
      ]),
      [mismatch, { Code: 'None' }],
    );
    // A Put's index keys are checked before its condition, an Update's after it.
    assertCanceled(
      await transact([
        {
          Put: {
            TableName: indexed,
            Item: { ...ik(pk, '1'), l: number },
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
      ]),
      [mismatch],
    );
    assertCanceled(
      await transact([
        {
          Update: {
            TableName: indexed,
            Key: ik(pk, '1'),
            UpdateExpression: 'SET g = :n',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':n': number },
          },
        },
      ]),
      [{ Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }],
    );
  });
});

describe(
  'ClientRequestToken across a restart',
  dynamoDbLocalDeviates('restarts its own server'),
  () => {
    test('tokens survive a restart and are forgotten after 10 minutes', async () => {
      const { startServer } = await import('../../src/index.js');
      const { mkdtemp, rm } = await import('node:fs/promises');
      const { tmpdir } = await import('node:os');
      const { join } = await import('node:path');
      const dataDir = await mkdtemp(join(tmpdir(), 'openddb-token-'));
      let nowMs = Date.UTC(2025, 0, 1);
      const now = () => nowMs;
      const start = () => startServer({ port: 0, dataDir, logLevel: 'error', now });
      const name = uniqueTableName('tok');
      const send = (endpoint: string, op: string, body: unknown) => rawRequest(endpoint, op, body);
      const items = [
        {
          Put: {
            TableName: name,
            Item: { pk: { S: 'a' } },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ];
      const body = { TransactItems: items, ClientRequestToken: 'restart-token' };
      try {
        let server = await start();
        await send(server.endpoint, 'CreateTable', {
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        });
        assert.equal((await send(server.endpoint, 'TransactWriteItems', body)).status, 200);
        await server.close();
        server = await start();
        const retry = await send(server.endpoint, 'TransactWriteItems', body);
        assert.equal(retry.status, 200, retry.text);
        nowMs += 10 * 60 * 1000 + 1;
        await server.drainBackgroundJobs();
        const late = await send(server.endpoint, 'TransactWriteItems', body);
        assert.equal(
          late.body.__type,
          'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
        );
        await server.close();
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  },
);
