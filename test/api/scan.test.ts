// Scan through the SDK: whole tables, parallel segments (also under concurrent writes), Select, filters, errors.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteTableCommand,
  PutItemCommand,
  ScanCommand,
  type AttributeValue,
  type ScanCommandInput,
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
const rangeTable = uniqueTableName('scan-range');
const hashTable = uniqueTableName('scan-hash');
const writeTable = uniqueTableName('scan-writes');
const ITEM_COUNT = 150;

const createTable = (name: string, partition: KeyAttribute, sort?: KeyAttribute) =>
  createKeyedTable(target.client, name, partition, sort);

const putAll = (table: string, items: Record<string, AttributeValue>[]) =>
  putAllItems(target.client, table, items);

function scan(input: Omit<ScanCommandInput, 'TableName'>, table = rangeTable) {
  return target.client.send(new ScanCommand({ TableName: table, ...input }));
}

const keyId = (item: Record<string, AttributeValue>): string =>
  `${item.pk?.S ?? item.pk?.N}/${item.sk?.N ?? ''}`;

/** Every item of one segment (or the table), page by page with `limit`. */
/** A Scan of the range table sent as raw JSON (what the SDK would refuse to send) fails with `message`. */
async function rawScanRejects(input: Record<string, unknown>, message: string): Promise<void> {
  const response = await rawRequest(target.endpoint, 'Scan', { TableName: rangeTable, ...input });
  assert.equal(response.status, 400);
  assert.equal(response.body.message ?? response.body.Message, message);
}

async function scanAll(
  input: Omit<ScanCommandInput, 'TableName'>,
  table: string,
  limit?: number,
): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await scan({ ...input, Limit: limit, ExclusiveStartKey }, table);
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey !== undefined);
  return items;
}

before(async () => {
  target = await startTarget();
  await createTable(rangeTable, ['pk', 'S'], ['sk', 'N']);
  await createTable(hashTable, ['pk', 'N']);
  await createTable(writeTable, ['pk', 'S']);
  await putAll(
    rangeTable,
    Array.from({ length: ITEM_COUNT }, (_, i) => ({
      pk: { S: `p${i % 30}` },
      sk: { N: String(i) },
      v: { N: String(i % 7) },
    })),
  );
  await putAll(
    hashTable,
    Array.from({ length: 40 }, (_, i) => ({ pk: { N: String(i) } })),
  );
  await putAll(
    writeTable,
    Array.from({ length: 200 }, (_, i) => ({ pk: { S: `w${i}` }, gen: { N: '0' } })),
  );
});

after(async () => {
  for (const TableName of [rangeTable, hashTable, writeTable]) {
    await target.client.send(new DeleteTableCommand({ TableName })).catch(() => undefined);
  }
  await target.close();
});

describe('whole-table scans', () => {
  test('every item once; items of a partition in sort order', async () => {
    const result = await scan({});
    assert.equal(result.Count, ITEM_COUNT);
    assert.equal(result.ScannedCount, ITEM_COUNT);
    assert.equal(result.LastEvaluatedKey, undefined);
    const ids = result.Items!.map(keyId);
    assert.equal(new Set(ids).size, ITEM_COUNT);
    const p3 = result
      .Items!.filter((item) => item.pk?.S === 'p3')
      .map((item) => Number(item.sk?.N));
    assert.deepEqual(
      p3,
      [...p3].sort((a, b) => a - b),
    );
  });

  test('Limit: a LastEvaluatedKey whenever the limit was reached, even at the end', async () => {
    const all = await scan({}, hashTable);
    const exact = await scan({ Limit: all.Count }, hashTable);
    assert.deepEqual(exact.Items, all.Items);
    assert.deepEqual(exact.LastEvaluatedKey, { pk: all.Items!.at(-1)!.pk });
    const rest = await scan({ ExclusiveStartKey: exact.LastEvaluatedKey }, hashTable);
    assert.deepEqual(rest.Items, []);
    assert.equal(rest.LastEvaluatedKey, undefined);
    assert.equal((await scan({ Limit: all.Count! + 1 }, hashTable)).LastEvaluatedKey, undefined);
  });

  test('attributes named like Object members (constructor, toString, __proto__) are only data', async () => {
    for (const name of ['constructor', 'toString', '__proto__']) {
      const missing = await scan(
        {
          Select: 'COUNT',
          FilterExpression: 'attribute_exists(#a) OR attribute_type(#a, :m)',
          ExpressionAttributeNames: { '#a': name },
          ExpressionAttributeValues: { ':m': { S: 'M' } },
        },
        hashTable,
      );
      assert.equal(missing.Count, 0, name);
      // Raw JSON: the SDK's deserializer would turn `__proto__` into the prototype.
      const projected = await rawRequest(target.endpoint, 'Scan', {
        TableName: hashTable,
        ProjectionExpression: '#a',
        ExpressionAttributeNames: { '#a': name },
        Limit: 2,
      });
      assert.equal(projected.status, 200);
      assert.deepEqual(projected.body.Items, [{}, {}], name);
    }
  });

  test('Select COUNT, filters and projections', async () => {
    const count = await scan({
      Select: 'COUNT',
      FilterExpression: 'v = :v',
      ExpressionAttributeValues: { ':v': { N: '0' } },
    });
    assert.equal(count.Items, undefined);
    assert.equal(count.Count, Math.ceil(ITEM_COUNT / 7));
    assert.equal(count.ScannedCount, ITEM_COUNT);
    const legacy = await scan({
      ScanFilter: { v: { ComparisonOperator: 'EQ', AttributeValueList: [{ N: '0' }] } },
      AttributesToGet: ['sk'],
    });
    assert.deepEqual(
      legacy.Items!.map((item) => Number(item.sk?.N)).sort((a, b) => a - b),
      Array.from({ length: ITEM_COUNT }, (_, i) => i).filter((i) => i % 7 === 0),
    );
    assert.ok(legacy.Items!.every((item) => Object.keys(item).join() === 'sk'));
    const projected = await scan({
      ProjectionExpression: '#s',
      ExpressionAttributeNames: { '#s': 'sk' },
      Limit: 3,
    });
    assert.equal(projected.Items!.length, 3);
    assert.ok(projected.Items!.every((item) => Object.keys(item).join() === 'sk'));
  });

  test('capacity: the summed size of the items read, rounded up once', async () => {
    const table = uniqueTableName('scan-capacity');
    await createTable(table, ['pk', 'S']);
    try {
      const empty = await scan({ ReturnConsumedCapacity: 'TOTAL' }, table);
      assert.deepEqual(empty.ConsumedCapacity, { TableName: table, CapacityUnits: 0 });
      for (const pk of ['a', 'b', 'c']) {
        const Item = { pk: { S: pk }, d: { S: 'x'.repeat(3000) } };
        await target.client.send(new PutItemCommand({ TableName: table, Item }));
      }
      const eventual = await scan({ ReturnConsumedCapacity: 'TOTAL' }, table);
      assert.deepEqual(eventual.ConsumedCapacity, { TableName: table, CapacityUnits: 1.5 });
      const strong = await scan(
        { ReturnConsumedCapacity: 'INDEXES', ConsistentRead: true, Select: 'COUNT' },
        table,
      );
      assert.deepEqual(strong.ConsumedCapacity, {
        TableName: table,
        CapacityUnits: 3,
        Table: { CapacityUnits: 3 },
      });
    } finally {
      await target.client.send(new DeleteTableCommand({ TableName: table }));
    }
  });
});

describe('parallel scan', () => {
  test('segments are disjoint and together hold every item once', async () => {
    const all = (await scanAll({}, rangeTable)).map(keyId).sort();
    for (const total of [1, 2, 3, 4, 7, 16, 64]) {
      const seen: string[] = [];
      for (let segment = 0; segment < total; segment++) {
        const items = await scanAll({ Segment: segment, TotalSegments: total }, rangeTable, 13);
        seen.push(...items.map(keyId));
      }
      assert.deepEqual(seen.sort(), all, `TotalSegments ${total}`);
    }
  });

  test('the largest TotalSegments is accepted', async () => {
    const all = new Set((await scan({}, hashTable)).Items!.map(keyId));
    const seen: string[] = [];
    for (const segment of [0, 1, 499_999, 999_999]) {
      const result = await scan({ Segment: segment, TotalSegments: 1_000_000 }, hashTable);
      seen.push(...result.Items!.map(keyId));
    }
    assert.ok(seen.every((id) => all.has(id)));
    assert.equal(new Set(seen).size, seen.length);
  });

  test('every item that exists throughout is returned exactly once while writes go on', async () => {
    const original = new Set(Array.from({ length: 200 }, (_, i) => `w${i}`));
    let writing = true;
    let generation = 0;
    const writer = (async () => {
      while (writing) {
        generation++;
        // Rewrite existing items and add new ones between the scan's pages.
        const rewrite = Array.from({ length: 10 }, (_, i) => ({
          pk: { S: `w${(generation * 10 + i) % 200}` },
          gen: { N: String(generation) },
        }));
        const added = [{ pk: { S: `new${generation}` }, gen: { N: String(generation) } }];
        await putAll(writeTable, [...rewrite, ...added]);
      }
    })();
    try {
      for (const total of [3, 5]) {
        const counts = new Map<string, number>();
        await Promise.all(
          Array.from({ length: total }, async (_, segment) => {
            const items = await scanAll({ Segment: segment, TotalSegments: total }, writeTable, 7);
            for (const item of items) counts.set(item.pk!.S!, (counts.get(item.pk!.S!) ?? 0) + 1);
          }),
        );
        for (const pk of original) assert.equal(counts.get(pk), 1, `${pk} with ${total} segments`);
        for (const [pk, n] of counts) assert.equal(n, 1, `${pk} returned ${n} times`);
      }
    } finally {
      writing = false;
      await writer;
    }
    assert.ok(generation > 0);
  });

  test('an ExclusiveStartKey must lie within its segment', async () => {
    const segment0 = await scanAll({ Segment: 0, TotalSegments: 2 }, hashTable);
    const segment1 = await scanAll({ Segment: 1, TotalSegments: 2 }, hashTable);
    assert.ok(segment0.length > 0 && segment1.length > 0);
    const inside = await scan(
      { Segment: 0, TotalSegments: 2, ExclusiveStartKey: segment0[0] },
      hashTable,
    );
    assert.deepEqual(inside.Items, segment0.slice(1));
    await assert.rejects(
      scan({ Segment: 1, TotalSegments: 2, ExclusiveStartKey: segment0[0] }, hashTable),
      { name: 'ValidationException', message: 'Exclusive start key must lie within the segment' },
    );
    await assert.rejects(
      scan({ Segment: 0, TotalSegments: 2, ExclusiveStartKey: segment1.at(-1) }, hashTable),
      { name: 'ValidationException', message: 'Exclusive start key must lie within the segment' },
    );
  });
});

describe('errors', () => {
  const cases: Array<[string, Omit<ScanCommandInput, 'TableName'>, string]> = [
    [
      'ExpressionAttributeValues without a filter',
      { ProjectionExpression: 'v', ExpressionAttributeValues: { ':v': { N: '1' } } },
      'ExpressionAttributeValues can only be specified when using expressions: FilterExpression is null',
    ],
    [
      'ExpressionAttributeNames without expressions',
      { ExpressionAttributeNames: { '#v': 'v' } },
      'ExpressionAttributeNames can only be specified when using expressions',
    ],
    [
      'both filter forms',
      {
        FilterExpression: 'v = :v',
        ExpressionAttributeValues: { ':v': { N: '1' } },
        ScanFilter: { v: { ComparisonOperator: 'NOT_NULL' } },
      },
      'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {ScanFilter} Expression parameters: {FilterExpression}',
    ],
    [
      'ConditionalOperator without a filter',
      { ConditionalOperator: 'OR' },
      'ConditionalOperator cannot be used without Filter or Expected',
    ],
    [
      'ConditionalOperator with an empty filter',
      { ConditionalOperator: 'AND', ScanFilter: {} },
      'ConditionalOperator cannot be used without Filter or Expected',
    ],
    [
      'ConditionalOperator with one condition',
      { ConditionalOperator: 'AND', ScanFilter: { v: { ComparisonOperator: 'NULL' } } },
      'ConditionalOperator can only be used when Filter or Expected has two or more elements',
    ],
    [
      'a bad condition before ConditionalOperator with one condition',
      { ConditionalOperator: 'AND', ScanFilter: { v: { ComparisonOperator: 'EQ' } } },
      'One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator',
    ],
    [
      'unused value',
      {
        FilterExpression: 'v = :v',
        ExpressionAttributeValues: { ':v': { N: '1' }, ':w': { N: '1' } },
      },
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}',
    ],
    [
      'COUNT with AttributesToGet',
      { Select: 'COUNT', AttributesToGet: ['v'] },
      'Cannot specify the AttributesToGet when choosing to get only the Count',
    ],
    [
      'SPECIFIC_ATTRIBUTES without projection',
      { Select: 'SPECIFIC_ATTRIBUTES' },
      'Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES',
    ],
    [
      'ALL_PROJECTED_ATTRIBUTES without index',
      { Select: 'ALL_PROJECTED_ATTRIBUTES' },
      'ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName',
    ],
    [
      'duplicate AttributesToGet',
      { AttributesToGet: ['v', 'v'] },
      'Cannot have two attributes with the same name',
    ],
    [
      'ALL_PROJECTED_ATTRIBUTES with a projection',
      { Select: 'ALL_PROJECTED_ATTRIBUTES', ProjectionExpression: 'v' },
      'Cannot specify the ProjectionExpression when choosing to get ALL_PROJECTED_ATTRIBUTES',
    ],
    [
      'ALL_PROJECTED_ATTRIBUTES with AttributesToGet',
      { Select: 'ALL_PROJECTED_ATTRIBUTES', AttributesToGet: ['v'] },
      'Cannot specify the AttributesToGet when choosing to get ALL_PROJECTED_ATTRIBUTES',
    ],
    // DynamoDB Local reports a duplicate in AttributesToGet after the Select rules.
    [
      'a duplicate in AttributesToGet after Select',
      { Select: 'COUNT', AttributesToGet: ['v', 'v'] },
      'Cannot specify the AttributesToGet when choosing to get only the Count',
    ],
    [
      'an index that does not exist',
      { IndexName: 'nope' },
      'The table does not have the specified index: nope',
    ],
    [
      'a nested path into a key attribute',
      { FilterExpression: 'sk.a = :v', ExpressionAttributeValues: { ':v': { N: '1' } } },
      "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: sk",
    ],
    [
      'a start key with too few attributes',
      { ExclusiveStartKey: { pk: { S: 'p' } } },
      "Exclusive Start Key must have same size as table's key schema",
    ],
    ['an empty start key', { ExclusiveStartKey: {} }, 'The provided starting key is invalid'],
    [
      'a start key with a wrong attribute',
      { ExclusiveStartKey: { pk: { S: 'p' }, x: { N: '1' } } },
      'The provided starting key is invalid',
    ],
    [
      'a mistyped start key',
      { ExclusiveStartKey: { pk: { S: 'p' }, sk: { S: '1' } } },
      'Type mismatch for attribute to update',
    ],
  ];
  for (const [name, input, message] of cases) {
    test(name, async () => {
      await assert.rejects(scan(input), { name: 'ValidationException', message });
    });
  }

  test('several errors: the one DynamoDB Local reports first', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      // The filter before the projection, both before Segment and TotalSegments.
      [
        { FilterExpression: 'v =', ProjectionExpression: 'v,', Segment: 1 },
        'Invalid FilterExpression: Syntax error; token: "<EOF>", near: "="',
      ],
      [
        { ProjectionExpression: 'v', ExpressionAttributeNames: { '#u': 'u' }, Segment: 1 },
        'Value provided in ExpressionAttributeNames unused in expressions: keys: {#u}',
      ],
      // The start key before paths into key attributes.
      [
        { ProjectionExpression: 'sk[0]', ExclusiveStartKey: { pk: { S: 'p' } } },
        "Exclusive Start Key must have same size as table's key schema",
      ],
    ];
    for (const [input, message] of cases) await rawScanRejects(input, message);
  });

  test('an empty expression counts as none beside legacy parameters and values', async () => {
    const values = { ExpressionAttributeValues: { ':v': { N: '1' } } };
    const scanFilter = { ScanFilter: { v: { ComparisonOperator: 'NULL' } } };
    const cases: Array<[Record<string, unknown>, string]> = [
      [
        { FilterExpression: '', ...values },
        'ExpressionAttributeValues can only be specified when using expressions: FilterExpression is null',
      ],
      [
        { FilterExpression: '', ...scanFilter, ...values },
        'ExpressionAttributeValues can only be specified when using expressions: FilterExpression is null',
      ],
      [
        { FilterExpression: '', ...scanFilter },
        'Invalid FilterExpression: The expression can not be empty;',
      ],
      [
        { FilterExpression: '', ProjectionExpression: 'v', ...scanFilter },
        'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {ScanFilter} Expression parameters: {ProjectionExpression}',
      ],
      [
        { FilterExpression: '', ConditionalOperator: 'AND' },
        'ConditionalOperator cannot be used without Filter or Expected',
      ],
      [
        { ProjectionExpression: '', AttributesToGet: ['v'] },
        'Invalid ProjectionExpression: The expression can not be empty;',
      ],
    ];
    for (const [input, message] of cases) await rawScanRejects(input, message);
  });

  test('expression length is counted in UTF-16 code units, and stated for filters only', async () => {
    const values = { ExpressionAttributeValues: { ':v': { N: '1' } } };
    const cases: Array<[Record<string, unknown>, string]> = [
      [
        { FilterExpression: `a = :v OR ${'b'.repeat(4087)} = :v`, ...values },
        'Invalid FilterExpression: Expression size has exceeded the maximum allowed size; expression size: 4102',
      ],
      [
        { ProjectionExpression: 'x'.repeat(4097) },
        'Invalid ProjectionExpression: Expression size has exceeded the maximum allowed size;',
      ],
      // 2,100 two-byte characters are within the limit: the text is parsed (and refused).
      [
        { FilterExpression: `a = :v OR ${'é'.repeat(2100)} = :v`, ...values },
        'Invalid FilterExpression: Syntax error; token: "é", near: "OR éé"',
      ],
      // A character outside the BMP is two tokens, as in Java.
      [
        { FilterExpression: 'a = :v OR \u{1F600}\u{1F600} = :v', ...values },
        'Invalid FilterExpression: Syntax error; token: "\uD83D", near: "OR \u{1F600}"',
      ],
    ];
    for (const [input, message] of cases) await rawScanRejects(input, message);
  });

  test('a group holding only another group is redundant, around operands too', async () => {
    const values = { ExpressionAttributeValues: { ':v': { N: '1' } } };
    const redundant = 'Invalid FilterExpression: The expression has redundant parentheses;';
    for (const FilterExpression of [
      '((v)) = w',
      'v = (((w)))',
      'size(((v))) = :v',
      '((attribute_exists(v)))',
      '((v = w))',
      // Reported as the group closes: before undefined values and later syntax errors.
      'x = :zz AND ((v)) = w',
      '((v = w)) AND',
      '(((v)) = w',
    ]) {
      const input = { FilterExpression, ...(FilterExpression.includes(':v') ? values : {}) };
      await rawScanRejects(input, redundant);
    }
    for (const FilterExpression of ['(v) = (w)', 'size((v)) = :v', '((v) = w)', 'v IN ((w), x)']) {
      const input = { FilterExpression, ...(FilterExpression.includes(':v') ? values : {}) };
      const response = await rawRequest(target.endpoint, 'Scan', {
        TableName: rangeTable,
        ...input,
      });
      assert.equal(response.status, 200, FilterExpression);
    }
  });

  test('function calls count as operators; the limit is checked after everything else', async () => {
    const tooMany =
      'Invalid FilterExpression: The expression contains too many operators; operator count: 301';
    const calls = (n: number) =>
      Array.from({ length: n }, (_, i) => `attribute_exists(v${i})`).join(' AND ');
    // 150 calls and 149 ANDs are 299 operators; 151 and 150 are 301.
    const ok = await rawRequest(target.endpoint, 'Scan', {
      TableName: rangeTable,
      FilterExpression: calls(150),
    });
    assert.equal(ok.status, 200);
    await rawScanRejects({ FilterExpression: calls(151) }, tooMany);
    const sizes = Array.from({ length: 101 }, (_, i) => `size(v${i}) = :n`).join(' OR ');
    await rawScanRejects(
      { FilterExpression: sizes, ExpressionAttributeValues: { ':n': { N: '1' } } },
      tooMany,
    );
    // A later syntax error, unknown function or undefined value is reported instead.
    await rawScanRejects(
      { FilterExpression: `${calls(151)} AND foo(w)` },
      'Invalid FilterExpression: Invalid function name; function: foo',
    );
    await rawScanRejects(
      { FilterExpression: `${calls(151)} AND w = :zz` },
      'Invalid FilterExpression: An expression attribute value used in expression is not defined; attribute value: :zz',
    );
  });

  test("BETWEEN checks its operands' types before their distinctness", async () => {
    await rawScanRejects(
      { FilterExpression: 'v BETWEEN :m AND v', ExpressionAttributeValues: { ':m': { M: {} } } },
      'Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: BETWEEN, operand type: M',
    );
  });

  test('a filter condition or an attribute to get sent as null', async () => {
    await rawScanRejects(
      { ScanFilter: { v: null } },
      'The filter condition for an attribute cannot be null: v',
    );
    await rawScanRejects({ AttributesToGet: ['v', null] }, 'Empty attribute name');
  });

  test('an empty or null name in AttributesToGet, before duplicates', async () => {
    for (const [operation, input] of [
      ['Scan', {}],
      [
        'Query',
        { KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] } } },
      ],
      ['GetItem', { Key: { pk: { S: 'p' }, sk: { N: '1' } } }],
    ] as const) {
      for (const names of [[''], [null], ['v', null], [null, null]]) {
        const response = await rawRequest(target.endpoint, operation, {
          TableName: rangeTable,
          ...input,
          AttributesToGet: names,
        });
        assert.equal(response.status, 400, `${operation} ${JSON.stringify(names)}`);
        assert.equal(response.body.message ?? response.body.Message, 'Empty attribute name');
      }
    }
  });

  test('a filter on key attributes is allowed in a Scan', async () => {
    const result = await scan({
      FilterExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': { S: 'p1' } },
    });
    assert.equal(result.Count, ITEM_COUNT / 30);
  });

  test('a start key of no stored item resumes at its place in scan order', async () => {
    const all = (await scan({})).Items!.map(keyId);
    const result = await scan({ ExclusiveStartKey: { pk: { S: 'no-such-item' }, sk: { N: '1' } } });
    const rest = result.Items!.map(keyId);
    assert.deepEqual(rest, all.slice(all.length - rest.length));
  });

  const segmentCases: Array<[string, Record<string, unknown>, string]> = [
    [
      'Segment without TotalSegments',
      { Segment: 1 },
      'The TotalSegments parameter is required but was not present in the request when Segment parameter is present',
    ],
    [
      'TotalSegments without Segment',
      { TotalSegments: 2 },
      'The Segment parameter is required but was not present in the request when parameter TotalSegments is present',
    ],
    [
      'Segment not below TotalSegments',
      { Segment: 5, TotalSegments: 5 },
      'The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 5 is not less than TotalSegments: 5',
    ],
  ];
  for (const [name, input, message] of segmentCases) {
    test(
      name,
      dynamoDbLocalDeviates('its own wording for Segment/TotalSegments errors'),
      async () => {
        const response = await rawRequest(target.endpoint, 'Scan', {
          TableName: rangeTable,
          ...input,
        });
        assert.equal(response.status, 400);
        assert.equal(response.body.__type, 'com.amazon.coral.validate#ValidationException');
        assert.equal(response.body.message ?? response.body.Message, message);
      },
    );
  }
});
