// Conditional PutItem / DeleteItem / UpdateItem: ConditionExpression, legacy Expected, the old item on failure.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DeleteTableCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
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
const table = uniqueTableName('cond');

before(async () => {
  target = await startTarget();
  await createKeyedTable(target.client, table, ['pk', 'S']);
});

after(async () => {
  await target.client.send(new DeleteTableCommand({ TableName: table }));
  await target.close();
});

let keyCounter = 0;
/** A fresh key per test, so tests never see each other's items. */
const freshKey = (): string => `k${++keyCounter}-${Math.random().toString(36).slice(2, 8)}`;

const put = (Item: Item, extra = {}) =>
  target.client.send(new PutItemCommand({ TableName: table, Item, ...extra }));
const get = async (pk: string): Promise<Item | undefined> =>
  (
    await target.client.send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true }),
    )
  ).Item;

/** Asserts a ConditionalCheckFailedException and returns it (for its `Item`). */
async function conditionFails(promise: Promise<unknown>): Promise<ConditionalCheckFailedException> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ConditionalCheckFailedException, String(error));
    assert.equal(error.message, 'The conditional request failed');
    return error;
  }
  assert.fail('expected ConditionalCheckFailedException');
}

async function rejectsWith(promise: Promise<unknown>, name: string, message: string) {
  await assert.rejects(promise, (error: Error) => {
    assert.equal(error.name, name);
    assert.equal(error.message, message);
    return true;
  });
}

describe('ConditionExpression on PutItem', () => {
  test('attribute_not_exists lets the first put through and stops the second', async () => {
    const pk = freshKey();
    const condition = { ConditionExpression: 'attribute_not_exists(pk)' };
    await put({ pk: { S: pk }, v: { N: '1' } }, condition);
    const error = await conditionFails(put({ pk: { S: pk }, v: { N: '2' } }, condition));
    assert.equal(error.Item, undefined);
    assert.deepEqual(await get(pk), { pk: { S: pk }, v: { N: '1' } });
  });

  test('a passing condition replaces the item; ReturnValues still applies', async () => {
    const pk = freshKey();
    await put({ pk: { S: pk }, v: { N: '1' } });
    const result = await put(
      { pk: { S: pk }, v: { N: '2' } },
      {
        ConditionExpression: 'v = :one AND attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': { N: '1' } },
        ReturnValues: 'ALL_OLD',
      },
    );
    assert.deepEqual(result.Attributes, { pk: { S: pk }, v: { N: '1' } });
    assert.deepEqual(await get(pk), { pk: { S: pk }, v: { N: '2' } });
  });

  test('ReturnValuesOnConditionCheckFailure ALL_OLD returns the old item', async () => {
    const pk = freshKey();
    const old = { pk: { S: pk }, v: { N: '1' }, m: { M: { l: { L: [{ S: 'x' }] } } } };
    await put(old);
    const error = await conditionFails(
      put(
        { pk: { S: pk } },
        {
          ConditionExpression: '#v > :n',
          ExpressionAttributeNames: { '#v': 'v' },
          ExpressionAttributeValues: { ':n': { N: '5' } },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      ),
    );
    assert.deepEqual(error.Item, old);
  });

  test('NONE returns no item', async () => {
    const pk = freshKey();
    await put({ pk: { S: pk } });
    const error = await conditionFails(
      put(
        { pk: { S: pk } },
        {
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'NONE',
        },
      ),
    );
    assert.equal(error.Item, undefined);
  });

  test('the wire form: type, message and Item beside them', async () => {
    const pk = freshKey();
    await put({ pk: { S: pk }, v: { S: 'x' } });
    const response = await rawRequest(target.endpoint, 'PutItem', {
      TableName: table,
      Item: { pk: { S: pk } },
      ConditionExpression: 'attribute_not_exists(pk)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    assert.equal(response.status, 400);
    const { __type, message, Message, Item } = response.body;
    assert.equal(__type, 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException');
    assert.equal(message ?? Message, 'The conditional request failed');
    assert.deepEqual(Item, { pk: { S: pk }, v: { S: 'x' } });
  });

  test('lib-dynamodb PutCommand with a condition', async () => {
    const pk = freshKey();
    await target.doc.send(new PutCommand({ TableName: table, Item: { pk, n: 1 } }));
    await assert.rejects(
      target.doc.send(
        new PutCommand({
          TableName: table,
          Item: { pk, n: 2 },
          ConditionExpression: 'n = :two',
          ExpressionAttributeValues: { ':two': 2 },
        }),
      ),
      ConditionalCheckFailedException,
    );
  });
});

describe('ConditionExpression on DeleteItem', () => {
  const del = (pk: string, extra = {}) =>
    target.client.send(
      new DeleteItemCommand({ TableName: table, Key: { pk: { S: pk } }, ...extra }),
    );

  test('attribute_exists on a missing item fails, without Item even with ALL_OLD', async () => {
    const error = await conditionFails(
      del(freshKey(), {
        ConditionExpression: 'attribute_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    assert.equal(error.Item, undefined);
  });

  test('a failing condition keeps the item; a passing one deletes it', async () => {
    const pk = freshKey();
    await put({ pk: { S: pk }, tags: { SS: ['a', 'b'] } });
    const error = await conditionFails(
      del(pk, {
        ConditionExpression: 'contains(tags, :c)',
        ExpressionAttributeValues: { ':c': { S: 'c' } },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    assert.deepEqual(error.Item?.pk, { S: pk });
    assert.ok(await get(pk));
    const result = await del(pk, {
      ConditionExpression: 'contains(tags, :a)',
      ExpressionAttributeValues: { ':a': { S: 'a' } },
      ReturnValues: 'ALL_OLD',
    });
    assert.deepEqual(result.Attributes?.pk, { S: pk });
    assert.equal(await get(pk), undefined);
  });

  test('lib-dynamodb DeleteCommand with a condition', async () => {
    const pk = freshKey();
    await target.doc.send(new PutCommand({ TableName: table, Item: { pk, state: 'open' } }));
    await assert.rejects(
      target.doc.send(
        new DeleteCommand({
          TableName: table,
          Key: { pk },
          ConditionExpression: '#s = :closed',
          ExpressionAttributeNames: { '#s': 'state' },
          ExpressionAttributeValues: { ':closed': 'closed' },
        }),
      ),
      ConditionalCheckFailedException,
    );
  });
});

describe('ConditionExpression on UpdateItem', () => {
  test('a failing condition leaves the item unchanged and returns it with ALL_OLD', async () => {
    const pk = freshKey();
    await put({ pk: { S: pk }, v: { N: '1' } });
    const error = await conditionFails(
      target.client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: { S: pk } },
          UpdateExpression: 'SET v = :five',
          ConditionExpression: 'v = :nine',
          ExpressionAttributeValues: { ':five': { N: '5' }, ':nine': { N: '9' } },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
    assert.deepEqual(error.Item, { pk: { S: pk }, v: { N: '1' } });
    assert.deepEqual(await get(pk), { pk: { S: pk }, v: { N: '1' } });
  });

  test('a condition on a missing item sees no attributes', async () => {
    const pk = freshKey();
    await conditionFails(
      target.client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: { S: pk } },
          UpdateExpression: 'SET v = :v',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':v': { N: '5' } },
        }),
      ),
    );
    assert.equal(await get(pk), undefined);
  });
});

describe('legacy Expected', () => {
  test('Exists false, Value equality and ComparisonOperator', async () => {
    const pk = freshKey();
    await put({ pk: { S: pk }, v: { N: '3' } }, { Expected: { pk: { Exists: false } } });
    await conditionFails(put({ pk: { S: pk } }, { Expected: { pk: { Exists: false } } }));
    await conditionFails(put({ pk: { S: pk } }, { Expected: { v: { Value: { N: '4' } } } }));
    await put(
      { pk: { S: pk }, v: { N: '4' } },
      { Expected: { v: { Value: { N: '3' }, Exists: true } } },
    );
    await put(
      { pk: { S: pk }, v: { N: '5' } },
      { Expected: { v: { ComparisonOperator: 'LT', AttributeValueList: [{ N: '10' }] } } },
    );
    assert.deepEqual(await get(pk), { pk: { S: pk }, v: { N: '5' } });
  });

  test('ConditionalOperator OR and AND', async () => {
    const pk = freshKey();
    await put({ pk: { S: pk }, a: { S: 'x' } });
    const expected = {
      a: { Value: { S: 'nope' } },
      b: { Exists: false },
    };
    await put({ pk: { S: pk }, a: { S: 'x' } }, { Expected: expected, ConditionalOperator: 'OR' });
    await conditionFails(
      put({ pk: { S: pk } }, { Expected: expected, ConditionalOperator: 'AND' }),
    );
  });

  test('legacy failures return the old item with ALL_OLD', async () => {
    const pk = freshKey();
    await put({ pk: { S: pk }, a: { S: 'x' } });
    const error = await conditionFails(
      put(
        { pk: { S: pk } },
        { Expected: { a: { Value: { S: 'y' } } }, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' },
      ),
    );
    assert.deepEqual(error.Item, { pk: { S: pk }, a: { S: 'x' } });
  });

  test('Exists true without a Value is refused', async () => {
    await rejectsWith(
      put({ pk: { S: freshKey() } }, { Expected: { a: { Exists: true } } }),
      'ValidationException',
      'One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: a',
    );
  });
});

describe('request errors, in DynamoDB order', () => {
  const pk = 'errors';
  const cases: Array<[string, Record<string, unknown>, string]> = [
    [
      'mixing expression and legacy parameters comes first',
      {
        Item: { pk: { S: pk }, x: { SS: [] } },
        ConditionExpression: 'a = :v',
        Expected: { a: { Exists: false } },
        ExpressionAttributeValues: { ':v': { N: '1' } },
      },
      'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}',
    ],
    [
      'the item before the values map',
      {
        Item: { pk: { S: pk }, x: { SS: [] } },
        ConditionExpression: 'a = :v',
        ExpressionAttributeValues: { ':v': { NS: [] } },
      },
      'One or more parameter values were invalid: An string set  may not be empty',
    ],
    [
      'the item before the legacy condition',
      { Item: { pk: { S: pk }, x: { SS: [] } }, Expected: { a: { Exists: true } } },
      'One or more parameter values were invalid: An string set  may not be empty',
    ],
    [
      'the names map before the values map',
      {
        Item: { pk: { S: pk } },
        ConditionExpression: 'a = :v',
        ExpressionAttributeNames: { x: 'y' },
        ExpressionAttributeValues: { ':v': { NS: [] } },
      },
      'ExpressionAttributeNames contains invalid key: Syntax error; key: "x"',
    ],
    [
      'names: every key before any value',
      {
        Item: { pk: { S: pk } },
        ConditionExpression: 'a = a',
        ExpressionAttributeNames: { '#a': '', b: 'x' },
      },
      'ExpressionAttributeNames contains invalid key: Syntax error; key: "b"',
    ],
    [
      'values: every key before any value',
      {
        Item: { pk: { S: pk } },
        ConditionExpression: 'a = :v',
        ExpressionAttributeValues: { ':v': { NS: [] }, w: { N: '1' } },
      },
      'ExpressionAttributeValues contains invalid key: Syntax error; key: "w"',
    ],
    [
      'an empty condition counts as none beside Expected, and is refused as empty',
      { Item: { pk: { S: pk } }, ConditionExpression: '', Expected: { a: { Exists: false } } },
      'Invalid ConditionExpression: The expression can not be empty;',
    ],
    [
      "the values' keys before the names' values",
      {
        Item: { pk: { S: pk } },
        ConditionExpression: 'a = :v',
        ExpressionAttributeNames: { '#a': '' },
        ExpressionAttributeValues: { ':v': { N: '1' }, 'v w': { N: '1' } },
      },
      'ExpressionAttributeValues contains invalid key: Syntax error; key: "v w"',
    ],
    [
      'a name key over 255 characters, before the syntax of later keys',
      {
        Item: { pk: { S: pk } },
        ConditionExpression: 'a = :v',
        ExpressionAttributeNames: { [`#${'x'.repeat(255)}`]: 'a', b: 'x' },
        ExpressionAttributeValues: { ':v': { N: '1' } },
      },
      'ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too long; size of key: 256',
    ],
    [
      'a value key over 255 characters (no size given)',
      {
        Item: { pk: { S: pk } },
        ConditionExpression: 'a = :v',
        ExpressionAttributeValues: { ':v': { N: 'x' }, [`:${'x'.repeat(255)}`]: { N: '1' } },
      },
      'ExpressionAttributeValues contains invalid key: The expression attribute map contains a key that is too long;',
    ],
    [
      'keys are trimmed before their syntax is checked, not when used',
      {
        Item: { pk: { S: pk } },
        ConditionExpression: '#a = :v',
        ExpressionAttributeNames: { '#a ': 'a' },
        ExpressionAttributeValues: { ':v': { N: '1' } },
      },
      'Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #a',
    ],
    [
      'a trimmed key is unused',
      {
        Item: { pk: { S: pk } },
        ConditionExpression: 'a = :v',
        ExpressionAttributeValues: { ':v': { N: '1' }, '\t:w': { N: '1' } },
      },
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {\t:w}',
    ],
    [
      'an invalid value names its key',
      {
        Item: { pk: { S: pk } },
        ConditionExpression: 'a = :v',
        ExpressionAttributeValues: { ':v': { SS: [] } },
      },
      'ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: An string set  may not be empty for key :v',
    ],
    [
      'a value holding a map over 400 KB, sized as an item',
      {
        Item: { pk: { S: pk } },
        ConditionExpression: 'a = :v',
        ExpressionAttributeValues: { ':v': { L: [{ M: { a: { S: 'x'.repeat(409_600) } } }] } },
      },
      'ExpressionAttributeValues contains invalid value: Item size has exceeded the maximum allowed size for key :v',
    ],
    [
      'an Expected entry sent as null',
      { Item: { pk: { S: pk } }, Expected: { a: null } },
      'One or more parameter values were invalid: ExpectedAttributeValue must not be null for Attribute: a',
    ],
    [
      'a legacy value holding a map over 400 KB',
      {
        Item: { pk: { S: pk } },
        Expected: { a: { Value: { M: { a: { S: 'x'.repeat(409_600) } } } } },
      },
      'Item size has exceeded the maximum allowed size',
    ],
    [
      'an empty values map',
      { Item: { pk: { S: pk } }, ConditionExpression: 'a = a', ExpressionAttributeValues: {} },
      'ExpressionAttributeValues must not be empty',
    ],
    [
      'a syntax error before unused values',
      {
        Item: { pk: { S: pk } },
        ConditionExpression: 'a = = :v',
        ExpressionAttributeValues: { ':v': { N: '1' }, ':u': { N: '1' } },
      },
      'Invalid ConditionExpression: Syntax error; token: "=", near: "= = :v"',
    ],
    [
      'unused values',
      {
        Item: { pk: { S: pk } },
        ConditionExpression: 'a = :v',
        ExpressionAttributeValues: { ':v': { N: '1' }, ':u': { N: '1' } },
      },
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:u}',
    ],
    [
      'an empty condition',
      { Item: { pk: { S: pk } }, ConditionExpression: '' },
      'Invalid ConditionExpression: The expression can not be empty;',
    ],
    [
      'ConditionalOperator without Expected',
      { Item: { pk: { S: pk } }, ConditionalOperator: 'AND' },
      'ConditionalOperator cannot be used without Filter or Expected',
    ],
  ];
  for (const [name, request, message] of cases) {
    test(name, async () => {
      const response = await rawRequest(target.endpoint, 'PutItem', {
        TableName: table,
        ...request,
      });
      assert.equal(response.status, 400);
      assert.equal(response.body.__type, 'com.amazon.coral.validate#ValidationException');
      assert.equal(response.body.message ?? response.body.Message, message);
    });
  }

  test('a string over 400 KB, or a map of 400 KB, may be compared', async () => {
    for (const value of [{ S: 'x'.repeat(409_601) }, { M: { a: { S: 'x'.repeat(409_599) } } }]) {
      await put(
        { pk: { S: pk } },
        { ConditionExpression: 'a <> :v', ExpressionAttributeValues: { ':v': value } },
      );
    }
  });

  test(
    'a missing key attribute (checked against the table) comes after the expressions',
    dynamoDbLocalDeviates('DynamoDB Local looks the table up before validating expressions'),
    async () => {
      await rejectsWith(
        put(
          { other: { S: pk } },
          {
            ConditionExpression: 'a = :v',
            ExpressionAttributeValues: { ':v': { N: '1' }, ':u': { N: '1' } },
          },
        ),
        'ValidationException',
        'Value provided in ExpressionAttributeValues unused in expressions: keys: {:u}',
      );
    },
  );

  test(
    'expression errors come before the table lookup',
    dynamoDbLocalDeviates('DynamoDB Local looks the table up before validating expressions'),
    async () => {
      await rejectsWith(
        put(
          { pk: { S: pk } },
          { TableName: uniqueTableName('missing'), ConditionExpression: 'a = = b' },
        ),
        'ValidationException',
        'Invalid ConditionExpression: Syntax error; token: "=", near: "= = b"',
      );
    },
  );
});
