// Query through the SDK: key conditions on S/N/B sort keys both ways, Limit, Select, filters, capacity, errors.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteTableCommand,
  PutItemCommand,
  QueryCommand,
  type AttributeValue,
  type Condition,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { rawRequest } from '../helpers/raw-request.js';
import { createKeyedTable, type KeyAttribute, putAll as putAllItems } from '../helpers/tables.js';
import {
  dynamoDbLocalDeviates,
  startTarget,
  uniqueTableName,
  type TestTarget,
} from '../helpers/server.js';

let target: TestTarget;
const numberTable = uniqueTableName('query-n');
const stringTable = uniqueTableName('query-s');
const binaryTable = uniqueTableName('query-b');
const hashTable = uniqueTableName('query-hash');
const tables = [numberTable, stringTable, binaryTable, hashTable];

const NUMBERS = ['-10', '-1.5', '0', '1', '1.5', '2', '10', '100'];
const STRINGS = ['a', 'ab', 'abc', 'abd', 'b', 'ba', 'bb', 'z', '\u00e9', '\u{1F600}', '\uffee'];
const BINARIES = [[0], [0, 1], [1], [0x7f], [0x80], [0x80, 0], [0xff], [0xff, 0]].map((b) =>
  Uint8Array.from(b),
);

const createTable = (name: string, partition: KeyAttribute, sort?: KeyAttribute) =>
  createKeyedTable(target.client, name, partition, sort);

const putAll = (table: string, items: Record<string, AttributeValue>[]) =>
  putAllItems(target.client, table, items);

function query(input: Omit<QueryCommandInput, 'TableName'>, table = numberTable) {
  return target.client.send(new QueryCommand({ TableName: table, ...input }));
}

before(async () => {
  target = await startTarget();
  await createTable(numberTable, ['pk', 'S'], ['sk', 'N']);
  await createTable(stringTable, ['pk', 'S'], ['sk', 'S']);
  await createTable(binaryTable, ['pk', 'B'], ['sk', 'B']);
  await createTable(hashTable, ['pk', 'S']);
  // Neighbouring partitions hold the same sort keys: a query must never reach into them.
  const partitions = ['p', 'o', 'q', 'p0'];
  await putAll(
    numberTable,
    partitions.flatMap((pk) =>
      NUMBERS.map((n) => ({ pk: { S: pk }, sk: { N: n }, v: { S: `${pk}${n}` } })),
    ),
  );
  await putAll(
    stringTable,
    partitions.flatMap((pk) => STRINGS.map((s) => ({ pk: { S: pk }, sk: { S: s } }))),
  );
  await putAll(
    binaryTable,
    [Uint8Array.of(1), Uint8Array.of(1, 0), Uint8Array.of(2)].flatMap((pk) =>
      BINARIES.map((b) => ({ pk: { B: pk }, sk: { B: b } })),
    ),
  );
  await putAll(hashTable, [{ pk: { S: 'h' }, v: { N: '1' } }]);
});

after(async () => {
  for (const TableName of tables) {
    await target.client.send(new DeleteTableCommand({ TableName })).catch(() => undefined);
  }
  await target.close();
});

type Op = '=' | '<' | '<=' | '>' | '>=' | 'BETWEEN' | 'begins_with';

/** The sort-key condition text and the JS predicate it must agree with. */
function sortCondition(op: Op): string {
  if (op === 'BETWEEN') return 'sk BETWEEN :a AND :b';
  if (op === 'begins_with') return 'begins_with(sk, :a)';
  return `sk ${op} :a`;
}

interface KeyType<T> {
  readonly table: string;
  readonly pk: AttributeValue;
  readonly values: readonly T[];
  readonly wrap: (value: T) => AttributeValue;
  readonly unwrap: (value: AttributeValue) => T;
  readonly compare: (a: T, b: T) => number;
  readonly startsWith?: (value: T, prefix: T) => boolean;
}

const numberKeys: KeyType<string> = {
  table: numberTable,
  pk: { S: 'p' },
  values: NUMBERS,
  wrap: (N) => ({ N }),
  unwrap: (v) => (v as { N: string }).N,
  compare: (a, b) => Number(a) - Number(b),
};
const stringKeys: KeyType<string> = {
  table: stringTable,
  pk: { S: 'p' },
  values: STRINGS,
  wrap: (S) => ({ S }),
  unwrap: (v) => (v as { S: string }).S,
  // DynamoDB orders strings by their UTF-8 bytes, not by UTF-16 code units.
  compare: (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)),
  startsWith: (value, prefix) => value.startsWith(prefix),
};
const binaryKeys: KeyType<Uint8Array> = {
  table: binaryTable,
  pk: { B: Uint8Array.of(1) },
  values: BINARIES,
  wrap: (B) => ({ B }),
  unwrap: (v) => (v as { B: Uint8Array }).B,
  compare: (a, b) => Buffer.compare(a, b),
  startsWith: (value, prefix) => Buffer.from(value).subarray(0, prefix.length).equals(prefix),
};

function matches<T>(keys: KeyType<T>, op: Op, value: T, a: T, b: T): boolean {
  const c = keys.compare(value, a);
  switch (op) {
    case '=':
      return c === 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    case 'BETWEEN':
      return c >= 0 && keys.compare(value, b) <= 0;
    case 'begins_with':
      return keys.startsWith!(value, a);
  }
}

async function checkOperator<T>(keys: KeyType<T>, op: Op, a: T, b: T): Promise<void> {
  const sorted = [...keys.values].sort(keys.compare);
  const expected = sorted.filter((v) => matches(keys, op, v, a, b));
  for (const forward of [true, false]) {
    const values: Record<string, AttributeValue> = { ':p': keys.pk, ':a': keys.wrap(a) };
    if (op === 'BETWEEN') values[':b'] = keys.wrap(b);
    const result = await query(
      {
        KeyConditionExpression: `pk = :p AND ${sortCondition(op)}`,
        ExpressionAttributeValues: values,
        ScanIndexForward: forward,
      },
      keys.table,
    );
    const got = (result.Items ?? []).map((item) => keys.unwrap(item.sk!));
    const want = forward ? expected : [...expected].reverse();
    assert.deepEqual(got, want, `${op} ${String(a)} forward=${forward}`);
    assert.equal(result.Count, want.length);
    assert.equal(result.ScannedCount, want.length);
    assert.equal(result.LastEvaluatedKey, undefined);
  }
}

describe('key conditions', () => {
  const comparisons: Op[] = ['=', '<', '<=', '>', '>='];

  test('on number sort keys, both directions', async () => {
    for (const op of comparisons) {
      for (const a of ['1', '1.5', '-3', '1000', '-10']) await checkOperator(numberKeys, op, a, a);
    }
    await checkOperator(numberKeys, 'BETWEEN', '-1.5', '10');
    await checkOperator(numberKeys, 'BETWEEN', '0.5', '0.7');
    await checkOperator(numberKeys, 'BETWEEN', '1', '1');
  });

  test('on string sort keys (UTF-8 byte order), both directions', async () => {
    for (const op of comparisons) {
      for (const a of ['ab', 'abc', 'b', '\u00e9', '\uffee', 'c'])
        await checkOperator(stringKeys, op, a, a);
    }
    await checkOperator(stringKeys, 'BETWEEN', 'ab', 'ba');
    await checkOperator(stringKeys, 'BETWEEN', 'b', '\u{1F600}');
    for (const prefix of ['a', 'ab', 'b', 'abc', 'x', '\u00e9']) {
      await checkOperator(stringKeys, 'begins_with', prefix, prefix);
    }
  });

  test('on binary sort keys (unsigned byte order), both directions', async () => {
    for (const op of comparisons) {
      for (const a of [[0], [0x7f], [0x80], [0x80, 0], [0xfe]]) {
        await checkOperator(binaryKeys, op, Uint8Array.from(a), Uint8Array.from(a));
      }
    }
    await checkOperator(binaryKeys, 'BETWEEN', Uint8Array.of(0, 1), Uint8Array.of(0x80));
    for (const prefix of [[0], [0x80], [0xff], [0x12]]) {
      await checkOperator(
        binaryKeys,
        'begins_with',
        Uint8Array.from(prefix),
        Uint8Array.from(prefix),
      );
    }
  });

  test('partition key only: the whole partition, in sort order', async () => {
    const result = await query({
      KeyConditionExpression: '#k = :p',
      ExpressionAttributeNames: { '#k': 'pk' },
      ExpressionAttributeValues: { ':p': { S: 'p' } },
      ScanIndexForward: false,
    });
    assert.deepEqual(
      result.Items?.map((item) => item.sk?.N),
      [...NUMBERS].sort((a, b) => Number(b) - Number(a)),
    );
    const none = await query({
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': { S: 'nothing' } },
    });
    assert.deepEqual(none.Items, []);
    assert.equal(none.Count, 0);
  });

  test('legacy KeyConditions select the same items', async () => {
    const result = await query({
      KeyConditions: {
        pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] },
        sk: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '0' }, { N: '2' }] },
      },
      ScanIndexForward: false,
    });
    assert.deepEqual(
      result.Items?.map((item) => item.sk?.N),
      ['2', '1.5', '1', '0'],
    );
    const prefix = await query(
      {
        KeyConditions: {
          pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] },
          sk: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ S: 'ab' }] },
        },
      },
      stringTable,
    );
    assert.deepEqual(
      prefix.Items?.map((item) => item.sk?.S),
      ['ab', 'abc', 'abd'],
    );
  });

  test('a table without sort key: the one item', async () => {
    const result = await query(
      { KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'h' } } },
      hashTable,
    );
    assert.deepEqual(result.Items, [{ pk: { S: 'h' }, v: { N: '1' } }]);
  });
});

describe('Limit and LastEvaluatedKey', () => {
  const partition = {
    KeyConditionExpression: 'pk = :p',
    ExpressionAttributeValues: { ':p': { S: 'p' } },
  };

  test('a page that reached Limit has a LastEvaluatedKey, even when nothing follows', async () => {
    const all = await query({ ...partition, Limit: NUMBERS.length });
    assert.equal(all.Count, NUMBERS.length);
    assert.deepEqual(all.LastEvaluatedKey, { pk: { S: 'p' }, sk: { N: '100' } });
    const more = await query({ ...partition, Limit: NUMBERS.length + 1 });
    assert.equal(more.LastEvaluatedKey, undefined);
    const rest = await query({ ...partition, ExclusiveStartKey: all.LastEvaluatedKey });
    assert.deepEqual(rest.Items, []);
    assert.equal(rest.LastEvaluatedKey, undefined);
  });

  test('the LastEvaluatedKey is the last item read, either direction', async () => {
    const forward = await query({ ...partition, Limit: 2 });
    assert.deepEqual(forward.LastEvaluatedKey, { pk: { S: 'p' }, sk: { N: '-1.5' } });
    const backward = await query({ ...partition, Limit: 2, ScanIndexForward: false });
    assert.deepEqual(backward.LastEvaluatedKey, { pk: { S: 'p' }, sk: { N: '10' } });
    const next = await query({
      ...partition,
      Limit: 2,
      ScanIndexForward: false,
      ExclusiveStartKey: backward.LastEvaluatedKey,
    });
    assert.deepEqual(
      next.Items?.map((item) => item.sk?.N),
      ['2', '1.5'],
    );
  });

  test('a query on a table without sort key never returns a LastEvaluatedKey', async () => {
    const result = await query(
      {
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': { S: 'h' } },
        Limit: 1,
      },
      hashTable,
    );
    assert.equal(result.Count, 1);
    assert.equal(result.LastEvaluatedKey, undefined);
  });

  test('an equality on the sort key with Limit 1 still returns a LastEvaluatedKey', async () => {
    const result = await query({
      KeyConditionExpression: 'pk = :p AND sk = :s',
      ExpressionAttributeValues: { ':p': { S: 'p' }, ':s': { N: '1' } },
      Limit: 1,
    });
    assert.deepEqual(result.LastEvaluatedKey, { pk: { S: 'p' }, sk: { N: '1' } });
  });

  test('an ExclusiveStartKey between stored keys resumes after it', async () => {
    const result = await query({
      ...partition,
      ExclusiveStartKey: { pk: { S: 'p' }, sk: { N: '1.2' } },
    });
    assert.deepEqual(
      result.Items?.map((item) => item.sk?.N),
      ['1.5', '2', '10', '100'],
    );
  });
});

describe('Select, projections and filters', () => {
  const partition = {
    KeyConditionExpression: 'pk = :p',
    ExpressionAttributeValues: { ':p': { S: 'p' } },
  };

  test('Select COUNT returns only the counts', async () => {
    const result = await query({ ...partition, Select: 'COUNT' });
    assert.equal(result.Items, undefined);
    assert.equal(result.Count, NUMBERS.length);
    assert.equal(result.ScannedCount, NUMBERS.length);
  });

  test('ProjectionExpression and AttributesToGet, with or without SPECIFIC_ATTRIBUTES', async () => {
    const expected = NUMBERS.map((n) => ({ v: { S: `p${n}` } }));
    const projected = await query({ ...partition, ProjectionExpression: 'v' });
    assert.deepEqual(projected.Items, expected);
    const specific = await query({
      ...partition,
      ProjectionExpression: 'v',
      Select: 'SPECIFIC_ATTRIBUTES',
    });
    assert.deepEqual(specific.Items, expected);
    const legacy = await query({
      KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] } },
      AttributesToGet: ['v', 'missing'],
    });
    assert.deepEqual(legacy.Items, expected);
  });

  test('a filter applies after the read: Count after it, ScannedCount before', async () => {
    const result = await query({
      KeyConditionExpression: 'pk = :p',
      FilterExpression: 'v IN (:a, :b)',
      ExpressionAttributeValues: { ':p': { S: 'p' }, ':a': { S: 'p1' }, ':b': { S: 'p100' } },
    });
    assert.deepEqual(
      result.Items?.map((item) => item.sk?.N),
      ['1', '100'],
    );
    assert.equal(result.Count, 2);
    assert.equal(result.ScannedCount, NUMBERS.length);
  });

  test('Limit counts items read, not items returned', async () => {
    const result = await query({
      KeyConditionExpression: 'pk = :p',
      FilterExpression: 'v = :v',
      ExpressionAttributeValues: { ':p': { S: 'p' }, ':v': { S: 'p-10' } },
      Limit: 3,
      Select: 'COUNT',
    });
    assert.equal(result.Count, 1);
    assert.equal(result.ScannedCount, 3);
    assert.deepEqual(result.LastEvaluatedKey, { pk: { S: 'p' }, sk: { N: '0' } });
  });

  test('legacy QueryFilter with ConditionalOperator', async () => {
    const result = await query({
      KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] } },
      QueryFilter: {
        v: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ S: 'p1' }] },
        missing: { ComparisonOperator: 'NULL' },
      },
      ConditionalOperator: 'AND',
    });
    assert.deepEqual(
      result.Items?.map((item) => item.sk?.N),
      ['1', '1.5', '10', '100'],
    );
  });
});

describe('consumed capacity', () => {
  const bigTable = numberTable;

  before(async () => {
    // Three items of about 3000 bytes each: 9 KB together, i.e. 3 read units, not 3 × 1.
    for (const n of ['1', '2', '3']) {
      await target.client.send(
        new PutItemCommand({
          TableName: bigTable,
          Item: { pk: { S: 'cap' }, sk: { N: n }, d: { S: 'x'.repeat(3000) } },
        }),
      );
    }
  });

  async function units(input: Omit<QueryCommandInput, 'TableName'>): Promise<QueryCommandOutput> {
    return query({
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': { S: 'cap' } },
      ReturnConsumedCapacity: 'TOTAL',
      ...input,
    });
  }

  test('item sizes are summed, then rounded up to 4 KB once, halved when eventually consistent', async () => {
    assert.deepEqual((await units({})).ConsumedCapacity, {
      TableName: bigTable,
      CapacityUnits: 1.5,
    });
    assert.deepEqual((await units({ ConsistentRead: true })).ConsumedCapacity, {
      TableName: bigTable,
      CapacityUnits: 3,
    });
    assert.deepEqual((await units({ Limit: 1 })).ConsumedCapacity, {
      TableName: bigTable,
      CapacityUnits: 0.5,
    });
  });

  test('filtered-out items are charged; COUNT is charged like a full read', async () => {
    const filtered = await units({
      FilterExpression: 'attribute_not_exists(d)',
      Select: 'COUNT',
      ReturnConsumedCapacity: 'INDEXES',
    });
    assert.equal(filtered.Count, 0);
    assert.deepEqual(filtered.ConsumedCapacity, {
      TableName: bigTable,
      CapacityUnits: 1.5,
      Table: { CapacityUnits: 1.5 },
    });
  });

  test('a query that reads nothing costs nothing', async () => {
    const empty = await units({ ExpressionAttributeValues: { ':p': { S: 'no-such-partition' } } });
    assert.deepEqual(empty.ConsumedCapacity, { TableName: bigTable, CapacityUnits: 0 });
  });
});

describe('errors', () => {
  const base = {
    KeyConditionExpression: 'pk = :p',
    ExpressionAttributeValues: { ':p': { S: 'p' } },
  };
  const cases: Array<[string, Omit<QueryCommandInput, 'TableName'>, string]> = [
    [
      'no key condition',
      {},
      'Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.',
    ],
    [
      'both key condition forms',
      {
        ...base,
        KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] } },
      },
      'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {KeyConditions} Expression parameters: {KeyConditionExpression}',
    ],
    [
      'AttributesToGet with expressions',
      { ...base, AttributesToGet: ['v'] },
      'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {KeyConditionExpression}',
    ],
    [
      'ExpressionAttributeValues without expressions',
      {
        KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] } },
        ExpressionAttributeValues: { ':p': { S: 'p' } },
      },
      'ExpressionAttributeValues can only be specified when using expressions: FilterExpression and KeyConditionExpression are null',
    ],
    [
      'ConditionalOperator without a filter',
      {
        KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] } },
        ConditionalOperator: 'AND',
      },
      'ConditionalOperator cannot be used without Filter or Expected',
    ],
    [
      'ConditionalOperator with one filter condition',
      {
        KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] } },
        QueryFilter: { v: { ComparisonOperator: 'NOT_NULL' } },
        ConditionalOperator: 'OR',
      },
      'ConditionalOperator can only be used when Filter or Expected has two or more elements',
    ],
    [
      'unused value',
      { ...base, ExpressionAttributeValues: { ':p': { S: 'p' }, ':q': { S: 'q' } } },
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:q}',
    ],
    [
      'a path into a key attribute, before the key condition operators',
      { KeyConditionExpression: 'pk.x <> :p', ExpressionAttributeValues: { ':p': { S: 'p' } } },
      "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk",
    ],
    [
      'paths into keys: the projection before the key condition',
      {
        KeyConditionExpression: 'pk = :p AND sk.y > :n',
        ProjectionExpression: 'pk.q',
        ExpressionAttributeValues: { ':p': { S: 'p' }, ':n': { N: '1' } },
      },
      "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk",
    ],
    [
      'a nested attribute that is not a key',
      { KeyConditionExpression: 'a.b = :p', ExpressionAttributeValues: { ':p': { S: 'p' } } },
      'KeyConditionExpressions cannot have conditions on nested attributes',
    ],
    [
      "the partition key value's type before its operator",
      { KeyConditionExpression: 'pk <= :n', ExpressionAttributeValues: { ':n': { N: '1' } } },
      'One or more parameter values were invalid: Condition parameter type does not match schema type',
    ],
    [
      "the partition key's operator before the sort key value's type",
      {
        KeyConditionExpression: 'pk < :p AND sk = :s',
        ExpressionAttributeValues: { ':p': { S: 'p' }, ':s': { S: 's' } },
      },
      'Query key condition not supported',
    ],
    [
      'a repeated key attribute, before a later invalid operator',
      {
        KeyConditionExpression: 'pk = :p AND pk = :p AND v <> :n',
        ExpressionAttributeValues: { ':p': { S: 'p' }, ':n': { N: '1' } },
      },
      'KeyConditionExpressions must only contain one condition per key',
    ],
    [
      'three key conditions on three attributes',
      {
        KeyConditionExpression: 'pk = :p AND sk = :n AND v = :n',
        ExpressionAttributeValues: { ':p': { S: 'p' }, ':n': { N: '1' } },
      },
      'Conditions can be of length 1 or 2 only',
    ],
    [
      'a repeated attribute among three key conditions',
      {
        KeyConditionExpression: 'pk = :p AND v = :n AND v = :n',
        ExpressionAttributeValues: { ':p': { S: 'p' }, ':n': { N: '1' } },
      },
      'KeyConditionExpressions must only contain one condition per key',
    ],
    [
      'a key condition over 4096 characters states its size',
      {
        KeyConditionExpression: `pk = :p AND ${'s'.repeat(4086)} = :n`,
        ExpressionAttributeValues: { ':p': { S: 'p' }, ':n': { N: '1' } },
      },
      'Invalid KeyConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4103',
    ],
    [
      'unused name',
      { ...base, ExpressionAttributeNames: { '#q': 'q' } },
      'Value provided in ExpressionAttributeNames unused in expressions: keys: {#q}',
    ],
    [
      'SPECIFIC_ATTRIBUTES without projection',
      { ...base, Select: 'SPECIFIC_ATTRIBUTES' },
      'Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES',
    ],
    [
      'ALL_ATTRIBUTES with a projection',
      { ...base, Select: 'ALL_ATTRIBUTES', ProjectionExpression: 'v' },
      'Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES',
    ],
    [
      'COUNT with a projection',
      { ...base, Select: 'COUNT', ProjectionExpression: 'v' },
      'Cannot specify the ProjectionExpression when choosing to get only the Count',
    ],
    [
      'COUNT with AttributesToGet',
      {
        KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] } },
        Select: 'COUNT',
        AttributesToGet: ['v'],
      },
      'Cannot specify the AttributesToGet when choosing to get only the Count',
    ],
    [
      'ALL_ATTRIBUTES with AttributesToGet',
      {
        KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] } },
        Select: 'ALL_ATTRIBUTES',
        AttributesToGet: ['v'],
      },
      'Cannot specify the AttributesToGet when choosing to get ALL_ATTRIBUTES',
    ],
    [
      'duplicate AttributesToGet',
      {
        KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] } },
        AttributesToGet: ['v', 'v'],
      },
      'Cannot have two attributes with the same name',
    ],
    [
      'ALL_PROJECTED_ATTRIBUTES without index',
      { ...base, Select: 'ALL_PROJECTED_ATTRIBUTES' },
      'ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName',
    ],
    [
      'ALL_PROJECTED_ATTRIBUTES with a projection',
      { ...base, Select: 'ALL_PROJECTED_ATTRIBUTES', ProjectionExpression: 'v' },
      'Cannot specify the ProjectionExpression when choosing to get ALL_PROJECTED_ATTRIBUTES',
    ],
    [
      'a duplicate in AttributesToGet after Select',
      {
        KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] } },
        Select: 'COUNT',
        AttributesToGet: ['v', 'v'],
      },
      'Cannot specify the AttributesToGet when choosing to get only the Count',
    ],
    [
      'an index that does not exist',
      { ...base, IndexName: 'nope' },
      'The table does not have the specified index: nope',
    ],
    [
      'BETWEEN with low above high',
      {
        KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':p': { S: 'p' }, ':a': { N: '3' }, ':b': { N: '1' } },
      },
      'Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:3}, upper bound operand: AttributeValue: {N:1}',
    ],
    [
      'a sort-key value of another type',
      {
        KeyConditionExpression: 'pk = :p AND sk < :s',
        ExpressionAttributeValues: { ':p': { S: 'p' }, ':s': { S: '2' } },
      },
      'One or more parameter values were invalid: Condition parameter type does not match schema type',
    ],
    [
      'a partition-key value of another type',
      { KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { N: '1' } } },
      'One or more parameter values were invalid: Condition parameter type does not match schema type',
    ],
    [
      'a set as sort-key value',
      {
        KeyConditionExpression: 'pk = :p AND sk = :s',
        ExpressionAttributeValues: { ':p': { S: 'p' }, ':s': { NS: ['1'] } },
      },
      'One or more parameter values were invalid: Condition parameter type does not match schema type',
    ],
    [
      'a legacy key condition of another type',
      { KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ N: '1' }] } } },
      'One or more parameter values were invalid: Condition parameter type does not match schema type',
    ],
    [
      'an empty partition-key value (before a type mismatch)',
      {
        KeyConditionExpression: 'pk = :p AND sk > :s',
        ExpressionAttributeValues: { ':p': { S: '' }, ':s': { S: '1' } },
      },
      'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk',
    ],
    [
      'an empty value of another type is a type mismatch',
      {
        KeyConditionExpression: 'pk = :p AND sk = :s',
        ExpressionAttributeValues: { ':p': { S: 'p' }, ':s': { S: '' } },
      },
      'One or more parameter values were invalid: Condition parameter type does not match schema type',
    ],
    [
      'a mistyped partition-key value before an empty sort-key value',
      {
        KeyConditionExpression: 'pk = :p AND sk = :s',
        ExpressionAttributeValues: { ':p': { B: new Uint8Array() }, ':s': { S: '' } },
      },
      'One or more parameter values were invalid: Condition parameter type does not match schema type',
    ],
    [
      'BETWEEN with the key attribute not first',
      {
        KeyConditionExpression: 'pk = :p AND :a BETWEEN sk AND :b',
        ExpressionAttributeValues: { ':p': { S: 'p' }, ':a': { N: '1' }, ':b': { N: '2' } },
      },
      'Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand',
    ],
    [
      'KeyConditions beside KeyConditionExpression and AttributesToGet',
      {
        ...base,
        KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] } },
        AttributesToGet: ['v'],
      },
      'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet, KeyConditions} Expression parameters: {KeyConditionExpression}',
    ],
    [
      'a nested path into a key attribute',
      { ...base, ProjectionExpression: 'pk.x' },
      "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk",
    ],
    [
      'a filter on a key attribute',
      { ...base, FilterExpression: 'sk > :p' },
      'Filter Expression can only contain non-primary key attributes: Primary key attribute: sk',
    ],
    [
      'a QueryFilter on a key attribute',
      {
        KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] } },
        QueryFilter: { pk: { ComparisonOperator: 'NOT_NULL' } },
      },
      'QueryFilter can only contain non-primary key attributes: Primary key attribute: pk',
    ],
  ];
  for (const [name, input, message] of cases) {
    test(name, async () => {
      await assert.rejects(query(input), { name: 'ValidationException', message });
    });
  }

  test('several errors: the one DynamoDB Local reports first', async () => {
    const eq: Condition = { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] };
    const unusedName =
      'Value provided in ExpressionAttributeNames unused in expressions: keys: {#u}';
    const keyPath =
      "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: sk";
    const cases: Array<[Omit<QueryCommandInput, 'TableName'>, string]> = [
      // The filter before the projection.
      [
        { ...base, FilterExpression: 'v =', ProjectionExpression: 'v,' },
        'Invalid FilterExpression: Syntax error; token: "<EOF>", near: "="',
      ],
      // Unused names before the key condition's operators and key schema.
      [
        {
          ...base,
          KeyConditionExpression: 'pk = :p OR sk = :p',
          ExpressionAttributeNames: { '#u': 'u' },
        },
        unusedName,
      ],
      [
        {
          KeyConditions: { sk: eq },
          ProjectionExpression: 'v',
          ExpressionAttributeNames: { '#u': 'u' },
        },
        unusedName,
      ],
      // Paths into key attributes before the key condition's operators and key schema.
      [{ ...base, KeyConditionExpression: 'NOT pk = :p', ProjectionExpression: 'sk[0]' }, keyPath],
      [{ KeyConditions: { sk: eq }, ProjectionExpression: 'sk.x' }, keyPath],
    ];
    for (const [input, message] of cases) {
      await assert.rejects(query(input), { name: 'ValidationException', message });
    }
  });

  test('an empty sort-key value', async () => {
    await assert.rejects(
      query(
        {
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
          ExpressionAttributeValues: { ':p': { S: 'p' }, ':s': { S: '' } },
        },
        stringTable,
      ),
      {
        name: 'ValidationException',
        message:
          'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: sk',
      },
    );
  });

  test('KeyConditions may come with a FilterExpression or ProjectionExpression', async () => {
    const result = await query({
      KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] } },
      FilterExpression: 'v = :v',
      ProjectionExpression: 'v',
      ExpressionAttributeValues: { ':v': { S: 'p2' } },
    });
    assert.deepEqual(result.Items, [{ v: { S: 'p2' } }]);
  });

  test('a table that does not exist', async () => {
    const response = await rawRequest(target.endpoint, 'Query', {
      TableName: uniqueTableName('query-missing'),
      ...base,
    });
    assert.equal(response.status, 400);
    assert.match(response.body.__type, /#ResourceNotFoundException$/);
  });

  test(
    'Select is checked before the table is read',
    dynamoDbLocalDeviates(
      'it checks Select after the table lookup, the key condition and the start key',
    ),
    async () => {
      const select = { Select: 'COUNT', ProjectionExpression: 'v' } as const;
      const message = 'Cannot specify the ProjectionExpression when choosing to get only the Count';
      for (const input of [
        { ...base, ...select, ExpressionAttributeValues: { ':p': { N: '1' } } },
        { ...base, ...select, ExclusiveStartKey: { pk: { S: 'q' }, sk: { N: '1' } } },
      ]) {
        await assert.rejects(query(input), { name: 'ValidationException', message });
      }
      const response = await rawRequest(target.endpoint, 'Query', {
        TableName: uniqueTableName('query-missing'),
        ...base,
        ...select,
      });
      assert.equal(response.body.message, message);
    },
  );
});

describe('ExclusiveStartKey errors', () => {
  const base = {
    KeyConditionExpression: 'pk = :p',
    ExpressionAttributeValues: { ':p': { S: 'p' } },
  };
  const cases: Array<[string, string, Record<string, AttributeValue>, string]> = [
    [
      'too few attributes',
      numberTable,
      { pk: { S: 'p' } },
      "Exclusive Start Key must have same size as table's key schema",
    ],
    [
      'too many attributes',
      numberTable,
      { pk: { S: 'p' }, sk: { N: '1' }, x: { N: '1' } },
      "Exclusive Start Key must have same size as table's key schema",
    ],
    [
      'a wrong attribute',
      numberTable,
      { pk: { S: 'p' }, x: { N: '1' } },
      'The provided starting key is invalid',
    ],
    [
      'a mistyped sort key',
      numberTable,
      { pk: { S: 'p' }, sk: { S: '1' } },
      'Type mismatch for attribute to update',
    ],
    [
      'a mistyped partition key',
      hashTable,
      { pk: { N: '1' } },
      'Type mismatch for attribute to update',
    ],
    [
      'another partition',
      numberTable,
      { pk: { S: 'q' }, sk: { N: '1' } },
      'The provided starting key does not match the range key predicate',
    ],
    [
      'another partition (no sort key)',
      hashTable,
      { pk: { S: 'q' } },
      'The provided starting key does not match the range key predicate',
    ],
    [
      'an empty partition key',
      numberTable,
      { pk: { S: '' }, sk: { N: '1' } },
      'The query can return at most one row and cannot be restarted. The provided starting key is invalid: One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk',
    ],
    [
      'an empty sort key',
      stringTable,
      { pk: { S: 'p' }, sk: { S: '' } },
      'The provided starting key is invalid: One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: sk',
    ],
  ];
  for (const [name, table, ExclusiveStartKey, message] of cases) {
    test(name, async () => {
      const values = table === hashTable ? { ':p': { S: 'h' } } : base.ExpressionAttributeValues;
      await assert.rejects(
        query({ ...base, ExpressionAttributeValues: values, ExclusiveStartKey }, table),
        { name: 'ValidationException', message },
      );
    });
  }

  test('a start key outside the sort-key condition', async () => {
    await assert.rejects(
      query({
        KeyConditionExpression: 'pk = :p AND sk > :s',
        ExpressionAttributeValues: { ':p': { S: 'p' }, ':s': { N: '2' } },
        ExclusiveStartKey: { pk: { S: 'p' }, sk: { N: '1' } },
      }),
      {
        name: 'ValidationException',
        message: 'The provided starting key does not match the range key predicate',
      },
    );
  });
});
