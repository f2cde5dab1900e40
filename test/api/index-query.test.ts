// Query and Scan with IndexName: key conditions on index keys, pagination, Select rules, LSI fetches,
// and the rule that no read may look inside an index key attribute.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BatchGetItemCommand,
  CreateTableCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type UpdateItemCommandInput,
  QueryCommand,
  ScanCommand,
  type AttributeValue,
  type QueryCommandInput,
  type ScanCommandInput,
} from '@aws-sdk/client-dynamodb';
import { startTarget, uniqueTableName, type TestTarget } from '../helpers/server.js';

let target: TestTarget;
let table: string;
const S = (s: string): AttributeValue => ({ S: s });
const N = (n: number): AttributeValue => ({ N: String(n) });

before(async () => {
  target = await startTarget();
  table = uniqueTableName('idxq');
  await target.client.send(
    new CreateTableCommand({
      TableName: table,
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
  for (let i = 0; i < 5; i++) {
    await target.client.send(
      new PutItemCommand({
        TableName: table,
        Item: {
          pk: S('q'),
          sk: S(`s${i}`),
          gpk: S('G'),
          gsk: N(i * 10 - 15),
          lsk: N(10 - i),
          a: S(`A${i}`),
          b: S(`B${i}`),
        },
      }),
    );
  }
});
after(() => target.close());

async function query(input: Partial<QueryCommandInput>) {
  return target.client.send(new QueryCommand({ TableName: table, ...input }));
}

const onG = {
  IndexName: 'gsi',
  KeyConditionExpression: 'gpk = :p',
  ExpressionAttributeValues: { ':p': S('G') },
};
const onL = {
  IndexName: 'lsi',
  KeyConditionExpression: 'pk = :p',
  ExpressionAttributeValues: { ':p': S('q') },
};

async function rejects(promise: Promise<unknown>, message: string | RegExp): Promise<void> {
  await assert.rejects(promise, (error: Error) => {
    assert.equal(error.name, 'ValidationException');
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  });
}

describe('Query on an index', () => {
  it('pages a GSI both ways; LastEvaluatedKey carries index and table keys', async () => {
    for (const forward of [true, false]) {
      const seen: string[] = [];
      let start: Record<string, AttributeValue> | undefined;
      do {
        const page = await query({
          ...onG,
          Limit: 2,
          ScanIndexForward: forward,
          ExclusiveStartKey: start,
        });
        seen.push(...(page.Items ?? []).map((item) => item.gsk!.N!));
        start = page.LastEvaluatedKey;
        if (start !== undefined)
          assert.deepEqual(Object.keys(start).sort(), ['gpk', 'gsk', 'pk', 'sk']);
      } while (start !== undefined);
      const expected = ['-15', '-5', '5', '15', '25'];
      assert.deepEqual(seen, forward ? expected : expected.reverse());
    }
  });

  it('narrows by index sort-key conditions', async () => {
    const gsks = async (condition: string, values: Record<string, AttributeValue>) =>
      (
        await query({
          IndexName: 'gsi',
          KeyConditionExpression: `gpk = :p AND ${condition}`,
          ExpressionAttributeValues: { ':p': S('G'), ...values },
        })
      ).Items!.map((item) => Number(item.gsk!.N));
    assert.deepEqual(await gsks('gsk < :v', { ':v': N(5) }), [-15, -5]);
    assert.deepEqual(await gsks('gsk <= :v', { ':v': N(5) }), [-15, -5, 5]);
    assert.deepEqual(await gsks('gsk > :v', { ':v': N(5) }), [15, 25]);
    assert.deepEqual(await gsks('gsk >= :v', { ':v': N(5) }), [5, 15, 25]);
    assert.deepEqual(await gsks('gsk = :v', { ':v': N(-5) }), [-5]);
    assert.deepEqual(
      await gsks('gsk BETWEEN :l AND :h', { ':l': N(-5), ':h': N(15) }),
      [-5, 5, 15],
    );
  });

  it('returns the projected attributes by default, and counts the index read', async () => {
    const out = await query({ ...onL, Limit: 2, ReturnConsumedCapacity: 'INDEXES' });
    assert.deepEqual(out.Items, [
      { pk: S('q'), sk: S('s4'), lsk: N(6) },
      { pk: S('q'), sk: S('s3'), lsk: N(7) },
    ]);
    assert.deepEqual(out.LastEvaluatedKey, { pk: S('q'), sk: S('s3'), lsk: N(7) });
    assert.deepEqual(out.ConsumedCapacity, {
      TableName: table,
      CapacityUnits: 0.5,
      Table: { CapacityUnits: 0 },
      LocalSecondaryIndexes: { lsi: { CapacityUnits: 0.5 } },
    });
  });

  it('fetches unprojected attributes of an LSI from the table, and charges the table', async () => {
    const all = await query({
      ...onL,
      Limit: 2,
      Select: 'ALL_ATTRIBUTES',
      ReturnConsumedCapacity: 'INDEXES',
    });
    assert.deepEqual(all.Items?.[0], {
      pk: S('q'),
      sk: S('s4'),
      gpk: S('G'),
      gsk: N(25),
      lsk: N(6),
      a: S('A4'),
      b: S('B4'),
    });
    assert.deepEqual(all.ConsumedCapacity, {
      TableName: table,
      CapacityUnits: 1.5,
      Table: { CapacityUnits: 1 },
      LocalSecondaryIndexes: { lsi: { CapacityUnits: 0.5 } },
    });
    const projected = await query({ ...onL, Limit: 2, ProjectionExpression: 'b' });
    assert.deepEqual(projected.Items, [{ b: S('B4') }, { b: S('B3') }]);
    const consistent = await query({ ...onL, Select: 'ALL_ATTRIBUTES', ConsistentRead: true });
    assert.equal(consistent.Count, 5);
  });

  it('refuses a Query filter on attributes an LSI does not project (unlike a projection)', async () => {
    await rejects(
      query({
        ...onL,
        FilterExpression: 'b = :b',
        ExpressionAttributeValues: { ':p': S('q'), ':b': S('B1') },
      }),
      'One or more parameter values were invalid: Secondary index lsi does not project one or more filter attributes: [b]',
    );
  });

  it('rejects what a GSI cannot answer, with DynamoDB messages', async () => {
    await rejects(
      query({ ...onG, ConsistentRead: true }),
      'Consistent reads are not supported on global secondary indexes',
    );
    // After the key condition's names, values and operators; before its key schema.
    await rejects(
      query({ ...onG, ConsistentRead: true, KeyConditionExpression: 'gpk = :p OR gpk = :p' }),
      'Invalid operator used in KeyConditionExpression: OR',
    );
    await rejects(
      query({ ...onG, ConsistentRead: true, ExpressionAttributeNames: { '#u': 'u' } }),
      'Value provided in ExpressionAttributeNames unused in expressions: keys: {#u}',
    );
    await rejects(
      query({ ...onG, ConsistentRead: true, KeyConditionExpression: 'pk = :p' }),
      'Consistent reads are not supported on global secondary indexes',
    );
    await rejects(
      query({ ...onG, Select: 'ALL_ATTRIBUTES' }),
      'One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index gsi because its projection type is not ALL',
    );
    await rejects(
      query({ ...onG, ProjectionExpression: 'b' }),
      'One or more parameter values were invalid: Global secondary index gsi does not project [b]',
    );
    await rejects(
      query({ ...onG, FilterExpression: 'b = :p' }),
      'One or more parameter values were invalid: Secondary index gsi does not project one or more filter attributes: [b]',
    );
    // Several names: sorted, then (projections only) in a java.util.HashSet's order.
    await rejects(
      query({ ...onG, ProjectionExpression: 'zz, c.d, q, b[0], a' }),
      'One or more parameter values were invalid: Global secondary index gsi does not project [zz, q, b, c]',
    );
    await rejects(
      query({ ...onG, FilterExpression: 'zz = :p AND c.d = :p AND q = :p AND b[0] = :p' }),
      'One or more parameter values were invalid: Secondary index gsi does not project one or more filter attributes: [b, c, q, zz]',
    );
    await rejects(
      query({
        ...onG,
        FilterExpression: 'gsk = :n',
        ExpressionAttributeValues: { ':p': S('G'), ':n': N(1) },
      }),
      'Filter Expression can only contain non-primary key attributes: Primary key attribute: gsk',
    );
    await rejects(
      query({ ...onG, KeyConditionExpression: 'pk = :p' }),
      // DynamoDB Local omits the element's name on indexes; our key-condition compiler names it.
      /^Query condition missed key schema element(: gpk)?$/,
    );
    await rejects(
      query({ ...onG, ExpressionAttributeValues: { ':p': N(1) } }),
      'One or more parameter values were invalid: Condition parameter type does not match schema type',
    );
    // An empty key value names the index, whichever key attribute it is (an LSI's table key too).
    const empty = (indexName: string, key: string) =>
      `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: ${indexName}, IndexKey: ${key}`;
    await rejects(
      query({ ...onG, ExpressionAttributeValues: { ':p': S('') } }),
      empty('gsi', 'gpk'),
    );
    await rejects(
      query({ ...onL, ExpressionAttributeValues: { ':p': S('') } }),
      empty('lsi', 'pk'),
    );
    await rejects(
      query({ ...onG, IndexName: 'nope' }),
      'The table does not have the specified index: nope',
    );
    await rejects(
      query({
        ...onG,
        IndexName: 'gall',
        Select: 'ALL_PROJECTED_ATTRIBUTES',
        ProjectionExpression: 'b',
      }),
      'Cannot specify the ProjectionExpression when choosing to get ALL_PROJECTED_ATTRIBUTES',
    );
    // Select comes before the index projection, the index projection after the key condition
    // (DynamoDB Local 3.3).
    await rejects(
      query({ ...onG, Select: 'ALL_PROJECTED_ATTRIBUTES', ProjectionExpression: 'b' }),
      'Cannot specify the ProjectionExpression when choosing to get ALL_PROJECTED_ATTRIBUTES',
    );
    await rejects(
      query({ ...onG, ProjectionExpression: 'b', ExpressionAttributeValues: { ':p': N(1) } }),
      'One or more parameter values were invalid: Condition parameter type does not match schema type',
    );
    const all = await query({
      IndexName: 'gall',
      KeyConditionExpression: 'gpk = :p',
      ExpressionAttributeValues: { ':p': S('G') },
      Select: 'ALL_ATTRIBUTES',
    });
    assert.equal(all.Count, 5);
  });

  it('checks an index ExclusiveStartKey', async () => {
    await rejects(
      query({ ...onG, ExclusiveStartKey: { gpk: S('G'), gsk: N(5) } }),
      'The provided starting key is invalid',
    );
    await rejects(
      query({ ...onG, ExclusiveStartKey: { gpk: S('H'), gsk: N(5), pk: S('q'), sk: S('s2') } }),
      'The provided starting key does not match the range key predicate',
    );
    // DynamoDB Local's checks: an empty key, then the size (worded differently for an LSI), then
    // attributes and types (table keys first), then empty values (index keys last).
    const full = { gpk: S('G'), gsk: N(5), pk: S('q'), sk: S('s2') };
    await rejects(query({ ...onG, ExclusiveStartKey: {} }), 'The provided starting key is invalid');
    await rejects(
      query({ ...onL, ExclusiveStartKey: { pk: S('q'), sk: S('s2') } }),
      "Exclusive Start Key must have same size as table's key schema",
    );
    await rejects(
      query({ ...onG, ExclusiveStartKey: { ...full, gsk: S('5') } }),
      'Type mismatch for attribute to update',
    );
    await rejects(
      query({ ...onL, ExclusiveStartKey: { pk: S('q'), sk: N(2), lsk: S('1') } }),
      'Type mismatch for attribute to update',
    );
    await rejects(
      query({ ...onG, ExclusiveStartKey: { ...full, gpk: S('') } }),
      'The query can return at most one row and cannot be restarted. The provided starting key is invalid: One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: gsi, IndexKey: gpk',
    );
    await rejects(
      query({ ...onG, ExclusiveStartKey: { ...full, gpk: S(''), sk: S('') } }),
      'The provided starting key is invalid: One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: sk',
    );
    const rest = await query({
      ...onG,
      ExclusiveStartKey: { gpk: S('G'), gsk: N(5), pk: S('q'), sk: S('s2') },
    });
    assert.deepEqual(
      rest.Items!.map((item) => item.sk!.S),
      ['s3', 's4'],
    );
  });
});

describe('Scan on an index', () => {
  it('reads every entry, in pages and in parallel segments', async () => {
    const whole = await target.client.send(
      new ScanCommand({ TableName: table, IndexName: 'gsi', ReturnConsumedCapacity: 'INDEXES' }),
    );
    assert.equal(whole.Count, 5);
    assert.deepEqual(whole.ConsumedCapacity?.GlobalSecondaryIndexes, {
      gsi: { CapacityUnits: 0.5 },
    });
    const segments = await Promise.all(
      [0, 1, 2].map((segment) =>
        target.client.send(
          new ScanCommand({
            TableName: table,
            IndexName: 'lsi',
            Segment: segment,
            TotalSegments: 3,
          }),
        ),
      ),
    );
    assert.equal(
      segments.reduce((sum, page) => sum + (page.Count ?? 0), 0),
      5,
    );
    let count = 0;
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await target.client.send(
        new ScanCommand({
          TableName: table,
          IndexName: 'gall',
          Limit: 2,
          ExclusiveStartKey: start,
        }),
      );
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    assert.equal(count, 5);
    await rejects(
      target.client.send(
        new ScanCommand({ TableName: table, IndexName: 'gsi', ConsistentRead: true }),
      ),
      'Consistent reads are not supported on global secondary indexes',
    );
  });

  it('filters an LSI on unprojected attributes, yet returns only what it projects', async () => {
    const scan = (input: Partial<ScanCommandInput>) =>
      target.client.send(
        new ScanCommand({
          TableName: table,
          IndexName: 'lsi',
          FilterExpression: 'b = :b',
          ExpressionAttributeValues: { ':b': S('B1') },
          ...input,
        }),
      );
    const projected = { pk: S('q'), sk: S('s1'), lsk: N(9) };
    for (const input of [{}, { Select: 'ALL_PROJECTED_ATTRIBUTES' as const }]) {
      const out = await scan(input);
      assert.deepEqual([out.Items, out.Count, out.ScannedCount], [[projected], 1, 5]);
    }
    const all = await scan({ Select: 'ALL_ATTRIBUTES' });
    assert.deepEqual(all.Items, [
      { ...projected, gpk: S('G'), gsk: N(-5), a: S('A1'), b: S('B1') },
    ]);
    const some = await scan({ ProjectionExpression: 'a, lsk' });
    assert.deepEqual(some.Items, [{ a: S('A1'), lsk: N(9) }]);
  });
});

describe('paths into index key attributes', () => {
  const notScalar = (key: string) =>
    `Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: ${key}`;
  const key = { pk: S('q'), sk: S('s1') };

  it('are refused in every read, whichever index it reads', async () => {
    await rejects(query({ ...onG, ProjectionExpression: 'gsk[0]' }), notScalar('IndexKey: gsk'));
    await rejects(query({ ...onL, ProjectionExpression: 'gpk.x' }), notScalar('IndexKey: gpk'));
    await rejects(
      query({
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': S('q') },
        FilterExpression: 'attribute_exists(lsk.x)',
      }),
      notScalar('IndexKey: lsk'),
    );
    await rejects(
      target.client.send(new ScanCommand({ TableName: table, ProjectionExpression: 'gpk.x' })),
      notScalar('IndexKey: gpk'),
    );
    await rejects(
      target.client.send(
        new GetItemCommand({ TableName: table, Key: key, ProjectionExpression: 'gpk.x' }),
      ),
      notScalar('IndexKey: gpk'),
    );
    await rejects(
      target.client.send(
        new BatchGetItemCommand({
          RequestItems: { [table]: { Keys: [key], ProjectionExpression: 'lsk[1]' } },
        }),
      ),
      notScalar('IndexKey: lsk'),
    );
  });

  it('are refused in write conditions, and in the paths of an update once its condition passed', async () => {
    const update = (input: Omit<UpdateItemCommandInput, 'TableName' | 'Key'>, Key = key) =>
      target.client.send(new UpdateItemCommand({ TableName: table, Key, ...input }));
    await rejects(
      target.client.send(
        new PutItemCommand({
          TableName: table,
          Item: key,
          ConditionExpression: 'attribute_exists(gpk.x)',
        }),
      ),
      notScalar('IndexKey: gpk'),
    );
    await rejects(update({ UpdateExpression: 'SET v = pk.x' }), notScalar('Key: pk'));
    await rejects(update({ UpdateExpression: 'REMOVE gsk[0]' }), notScalar('IndexKey: gsk'));
    await rejects(update({ UpdateExpression: 'SET v = sk.x REMOVE gsk[0]' }), notScalar('Key: sk'));
    await rejects(
      update({
        UpdateExpression: 'SET v = list_append(lsk[0], :l)',
        ExpressionAttributeValues: { ':l': { L: [] } },
      }),
      notScalar('IndexKey: lsk'),
    );
    // On an absent item too, but a failing condition comes first.
    await rejects(
      update(
        { UpdateExpression: 'SET v = if_not_exists(gsk.x, pk)' },
        { pk: S('q'), sk: S('absent') },
      ),
      notScalar('IndexKey: gsk'),
    );
    await assert.rejects(
      update({ UpdateExpression: 'SET v = pk.x', ConditionExpression: 'attribute_not_exists(pk)' }),
      { name: 'ConditionalCheckFailedException' },
    );
  });

  it('table keys first, then LSI keys, then GSI keys; the filter before the projection', async () => {
    const scan = (input: Omit<ScanCommandInput, 'TableName'>) =>
      target.client.send(new ScanCommand({ TableName: table, ...input }));
    await rejects(scan({ ProjectionExpression: 'gpk.x, sk.x' }), notScalar('Key: sk'));
    await rejects(scan({ ProjectionExpression: 'gsk.x, lsk.x' }), notScalar('IndexKey: lsk'));
    await rejects(scan({ ProjectionExpression: 'gsk.x, gpk.x' }), notScalar('IndexKey: gpk'));
    await rejects(
      scan({ ProjectionExpression: 'pk.x', FilterExpression: 'attribute_exists(gsk.x)' }),
      notScalar('IndexKey: gsk'),
    );
  });
});
