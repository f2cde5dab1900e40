// UpdateItem through the SDK: every update action, ReturnValues on nested documents, keys, limits, errors.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand,
  DeleteTableCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  waitUntilTableExists,
  type AttributeValue,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { rawRequest } from '../helpers/raw-request.js';
import {
  dynamoDbLocalDeviates,
  startTarget,
  uniqueTableName,
  type TestTarget,
} from '../helpers/server.js';

type Item = Record<string, AttributeValue>;

let target: TestTarget;
const table = uniqueTableName('update');
const rangeTable = uniqueTableName('update-range');

before(async () => {
  target = await startTarget();
  for (const [TableName, sortKey] of [
    [table, false],
    [rangeTable, true],
  ] as const) {
    await target.client.send(
      new CreateTableCommand({
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          ...(sortKey ? [{ AttributeName: 'sk', KeyType: 'RANGE' as const }] : []),
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          ...(sortKey ? [{ AttributeName: 'sk', AttributeType: 'N' as const }] : []),
        ],
      }),
    );
    await waitUntilTableExists({ client: target.client, maxWaitTime: 30 }, { TableName });
  }
});

after(async () => {
  for (const TableName of [table, rangeTable]) {
    await target.client.send(new DeleteTableCommand({ TableName }));
  }
  await target.close();
});

let keyCounter = 0;
const freshKey = (): string => `u${++keyCounter}-${Math.random().toString(36).slice(2, 8)}`;

/** Puts `attributes` under a fresh key and returns the key. */
async function seed(attributes: Item = {}): Promise<string> {
  const pk = freshKey();
  await target.client.send(
    new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, ...attributes } }),
  );
  return pk;
}

async function get(pk: string): Promise<Item | undefined> {
  const result = await target.client.send(
    new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true }),
  );
  return result.Item;
}

function update(
  pk: string,
  UpdateExpression: string | undefined,
  values?: Item,
  extra: Partial<UpdateItemCommandInput> = {},
) {
  return target.client.send(
    new UpdateItemCommand({
      TableName: table,
      Key: { pk: { S: pk } },
      ...(UpdateExpression === undefined ? {} : { UpdateExpression }),
      ...(values === undefined ? {} : { ExpressionAttributeValues: values }),
      ...extra,
    }),
  );
}

async function rejectsWith(promise: Promise<unknown>, name: string, message: string) {
  await assert.rejects(promise, (error: Error) => {
    assert.equal(error.name, name);
    assert.equal(error.message, message);
    return true;
  });
}

/** Sets come back in any order: sort them before comparing. */
function sortedSets(item: Item | undefined): unknown {
  return JSON.parse(
    JSON.stringify(item, (_key, value: unknown) => {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        const record = value as Record<string, unknown>;
        for (const set of ['SS', 'NS']) {
          if (Array.isArray(record[set])) return { [set]: [...(record[set] as string[])].sort() };
        }
      }
      return value;
    }),
  );
}

const N = (n: number | string): AttributeValue => ({ N: String(n) });
const S = (s: string): AttributeValue => ({ S: s });

describe('creating and changing items', () => {
  test('SET on a missing item creates it; ALL_NEW includes the key', async () => {
    const pk = freshKey();
    const result = await update(pk, 'SET a = :a', { ':a': S('x') }, { ReturnValues: 'ALL_NEW' });
    assert.deepEqual(result.Attributes, { pk: S(pk), a: S('x') });
    assert.deepEqual(await get(pk), { pk: S(pk), a: S('x') });
  });

  test('no update at all creates an item holding only the key', async () => {
    const pk = freshKey();
    const result = await update(pk, undefined, undefined, { ReturnValues: 'ALL_NEW' });
    assert.deepEqual(result.Attributes, { pk: S(pk) });
    assert.deepEqual(await get(pk), { pk: S(pk) });
  });

  test('REMOVE and DELETE on a missing item still create it with only the key', async () => {
    const first = freshKey();
    await update(first, 'REMOVE a');
    assert.deepEqual(await get(first), { pk: S(first) });
    const second = freshKey();
    await update(second, 'DELETE s :v', { ':v': { SS: ['a'] } });
    assert.deepEqual(await get(second), { pk: S(second) });
  });

  test('SET: values, arithmetic, if_not_exists, list_append, nested paths', async () => {
    const pk = await seed({ n: N(10), l: { L: [N(1)] }, m: { M: { nest: { M: {} } } } });
    await update(
      pk,
      'SET n = n + :two, d = :ten - n, f = if_not_exists(f, :two), g = if_not_exists(n, :two), ' +
        'l = list_append(:front, l), m.nest.deep = :s, m.#k = :s',
      { ':two': N(2), ':ten': N(10), ':front': { L: [N(0)] }, ':s': S('v') },
      { ExpressionAttributeNames: { '#k': 'dotted.key' } },
    );
    assert.deepEqual(await get(pk), {
      pk: S(pk),
      n: N(12),
      d: N(0),
      f: N(2),
      g: N(10),
      l: { L: [N(0), N(1)] },
      m: { M: { nest: { M: { deep: S('v') } }, 'dotted.key': S('v') } },
    });
  });

  test('an attribute or map key named __proto__ is data', async () => {
    // Raw JSON: the SDK's own deserializer would turn `__proto__` into the prototype.
    const pk = freshKey();
    const response = await rawRequest(target.endpoint, 'UpdateItem', {
      TableName: table,
      Key: { pk: S(pk) },
      UpdateExpression: 'SET #p = :v, m = :m REMOVE absent',
      ExpressionAttributeNames: { '#p': '__proto__' },
      ExpressionAttributeValues: { ':v': S('top'), ':m': { M: { k: S('x') } } },
    });
    assert.equal(response.status, 200);
    const nested = await rawRequest(target.endpoint, 'UpdateItem', {
      TableName: table,
      Key: { pk: S(pk) },
      UpdateExpression: 'SET m.#p = :w ADD n :one',
      ExpressionAttributeNames: { '#p': '__proto__' },
      ExpressionAttributeValues: { ':w': S('nested'), ':one': N(1) },
      ReturnValues: 'ALL_NEW',
    });
    // JSON.parse keeps `__proto__` an own property on both sides.
    const expected: unknown = JSON.parse(
      `{"pk":{"S":"${pk}"},"__proto__":{"S":"top"},` +
        '"m":{"M":{"k":{"S":"x"},"__proto__":{"S":"nested"}}},"n":{"N":"1"}}',
    );
    assert.deepEqual(nested.body.Attributes, expected);
  });

  test('SET of a list element beyond the end appends it', async () => {
    const pk = await seed({ l: { L: [S('a'), S('b')] } });
    await update(pk, 'SET l[10] = :c', { ':c': S('c') });
    assert.deepEqual((await get(pk))?.l, { L: [S('a'), S('b'), S('c')] });
  });

  test('writes to several elements of one list apply in index order', async () => {
    const pk = await seed({ l: { L: [S('a'), S('b')] }, m: { M: { l: { L: [] } } } });
    await update(pk, 'SET l[9] = :nine, l[2] = :two, m.l[3] = :nine, m.l[1] = :two', {
      ':nine': S('nine'),
      ':two': S('two'),
    });
    assert.deepEqual(await get(pk), {
      pk: S(pk),
      l: { L: [S('a'), S('b'), S('two'), S('nine')] },
      m: { M: { l: { L: [S('two'), S('nine')] } } },
    });
    await update(pk, 'ADD l[7] :seven, l[5] :five', { ':seven': N(7), ':five': N(5) });
    assert.deepEqual((await get(pk))?.l, {
      L: [S('a'), S('b'), S('two'), S('nine'), N(5), N(7)],
    });
  });

  test('REMOVE attributes and list elements, shifting the rest', async () => {
    const pk = await seed({
      a: S('x'),
      l: { L: [S('0'), S('1'), S('2'), S('3')] },
      m: { M: { x: N(1), y: N(2) } },
    });
    await update(pk, 'REMOVE a, l[1], l[2], m.x, nothing');
    assert.deepEqual(await get(pk), {
      pk: S(pk),
      l: { L: [S('0'), S('3')] },
      m: { M: { y: N(2) } },
    });
  });

  test('ADD to numbers and sets, creating them when absent', async () => {
    const pk = await seed({ n: N(1), ss: { SS: ['a'] } });
    await update(pk, 'ADD n :five, fresh :five, ss :bc, ns :nums', {
      ':five': N(5),
      ':bc': { SS: ['b', 'c'] },
      ':nums': { NS: ['1', '2'] },
    });
    assert.deepEqual(
      sortedSets(await get(pk)),
      sortedSets({
        pk: S(pk),
        n: N(6),
        fresh: N(5),
        ss: { SS: ['a', 'b', 'c'] },
        ns: { NS: ['1', '2'] },
      }),
    );
  });

  test('DELETE removes set members; an emptied set disappears', async () => {
    const pk = await seed({ a: { SS: ['x', 'y', 'z'] }, b: { NS: ['1'] } });
    await update(pk, 'DELETE a :xz, b :one', {
      ':xz': { SS: ['x', 'z', 'q'] },
      ':one': { NS: ['1'] },
    });
    assert.deepEqual(await get(pk), { pk: S(pk), a: { SS: ['y'] } });
  });

  test('several clauses in one expression', async () => {
    const pk = await seed({ a: N(1), s: { SS: ['x'] }, gone: S('g') });
    await update(pk, 'SET b = :b REMOVE gone ADD a :one DELETE s :x', {
      ':b': S('b'),
      ':one': N(1),
      ':x': { SS: ['x'] },
    });
    assert.deepEqual(await get(pk), { pk: S(pk), a: N(2), b: S('b') });
  });

  test('lib-dynamodb UpdateCommand', async () => {
    const pk = freshKey();
    const result = await target.doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk },
        UpdateExpression: 'SET profile = :p, visits = if_not_exists(visits, :zero) + :one',
        ExpressionAttributeValues: {
          ':p': { name: 'Ada', tags: ['x', 'y'] },
          ':zero': 0,
          ':one': 1,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    assert.deepEqual(result.Attributes, {
      pk,
      profile: { name: 'Ada', tags: ['x', 'y'] },
      visits: 1,
    });
    const again = await target.doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk },
        UpdateExpression: 'SET visits = visits + :one',
        ConditionExpression: 'profile.#n = :ada',
        ExpressionAttributeNames: { '#n': 'name' },
        ExpressionAttributeValues: { ':one': 1, ':ada': 'Ada' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    assert.deepEqual(again.Attributes, { visits: 2 });
  });
});

describe('ReturnValues', () => {
  const document: Item = {
    a: { M: { b: N(1), c: { L: [S('x'), S('y'), { M: { d: N(5), e: S('q') } }] } } },
    t: N(3),
    s: { SS: ['p', 'q'] },
  };
  const setT = (rv: UpdateItemCommandInput['ReturnValues']) => async () => {
    const pk = await seed(document);
    return (await update(pk, 'SET t = :v', { ':v': N(4) }, { ReturnValues: rv })).Attributes;
  };

  test('NONE returns nothing', async () => {
    assert.equal(await setT('NONE')(), undefined);
  });

  test('ALL_OLD and ALL_NEW return whole items', async () => {
    const pk = await seed(document);
    const old = await update(pk, 'SET a.b = :v', { ':v': N(2) }, { ReturnValues: 'ALL_OLD' });
    assert.deepEqual(sortedSets(old.Attributes), sortedSets({ pk: S(pk), ...document }));
    const fresh = await update(pk, 'SET t = :v', { ':v': N(9) }, { ReturnValues: 'ALL_NEW' });
    assert.equal(fresh.Attributes?.t?.N, '9');
    assert.deepEqual(fresh.Attributes?.a?.M?.b, N(2));
    assert.deepEqual(fresh.Attributes?.pk, S(pk));
  });

  test('ALL_OLD of a new item returns nothing', async () => {
    const result = await update(
      freshKey(),
      'SET a = :v',
      { ':v': N(1) },
      { ReturnValues: 'ALL_OLD' },
    );
    assert.equal(result.Attributes, undefined);
  });

  test('UPDATED_OLD / UPDATED_NEW of top-level attributes', async () => {
    assert.deepEqual(await setT('UPDATED_OLD')(), { t: N(3) });
    assert.deepEqual(await setT('UPDATED_NEW')(), { t: N(4) });
  });

  test('UPDATED_OLD of a new item returns nothing; UPDATED_NEW the set attributes', async () => {
    const values = { ':v': N(1) };
    const old = await update(freshKey(), 'SET a = :v', values, { ReturnValues: 'UPDATED_OLD' });
    assert.equal(old.Attributes, undefined);
    const fresh = await update(freshKey(), 'SET a = :v, b = :v', values, {
      ReturnValues: 'UPDATED_NEW',
    });
    assert.deepEqual(fresh.Attributes, { a: N(1), b: N(1) });
  });

  test('ADD returns the number before and after', async () => {
    const pk = await seed(document);
    const old = await update(pk, 'ADD t :two', { ':two': N(2) }, { ReturnValues: 'UPDATED_OLD' });
    assert.deepEqual(old.Attributes, { t: N(3) });
    const fresh = await update(pk, 'ADD t :two', { ':two': N(2) }, { ReturnValues: 'UPDATED_NEW' });
    assert.deepEqual(fresh.Attributes, { t: N(7) });
  });

  test(
    'arithmetic results are stored and returned canonical, without trailing zeros',
    dynamoDbLocalDeviates(
      'DynamoDB Local keeps the scale of the sum (1.5 + 1.50 is 3.00, 5 - 5.0 is 0.0); DynamoDB trims trailing zeros from every number',
    ),
    async () => {
      const pk = await seed({ a: N('1.5'), b: N('5') });
      const result = await update(
        pk,
        'SET a = a + :x, b = b - :y ADD c :z',
        { ':x': N('1.50'), ':y': N('5.0'), ':z': N('0.00') },
        { ReturnValues: 'UPDATED_NEW' },
      );
      assert.deepEqual(result.Attributes, { a: N('3'), b: N('0'), c: N('0') });
      assert.deepEqual(await get(pk), { pk: S(pk), a: N('3'), b: N('0'), c: N('0') });
    },
  );

  test('a removed attribute is in UPDATED_OLD only; an emptied set likewise', async () => {
    const pk = await seed(document);
    const old = await update(pk, 'REMOVE t', undefined, { ReturnValues: 'UPDATED_OLD' });
    assert.deepEqual(old.Attributes, { t: N(3) });
    const fresh = await update(
      pk,
      'DELETE s :all',
      { ':all': { SS: ['p', 'q'] } },
      {
        ReturnValues: 'UPDATED_NEW',
      },
    );
    assert.equal(fresh.Attributes, undefined);
  });

  test('removing attributes that do not exist returns nothing', async () => {
    for (const rv of ['UPDATED_OLD', 'UPDATED_NEW'] as const) {
      const pk = await seed(document);
      const result = await update(pk, 'REMOVE a.z, nothere', undefined, { ReturnValues: rv });
      assert.equal(result.Attributes, undefined);
    }
  });

  test('SET of a new nested attribute: nothing in UPDATED_OLD', async () => {
    const pk = await seed(document);
    const result = await update(
      pk,
      'SET a.z = :v',
      { ':v': N(2) },
      { ReturnValues: 'UPDATED_OLD' },
    );
    assert.equal(result.Attributes, undefined);
  });

  test('SET t = t returns t both ways', async () => {
    for (const rv of ['UPDATED_OLD', 'UPDATED_NEW'] as const) {
      const pk = await seed(document);
      assert.deepEqual(
        (await update(pk, 'SET t = t', undefined, { ReturnValues: rv })).Attributes,
        {
          t: N(3),
        },
      );
    }
  });

  const deviates = dynamoDbLocalDeviates(
    'DynamoDB Local returns whole top-level attributes; DynamoDB projects UPDATED_* onto the updated paths',
  );
  const nested: Array<[string, string, Item | undefined, Item | undefined, Item?]> = [
    ['SET a.b = :v', 'SET a.b = :v', { a: { M: { b: N(1) } } }, { a: { M: { b: N(2) } } }],
    [
      'SET a.c[2].d = :v, t = :v',
      'SET a.c[2].d = :v, t = :v',
      { t: N(3), a: { M: { c: { L: [{ M: { d: N(5) } }] } } } },
      { t: N(2), a: { M: { c: { L: [{ M: { d: N(2) } }] } } } },
    ],
    [
      'SET a.c[2] = :v',
      'SET a.c[2] = :v',
      { a: { M: { c: { L: [{ M: { d: N(5), e: S('q') } }] } } } },
      { a: { M: { c: { L: [N(2)] } } } },
    ],
    ['SET a.z = :v (new nested attribute)', 'SET a.z = :v', undefined, { a: { M: { z: N(2) } } }],
    [
      'two paths into one map merge',
      'SET a.b = :v, a.c[0] = :v',
      { a: { M: { b: N(1), c: { L: [S('x')] } } } },
      { a: { M: { b: N(2), c: { L: [N(2)] } } } },
    ],
  ];
  for (const [name, expression, expectedOld, expectedNew] of nested) {
    test(`nested: ${name}`, deviates, async () => {
      const values = expression.includes(':v') ? { ':v': N(2) } : undefined;
      const oldPk = await seed(document);
      const old = await update(oldPk, expression, values, { ReturnValues: 'UPDATED_OLD' });
      assert.deepEqual(old.Attributes, expectedOld);
      const newPk = await seed(document);
      const fresh = await update(newPk, expression, values, { ReturnValues: 'UPDATED_NEW' });
      assert.deepEqual(fresh.Attributes, expectedNew);
    });
  }

  test('nested REMOVE of a list element', deviates, async () => {
    const pk = await seed(document);
    const old = await update(pk, 'REMOVE a.c[0]', undefined, { ReturnValues: 'UPDATED_OLD' });
    assert.deepEqual(old.Attributes, { a: { M: { c: { L: [S('x')] } } } });
  });
});

describe('errors that depend on the item', () => {
  const one = { ':one': N(1) };

  test('an operand of the wrong type', async () => {
    const pk = await seed({ a: S('str') });
    await rejectsWith(
      update(pk, 'ADD a :one', one),
      'ValidationException',
      'An operand in the update expression has an incorrect data type',
    );
    assert.deepEqual(await get(pk), { pk: S(pk), a: S('str') });
  });

  test('arithmetic and list_append check the first operand before reading the second', async () => {
    const pk = await seed({ a: S('str'), n: N(1) });
    const missing =
      'The provided expression refers to an attribute that does not exist in the item';
    const wrong = 'An operand in the update expression has an incorrect data type';
    for (const [expression, message] of [
      ['SET d = a + nope', wrong],
      ['SET d = nope + a', missing],
      ['SET d = list_append(a, nope)', wrong],
      ['SET d = list_append(n, nope)', wrong],
      ['SET d = list_append(nope, a)', missing],
    ] as const) {
      await rejectsWith(update(pk, expression), 'ValidationException', message);
    }
  });

  test('a nested path into a missing item', async () => {
    const pk = freshKey();
    await rejectsWith(
      update(pk, 'SET a.b = :one', one),
      'ValidationException',
      'The document path provided in the update expression is invalid for update',
    );
    assert.equal(await get(pk), undefined);
  });

  test('a value may nest one level more than an item, but what it stores may not', async () => {
    const nested = (levels: number): AttributeValue =>
      levels === 0 ? S('x') : { M: { a: nested(levels - 1) } };
    const tooDeep = 'Nesting Levels have exceeded supported limits';
    const pk = await seed({ m: nested(31) });
    // 32 maps in a value are checked only once stored: a condition may compare them.
    assert.equal(
      (
        await update(
          pk,
          'SET b = :one',
          { ...one, ':v': nested(32) },
          {
            ConditionExpression: 'attribute_exists(pk) OR m = :v',
          },
        )
      ).$metadata.httpStatusCode,
      200,
    );
    await assert.rejects(
      update(
        pk,
        'SET c = :v',
        { ':v': nested(32) },
        { ConditionExpression: 'attribute_not_exists(pk)' },
      ),
      { name: 'ConditionalCheckFailedException' },
    );
    for (const [expression, value] of [
      ['SET c = :v', nested(32)],
      ['SET c = if_not_exists(c, :v)', nested(32)],
      ['SET m.a.a = :v', nested(30)],
    ] as const) {
      await rejectsWith(update(pk, expression, { ':v': value }), 'ValidationException', tooDeep);
    }
    await rejectsWith(
      update(pk, 'SET c = :v', { ':v': nested(33) }),
      'ValidationException',
      `ExpressionAttributeValues contains invalid value: ${tooDeep}: Attributes in the item have nested levels beyond supported limit for key :v`,
    );
    await update(pk, 'SET m.a.a = :v', { ':v': nested(29) });
    assert.deepEqual(await get(pk), { pk: S(pk), m: nested(31), b: N(1) });
  });

  test('a failing condition wins over an update that cannot apply', async () => {
    const pk = await seed({ a: S('str') });
    for (const expression of ['ADD a :one', 'SET a.b.c = :one']) {
      await assert.rejects(
        update(pk, expression, one, { ConditionExpression: 'attribute_not_exists(pk)' }),
        { name: 'ConditionalCheckFailedException' },
      );
    }
  });
});

describe('capacity', () => {
  test('charged on the larger of the old and new item', async () => {
    const big = 'x'.repeat(300_000);
    const pk = await seed({ a: S(big) });
    const result = await update(pk, 'REMOVE a', undefined, {
      ReturnConsumedCapacity: 'INDEXES',
      ReturnItemCollectionMetrics: 'SIZE',
    });
    const units = result.ConsumedCapacity?.CapacityUnits ?? 0;
    assert.ok(units >= 293 && units <= 294, `units ${units}`);
    assert.equal(result.ConsumedCapacity?.TableName, table);
    assert.equal(result.ConsumedCapacity?.Table?.CapacityUnits, units);
    const small = await update(
      pk,
      'SET q = :v',
      { ':v': N(1) },
      { ReturnConsumedCapacity: 'TOTAL' },
    );
    assert.deepEqual(small.ConsumedCapacity, { TableName: table, CapacityUnits: 1 });
  });

  test('an update that makes the item too large is refused and changes nothing', async () => {
    const big = 'x'.repeat(300_000);
    const pk = await seed({ a: S(big) });
    await rejectsWith(
      update(pk, 'SET b = :v', { ':v': S(big) }),
      'ValidationException',
      'Item size to update has exceeded the maximum allowed size',
    );
    assert.deepEqual(Object.keys((await get(pk)) ?? {}).sort(), ['a', 'pk']);
  });
});

describe("the size of an update's own names and values, checked before the item", () => {
  // DynamoDB Local refuses an UpdateExpression whose SET and ADD target names plus value operands
  // exceed 400 KB before it reads the item: even when the condition fails, or the result is small.
  const TOO_LARGE = 'Item size to update has exceeded the maximum allowed size';
  const x = (length: number) => 'x'.repeat(length);
  const failing = { ConditionExpression: 'attribute_exists(nope)' };
  const conditionFailed = (promise: Promise<unknown>) =>
    rejectsWith(promise, 'ConditionalCheckFailedException', 'The conditional request failed');

  test('a name and its value may take 409,600 bytes, not one more', async () => {
    const pk = freshKey();
    await conditionFailed(update(pk, 'SET a = :v', { ':v': S(x(409_599)) }, failing));
    await rejectsWith(
      update(pk, 'SET a = :v', { ':v': S(x(409_600)) }, failing),
      'ValidationException',
      TOO_LARGE,
    );
    await conditionFailed(
      update(
        pk,
        'SET #n = :v',
        { ':v': S(x(409_596)) },
        { ...failing, ExpressionAttributeNames: { '#n': 'abcd' } },
      ),
    );
  });

  test('every SET and ADD action counts; nested names add up, list indexes count nothing', async () => {
    const pk = freshKey();
    await conditionFailed(update(pk, 'SET a = :v, b = :v', { ':v': S(x(204_799)) }, failing));
    await rejectsWith(
      update(pk, 'SET a = :v, b = :v', { ':v': S(x(204_800)) }, failing),
      'ValidationException',
      TOO_LARGE,
    );
    await conditionFailed(update(pk, 'SET m.x = :v', { ':v': S(x(409_598)) }, failing));
    await rejectsWith(
      update(pk, 'SET m.x = :v', { ':v': S(x(409_599)) }, failing),
      'ValidationException',
      TOO_LARGE,
    );
    await conditionFailed(update(pk, 'SET l[0] = :v', { ':v': S(x(409_599)) }, failing));
    await rejectsWith(
      update(pk, 'SET a = :v ADD abcdefghijkl :n', { ':v': S(x(409_590)), ':n': N(1) }, failing),
      'ValidationException',
      TOO_LARGE,
    );
  });

  test('REMOVE, DELETE and paths read count nothing; each value operand counts', async () => {
    const pk = await seed({ b: S(x(300_000)) });
    const values = { ':v': S(x(409_590)), ':s': { SS: ['y'] } };
    await conditionFailed(
      update(pk, 'SET a = :v REMOVE abcdefghijkl', { ':v': values[':v'] }, failing),
    );
    await conditionFailed(update(pk, 'SET a = :v DELETE abcdefghijkl :s', values, failing));
    await conditionFailed(update(pk, 'SET a = b', undefined, failing));
    // Operands, not the result: two lists of one 204,796-byte string would make 409,598 bytes.
    const list = { L: [S(x(204_796))] };
    await rejectsWith(
      update(pk, 'SET a = list_append(:l, :m)', { ':l': list, ':m': list }, failing),
      'ValidationException',
      TOO_LARGE,
    );
  });

  test('checked without a condition, even when the update would keep the item small', async () => {
    const pk = await seed({ b: S('small') });
    await rejectsWith(
      update(pk, 'SET a = if_not_exists(b, :v)', { ':v': S(x(409_600)) }),
      'ValidationException',
      TOO_LARGE,
    );
    assert.deepEqual(await get(pk), { pk: S(pk), b: S('small') });
  });

  test('checked before the key paths of the condition and the key-attribute check', async () => {
    const pk = freshKey();
    const big = { ':v': S(x(409_600)) };
    await rejectsWith(
      update(pk, 'SET a = :v', { ...big, ':w': S('q') }, { ConditionExpression: 'pk.x = :w' }),
      'ValidationException',
      TOO_LARGE,
    );
    await rejectsWith(update(pk, 'SET pk = :v', big), 'ValidationException', TOO_LARGE);
  });

  test('legacy AttributeUpdates are not checked before the condition', async () => {
    await conditionFailed(
      update(freshKey(), undefined, undefined, {
        AttributeUpdates: { a: { Action: 'PUT', Value: S(x(409_600)) } },
        Expected: { nope: { Value: S('x') } },
      }),
    );
  });
});

describe('key attributes', () => {
  const rangeUpdate = (expression: Partial<UpdateItemCommandInput>) =>
    target.client.send(
      new UpdateItemCommand({
        TableName: rangeTable,
        Key: { pk: S('k'), sk: N(1) },
        ...expression,
      }),
    );
  const keyError = (name: string) =>
    `One or more parameter values were invalid: Cannot update attribute ${name}. This attribute is part of the key`;

  const cases: Array<[string, Partial<UpdateItemCommandInput>, string]> = [
    [
      'SET pk',
      { UpdateExpression: 'SET pk = :v', ExpressionAttributeValues: { ':v': S('x') } },
      'pk',
    ],
    [
      'SET pk.x (nested)',
      { UpdateExpression: 'SET pk.x = :v', ExpressionAttributeValues: { ':v': S('x') } },
      'pk',
    ],
    ['REMOVE pk', { UpdateExpression: 'REMOVE pk' }, 'pk'],
    ['ADD sk', { UpdateExpression: 'ADD sk :v', ExpressionAttributeValues: { ':v': N(1) } }, 'sk'],
    [
      'SET #k via a name',
      {
        UpdateExpression: 'SET #k = :v',
        ExpressionAttributeNames: { '#k': 'sk' },
        ExpressionAttributeValues: { ':v': N(2) },
      },
      'sk',
    ],
    ['legacy PUT', { AttributeUpdates: { sk: { Action: 'PUT', Value: N(1) } } }, 'sk'],
    ['legacy DELETE', { AttributeUpdates: { pk: { Action: 'DELETE' } } }, 'pk'],
  ];
  for (const [name, expression, attribute] of cases) {
    test(`${name} is refused`, async () => {
      await rejectsWith(rangeUpdate(expression), 'ValidationException', keyError(attribute));
    });
  }

  test('a failing condition is reported before the key update', async () => {
    for (const request of [
      {
        UpdateExpression: 'SET pk = :v',
        ConditionExpression: 'attribute_exists(nope)',
        ExpressionAttributeValues: { ':v': S('x') },
      },
      {
        AttributeUpdates: { pk: { Action: 'PUT' as const, Value: S('x') } },
        Expected: { nope: { Exists: true, Value: S('q') } },
      },
    ]) {
      await rejectsWith(
        rangeUpdate(request),
        'ConditionalCheckFailedException',
        'The conditional request failed',
      );
    }
  });

  test(
    'a key that does not match the schema is reported before the key update',
    dynamoDbLocalDeviates('DynamoDB Local words it "Type mismatch for key"'),
    async () => {
      await rejectsWith(
        target.client.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { pk: N(1) },
            UpdateExpression: 'SET pk = :v',
            ExpressionAttributeValues: { ':v': S('1') },
          }),
        ),
        'ValidationException',
        'The provided key element does not match the schema',
      );
    },
  );
});

describe('legacy AttributeUpdates', () => {
  test('PUT, ADD, DELETE of attributes and set members', async () => {
    const pk = await seed({ n: N(1), s: { SS: ['a', 'b'] }, gone: S('x'), l: { L: [N(1)] } });
    const result = await target.client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: S(pk) },
        AttributeUpdates: {
          put: { Action: 'PUT', Value: S('p') },
          n: { Action: 'ADD', Value: N(2) },
          fresh: { Action: 'ADD', Value: { NS: ['7'] } },
          s: { Action: 'DELETE', Value: { SS: ['a'] } },
          gone: { Action: 'DELETE' },
          l: { Action: 'ADD', Value: { L: [N(2)] } },
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const expected = {
      put: S('p'),
      n: N(3),
      fresh: { NS: ['7'] },
      s: { SS: ['b'] },
      l: { L: [N(1), N(2)] },
    };
    assert.deepEqual(sortedSets(result.Attributes), sortedSets(expected));
    assert.deepEqual(sortedSets(await get(pk)), sortedSets({ pk: S(pk), ...expected }));
  });

  test('an empty AttributeUpdates or Expected map counts as absent beside expressions', async () => {
    const pk = await seed({ v: N(1) });
    const result = await target.client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: S(pk) },
        AttributeUpdates: {},
        Expected: {},
        UpdateExpression: 'SET v = :v',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':v': N(2) },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    assert.deepEqual(result.Attributes, { v: N(2) });
    await target.client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: S(pk) },
        AttributeUpdates: { v: { Action: 'PUT', Value: N(3) } },
        ExpressionAttributeNames: {},
        ExpressionAttributeValues: {},
      }),
    );
    assert.deepEqual(await get(pk), { pk: S(pk), v: N(3) });
  });

  test('an empty attribute name is refused before the entry is checked', async () => {
    const pk = await seed({ v: N(1) });
    for (const AttributeUpdates of [
      { '': { Action: 'PUT' as const, Value: S('x') } },
      { '': { Action: 'PUT' as const } },
    ]) {
      await rejectsWith(
        target.client.send(
          new UpdateItemCommand({ TableName: table, Key: { pk: S(pk) }, AttributeUpdates }),
        ),
        'ValidationException',
        'Empty attribute name',
      );
    }
    await rejectsWith(
      update(pk, 'SET v = :v', { ':v': { M: { '': S('x') } } }),
      'ValidationException',
      'ExpressionAttributeValues contains invalid value: Empty attribute name for key :v',
    );
    assert.deepEqual(await get(pk), { pk: S(pk), v: N(1) });
  });

  test(
    'PUT is the default action',
    dynamoDbLocalDeviates('DynamoDB Local ignores an AttributeUpdates entry without Action'),
    async () => {
      const pk = await seed({ v: N(1) });
      await target.client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: S(pk) },
          AttributeUpdates: { v: { Value: N(2) }, w: { Value: S('w') } },
        }),
      );
      assert.deepEqual(await get(pk), { pk: S(pk), v: N(2), w: S('w') });
    },
  );

  test('with Expected: a failing check changes nothing', async () => {
    const pk = await seed({ v: N(1) });
    await assert.rejects(
      target.client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: S(pk) },
          AttributeUpdates: { v: { Value: N(2) } },
          Expected: { v: { Value: N(5) } },
        }),
      ),
      { name: 'ConditionalCheckFailedException' },
    );
    assert.deepEqual(await get(pk), { pk: S(pk), v: N(1) });
  });

  test(
    'an update that makes the item too large is refused',
    dynamoDbLocalDeviates('DynamoDB Local does not check the size after AttributeUpdates'),
    async () => {
      const big = 'x'.repeat(300_000);
      const pk = await seed({ a: S(big) });
      await rejectsWith(
        target.client.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { pk: S(pk) },
            AttributeUpdates: { b: { Value: S(big) } },
          }),
        ),
        'ValidationException',
        'Item size to update has exceeded the maximum allowed size',
      );
    },
  );

  test(
    'an update that nests an attribute too deep is refused',
    dynamoDbLocalDeviates('DynamoDB Local does not check the nesting after AttributeUpdates'),
    async () => {
      let value: AttributeValue = S('x');
      for (let i = 0; i < 32; i++) value = { L: [value] };
      const pk = await seed();
      await rejectsWith(
        target.client.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { pk: S(pk) },
            AttributeUpdates: { b: { Value: value } },
          }),
        ),
        'ValidationException',
        'Nesting Levels have exceeded supported limits',
      );
      assert.deepEqual(await get(pk), { pk: S(pk) });
    },
  );

  test(
    'an entry sent as null is an empty one',
    dynamoDbLocalDeviates('answers 500 InternalFailure'),
    async () => {
      const response = await rawRequest(target.endpoint, 'UpdateItem', {
        TableName: table,
        Key: { pk: S(freshKey()) },
        AttributeUpdates: { a: null },
      });
      assert.equal(response.status, 400);
      assert.equal(
        response.body.message,
        'One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified',
      );
    },
  );
});

describe('request errors, in DynamoDB order', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    [
      'mixing lists every parameter on both sides',
      {
        UpdateExpression: 'SET a = :v',
        AttributeUpdates: { b: { Action: 'DELETE' } },
        ConditionExpression: 'a = :v',
        Expected: { a: { Exists: false } },
        ExpressionAttributeValues: { ':v': N(1) },
      },
      'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributeUpdates, Expected} Expression parameters: {UpdateExpression, ConditionExpression}',
    ],
    [
      'ConditionalOperator with an UpdateExpression',
      {
        UpdateExpression: 'SET a = :v',
        ConditionalOperator: 'AND',
        ExpressionAttributeValues: { ':v': N(1) },
      },
      'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {ConditionalOperator} Expression parameters: {UpdateExpression}',
    ],
    [
      'values without an expression',
      { AttributeUpdates: { b: { Action: 'DELETE' } }, ExpressionAttributeValues: { ':v': N(1) } },
      'ExpressionAttributeValues can only be specified when using expressions: UpdateExpression and ConditionExpression are null',
    ],
    [
      'names without an expression',
      { ExpressionAttributeNames: { '#v': 'x' } },
      'ExpressionAttributeNames can only be specified when using expressions',
    ],
    [
      'the key before the values map',
      {
        Key: { pk: { SS: [] } },
        UpdateExpression: 'SET a = :v',
        ExpressionAttributeValues: { ':v': { NS: [] } },
      },
      'One or more parameter values were invalid: An string set  may not be empty',
    ],
    [
      'the values map before the expressions',
      { UpdateExpression: 'SET a = = :v', ExpressionAttributeValues: { ':v': { NS: [] } } },
      'ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: An number set  may not be empty for key :v',
    ],
    [
      'the update expression before the condition',
      {
        UpdateExpression: 'SET a = = :v',
        ConditionExpression: 'a = = :v',
        ExpressionAttributeValues: { ':v': N(1) },
      },
      'Invalid UpdateExpression: Syntax error; token: "=", near: "= = :v"',
    ],
    [
      "the update's undefined value before the condition's syntax",
      {
        UpdateExpression: 'SET a = :x',
        ConditionExpression: 'a = = :v',
        ExpressionAttributeValues: { ':v': N(1) },
      },
      'Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :x',
    ],
    [
      "the condition's undefined value before the key update",
      {
        UpdateExpression: 'SET pk = :v',
        ConditionExpression: 'a = :x',
        ExpressionAttributeValues: { ':v': S('1') },
      },
      'Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :x',
    ],
    [
      'unused values before the key update',
      { UpdateExpression: 'SET pk = :v', ExpressionAttributeValues: { ':v': S('1'), ':u': N(1) } },
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:u}',
    ],
    [
      'an update expression over 4096 characters (no size stated)',
      {
        UpdateExpression: `SET ${'x'.repeat(4090)} = :v`,
        ExpressionAttributeValues: { ':v': N(1) },
      },
      'Invalid UpdateExpression: Expression size has exceeded the maximum allowed size;',
    ],
    [
      'an empty update expression',
      { UpdateExpression: '' },
      'Invalid UpdateExpression: The expression can not be empty;',
    ],
    [
      'Expected before AttributeUpdates',
      { AttributeUpdates: { a: { Action: 'ADD' } }, Expected: { a: { Exists: true } } },
      'One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: a',
    ],
    [
      'an AttributeUpdates value-less ADD',
      { AttributeUpdates: { a: { Action: 'ADD' } } },
      'One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified',
    ],
  ];
  for (const [name, request, message] of cases) {
    test(name, async () => {
      const response = await rawRequest(target.endpoint, 'UpdateItem', {
        TableName: table,
        Key: { pk: S('errors') },
        ...request,
      });
      assert.equal(response.status, 400);
      assert.equal(response.body.__type, 'com.amazon.coral.validate#ValidationException');
      assert.equal(response.body.message ?? response.body.Message, message);
    });
  }

  test(
    'request errors come before the table lookup',
    dynamoDbLocalDeviates('DynamoDB Local looks the table up before validating expressions'),
    async () => {
      await rejectsWith(
        target.client.send(
          new UpdateItemCommand({
            TableName: uniqueTableName('missing'),
            Key: { pk: S('x') },
            UpdateExpression: 'SET a = :v',
            ExpressionAttributeValues: { ':v': N(1), ':u': N(1) },
          }),
        ),
        'ValidationException',
        'Value provided in ExpressionAttributeValues unused in expressions: keys: {:u}',
      );
    },
  );

  test('a missing table after a valid request', async () => {
    await assert.rejects(
      update(freshKey(), 'SET a = :v', { ':v': N(1) }, { TableName: uniqueTableName('missing') }),
      { name: 'ResourceNotFoundException' },
    );
  });
});

describe('parentheses in SET values', () => {
  // DynamoDB Local 3.3: an operand may be parenthesized on either side of + or -, and a whole
  // value may be; a parenthesized sum cannot take another operator, and (( )) is redundant.
  const accepted: Array<[string, string]> = [
    ['SET a = :v + (:w)', '3'],
    ['SET a = (:v) + :w', '3'],
    ['SET a = (:v) - (:w)', '-1'],
    ['SET a = (:v + :w)', '3'],
    ['SET a = ((:v) + :w)', '3'],
    ['SET a = :v + (if_not_exists(b, :w))', '3'],
  ];
  for (const [expression, result] of accepted) {
    test(`${expression} is evaluated`, async () => {
      const pk = await seed();
      await update(pk, expression, { ':v': N(1), ':w': N(2) });
      assert.deepEqual((await get(pk))?.a, N(result));
    });
  }

  test('a parenthesized function argument is evaluated', async () => {
    const pk = await seed();
    await update(pk, 'SET a = list_append((:l), :l)', { ':l': { L: [N(1)] } });
    assert.deepEqual((await get(pk))?.a, { L: [N(1), N(1)] });
  });

  const refused: Array<[string, string]> = [
    ['SET a = ((:v))', 'The expression has redundant parentheses;'],
    ['SET a = :v + ((:w))', 'The expression has redundant parentheses;'],
    ['SET a = (:v + :w) + :w', 'Syntax error; token: "+", near: ") + :w"'],
    ['SET a = :w + (:v + :w)', 'Syntax error; token: "+", near: ":v + :w"'],
    ['SET a = ((:v)), b =', 'The expression has redundant parentheses;'],
    ['SET a = :v + ()', 'Syntax error; token: ")", near: "()"'],
    ['SET a = :v + (:w', 'Syntax error; token: "<EOF>", near: ":w"'],
  ];
  for (const [expression, reason] of refused) {
    test(`${expression} is refused`, async () => {
      await rejectsWith(
        update(freshKey(), expression, { ':v': N(1), ':w': N(2) }),
        'ValidationException',
        `Invalid UpdateExpression: ${reason}`,
      );
    });
  }
});

describe('several problems in one UpdateExpression, in DynamoDB order', () => {
  // DynamoDB Local 3.3 takes the actions last to first: every target path (names, nesting,
  // overlaps) before any value; the overlap message's second path is the last one (Java HashMap
  // order) below where the clash shows.
  const overlap = (one: string, two: string) =>
    `Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${one}, path two: ${two}`;
  const cases: Array<[string, string]> = [
    ['SET x = :v, a.b = :v, y = :v, a = :v', overlap('[a, b]', '[y]')],
    ['SET q = :v, q = :v, y = :v, a.z = :v', overlap('[q]', '[y]')],
    ['SET a = :v, a.b = :v, a.c = :v', overlap('[a]', '[a, c]')],
    ['SET a.b = :v, a.c = :v, a.b.z = :v', overlap('[a, b]', '[a, c]')],
    ['SET a.b = :v, x.y = :v, a.b = :v', overlap('[a, b]', '[a, b]')],
    ['SET l[16] = :v, l[16] = :v, l[1] = :v', overlap('[l, [16]]', '[l, [1]]')],
    ['REMOVE c, a, b, a', overlap('[a]', '[b]')],
    ['SET a = :v REMOVE b, a', overlap('[a]', '[b]')],
    [
      'SET a[0] = :v, a.b = :v, z = :v',
      'Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, [0]], path two: [a, b]',
    ],
    ['SET a = :zz, a = :v', overlap('[a]', '[a]')],
    ['SET #zz = :v, a = :v, a = :v', overlap('[a]', '[a]')],
    [
      'SET a = :v, a = :v, #zz = :v',
      'Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #zz',
    ],
    [
      'SET #zz = :v, #yy = :v',
      'Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #yy',
    ],
    [
      'SET a = :zz, b = :yy',
      'Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :yy',
    ],
    [
      'SET a = :zz, #yy = :v',
      'Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #yy',
    ],
    [
      'SET a = :zz + #yy',
      'Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :zz',
    ],
    // Each value is checked as soon as it resolves, last action first.
    [
      'SET a = :s + :v ADD b :l',
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: LIST, typeSet: ALLOWED_FOR_ADD_OPERAND',
    ],
    [
      'ADD b :l SET a = :s + :v',
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S',
    ],
    [
      'SET b = :zz, a = :s + :v',
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S',
    ],
    [
      'SET c = :zz, a = if_not_exists(:v, b)',
      'Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists',
    ],
    // A section used again is reported after that section's own static checks.
    [
      'SET a = :v SET b = size(:v)',
      'Invalid UpdateExpression: The function is not allowed in an update expression; function: size',
    ],
    [
      'SET a = :v SET b = :v REMOVE name',
      'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;',
    ],
    [
      'SET a = ((:v)) SET name = :v',
      'Invalid UpdateExpression: The expression has redundant parentheses;',
    ],
    [
      `SET c = :v, c = :v, a${'.b'.repeat(32)} = :v`,
      'Invalid UpdateExpression: The document path has too many nesting levels; nesting levels: 33',
    ],
    [`SET a${'.b'.repeat(32)} = :v, c = :v, c = :v`, overlap('[c]', '[c]')],
  ];
  for (const [expression, message] of cases) {
    test(expression.slice(0, 60), async () => {
      const values = { ':v': N(1), ':s': S('x'), ':l': { L: [] } };
      const used = Object.entries(values).filter(([name]) =>
        new RegExp(`${name}\\b`).test(expression),
      );
      await rejectsWith(
        update(freshKey(), expression, used.length > 0 ? Object.fromEntries(used) : undefined),
        'ValidationException',
        message,
      );
    });
  }

  test('of several key attributes written, the partition key is named', async () => {
    for (const expression of ['SET a = :v, sk = :v, pk = :v', 'REMOVE sk SET pk = :v']) {
      await rejectsWith(
        target.client.send(
          new UpdateItemCommand({
            TableName: rangeTable,
            Key: { pk: S('k'), sk: N(1) },
            UpdateExpression: expression,
            ExpressionAttributeValues: { ':v': S('x') },
          }),
        ),
        'ValidationException',
        'One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key',
      );
    }
  });
});
