// PutItem, GetItem and DeleteItem through the SDK: round trips, projections, keys and every error.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteItemCommand,
  DeleteTableCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type AttributeValue,
  type GetItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { rawRequest } from '../helpers/raw-request.js';
import { createKeyedTable, type KeyAttribute } from '../helpers/tables.js';
import {
  dynamoDbLocalDeviates,
  startTarget,
  uniqueTableName,
  type TestTarget,
} from '../helpers/server.js';

let target: TestTarget;
const hashTable = uniqueTableName('items-hash');
const rangeTable = uniqueTableName('items-range');
const binaryTable = uniqueTableName('items-binary');

const createTable = (name: string, partition: KeyAttribute, sort?: KeyAttribute) =>
  createKeyedTable(target.client, name, partition, sort);

before(async () => {
  target = await startTarget();
  await createTable(hashTable, ['pk', 'S']);
  await createTable(rangeTable, ['pk', 'S'], ['sk', 'N']);
  await createTable(binaryTable, ['pk', 'B'], ['sk', 'S']);
});

after(async () => {
  for (const TableName of [hashTable, rangeTable, binaryTable]) {
    await target.client.send(new DeleteTableCommand({ TableName }));
  }
  await target.close();
});

async function rejectsWith(promise: Promise<unknown>, name: string, message?: string | RegExp) {
  await assert.rejects(promise, (error: Error) => {
    assert.equal(error.name, name);
    if (typeof message === 'string') assert.equal(error.message, message);
    else if (message !== undefined) assert.match(error.message, message);
    return true;
  });
}

const put = (TableName: string, Item: Record<string, AttributeValue>, extra = {}) =>
  target.client.send(new PutItemCommand({ TableName, Item, ...extra }));
const get = (TableName: string, Key: Record<string, AttributeValue>, extra = {}) =>
  target.client.send(new GetItemCommand({ TableName, Key, ...extra }));

const ALL_TYPES: Record<string, AttributeValue> = {
  pk: { S: 'all-types' },
  s: { S: 'héllo ✓' },
  emptyString: { S: '' },
  n: { N: '-12.5' },
  b: { B: new Uint8Array([0, 1, 2, 255]) },
  emptyBinary: { B: new Uint8Array([]) },
  ss: { SS: ['a', 'b', 'c'] },
  ns: { NS: ['1', '2.5', '-3'] },
  bs: { BS: [new Uint8Array([1]), new Uint8Array([2, 3])] },
  bool: { BOOL: false },
  nul: { NULL: true },
  list: { L: [{ S: 'x' }, { N: '1' }, { L: [] }, { M: {} }, { NULL: true }] },
  map: { M: { nested: { M: { deeper: { L: [{ BOOL: true }, { SS: ['z'] }] } } }, n: { N: '0' } } },
};

/** Sets come back in any order: compare them sorted. */
function normalise(item: Record<string, AttributeValue> | undefined): unknown {
  return JSON.parse(
    JSON.stringify(item, (_key, value: unknown) => {
      if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        const record = value as Record<string, unknown>;
        for (const set of ['SS', 'NS', 'BS']) {
          if (Array.isArray(record[set]))
            return { [set]: [...(record[set] as unknown[])].map(String).sort() };
        }
      }
      return value;
    }),
  );
}

describe('round trips', () => {
  test('all ten attribute types, nested maps and lists, empty strings and binaries', async () => {
    await put(hashTable, ALL_TYPES);
    const { Item } = await get(hashTable, { pk: { S: 'all-types' } }, { ConsistentRead: true });
    assert.deepEqual(normalise(Item), normalise(ALL_TYPES));
  });

  test('numbers come back canonical', async () => {
    const numbers = {
      a: '5.0',
      b: '-0',
      c: '1e3',
      d: '0.10',
      e: '+7',
      f: '-00012.3400',
      g: '1E-5',
    };
    const item: Record<string, AttributeValue> = { pk: { S: 'numbers' } };
    for (const [name, N] of Object.entries(numbers)) item[name] = { N };
    item.set = { NS: ['1.50', '2'] };
    await put(hashTable, item);
    const { Item } = await get(hashTable, { pk: { S: 'numbers' } });
    assert.deepEqual(
      { ...Item, pk: undefined, set: undefined },
      {
        pk: undefined,
        set: undefined,
        a: { N: '5' },
        b: { N: '0' },
        c: { N: '1000' },
        d: { N: '0.1' },
        e: { N: '7' },
        f: { N: '-12.34' },
        g: { N: '0.00001' },
      },
    );
    assert.deepEqual([...(Item!.set!.NS ?? [])].sort(), ['1.5', '2']);
  });

  test('DocumentClient round trip of native values', async () => {
    const item = {
      pk: 'doc',
      str: 'text',
      num: 42,
      big: 1.5,
      flag: true,
      nothing: null,
      list: [1, 'two', { three: 3 }],
      map: { a: { b: [false] } },
      strings: new Set(['x', 'y']),
      numbers: new Set([1, 2]),
      bytes: new Uint8Array([9, 8]),
    };
    await target.doc.send(new PutCommand({ TableName: hashTable, Item: item }));
    const { Item } = await target.doc.send(
      new GetCommand({ TableName: hashTable, Key: { pk: 'doc' } }),
    );
    assert.deepEqual(Item, item);
    await target.doc.send(new DeleteCommand({ TableName: hashTable, Key: { pk: 'doc' } }));
    const gone = await target.doc.send(
      new GetCommand({ TableName: hashTable, Key: { pk: 'doc' } }),
    );
    assert.equal(gone.Item, undefined);
  });

  test('composite and binary keys address distinct items', async () => {
    await put(rangeTable, { pk: { S: 'p' }, sk: { N: '1' }, v: { S: 'one' } });
    await put(rangeTable, { pk: { S: 'p' }, sk: { N: '1.0' }, v: { S: 'uno' } });
    await put(rangeTable, { pk: { S: 'p' }, sk: { N: '2' }, v: { S: 'two' } });
    const one = await get(rangeTable, { pk: { S: 'p' }, sk: { N: '1.00' } });
    assert.deepEqual(one.Item?.v, { S: 'uno' });
    const two = await get(rangeTable, { pk: { S: 'p' }, sk: { N: '2' } });
    assert.deepEqual(two.Item?.v, { S: 'two' });
    const key = { pk: { B: new Uint8Array([1, 2]) }, sk: { S: 'x' } };
    await put(binaryTable, { ...key, v: { BOOL: true } });
    assert.deepEqual((await get(binaryTable, key)).Item?.v, { BOOL: true });
  });

  test('a missing item answers without Item', async () => {
    const response = await get(hashTable, { pk: { S: 'never-written' } });
    assert.equal(response.Item, undefined);
  });
});

describe('ReturnValues', () => {
  test('PutItem ALL_OLD returns the replaced item, nothing when new', async () => {
    const first = await put(
      hashTable,
      { pk: { S: 'rv' }, v: { N: '1' } },
      { ReturnValues: 'ALL_OLD' },
    );
    assert.equal(first.Attributes, undefined);
    const second = await put(
      hashTable,
      { pk: { S: 'rv' }, v: { N: '2' } },
      { ReturnValues: 'ALL_OLD' },
    );
    assert.deepEqual(second.Attributes, { pk: { S: 'rv' }, v: { N: '1' } });
    const none = await put(hashTable, { pk: { S: 'rv' }, v: { N: '3' } }, { ReturnValues: 'NONE' });
    assert.equal(none.Attributes, undefined);
  });

  test('DeleteItem ALL_OLD returns the deleted item, nothing when absent', async () => {
    await put(hashTable, { pk: { S: 'del' }, v: { SS: ['a'] } });
    const Key = { pk: { S: 'del' } };
    const first = await target.client.send(
      new DeleteItemCommand({ TableName: hashTable, Key, ReturnValues: 'ALL_OLD' }),
    );
    assert.deepEqual(first.Attributes, { pk: { S: 'del' }, v: { SS: ['a'] } });
    const second = await target.client.send(
      new DeleteItemCommand({ TableName: hashTable, Key, ReturnValues: 'ALL_OLD' }),
    );
    assert.equal(second.Attributes, undefined);
    assert.equal((await get(hashTable, Key)).Item, undefined);
  });

  test(
    'other ReturnValues are refused',
    dynamoDbLocalDeviates('says "Return values set to invalid value"'),
    async () => {
      const message = 'ReturnValues can only be ALL_OLD or NONE';
      for (const ReturnValues of ['ALL_NEW', 'UPDATED_OLD', 'UPDATED_NEW'] as const) {
        await rejectsWith(
          put(hashTable, { pk: { S: 'x' } }, { ReturnValues }),
          'ValidationException',
          message,
        );
        await rejectsWith(
          target.client.send(
            new DeleteItemCommand({ TableName: hashTable, Key: { pk: { S: 'x' } }, ReturnValues }),
          ),
          'ValidationException',
          message,
        );
      }
    },
  );

  test('ReturnItemCollectionMetrics is accepted and returns nothing without indexes', async () => {
    const response = await put(
      hashTable,
      { pk: { S: 'icm' } },
      { ReturnItemCollectionMetrics: 'SIZE' },
    );
    assert.equal(response.ItemCollectionMetrics, undefined);
  });
});

describe('key checks', () => {
  const NO_MATCH = 'The provided key element does not match the schema';

  test('a Key that does not match the schema', dynamoDbLocalDeviates('own wording'), async () => {
    const keys: Array<Record<string, AttributeValue>> = [
      { pk: { S: 'a' } },
      { pk: { S: 'a' }, sk: { S: '1' } },
      { pk: { N: '1' }, sk: { N: '1' } },
      { pk: { S: 'a' }, sk: { N: '1' }, extra: { S: 'x' } },
      { other: { S: 'a' }, sk: { N: '1' } },
    ];
    for (const Key of keys) {
      await rejectsWith(get(rangeTable, Key), 'ValidationException', NO_MATCH);
      await rejectsWith(
        target.client.send(new DeleteItemCommand({ TableName: rangeTable, Key })),
        'ValidationException',
        NO_MATCH,
      );
    }
  });

  test(
    'an Item without its key or with a mistyped key',
    dynamoDbLocalDeviates('own wording'),
    async () => {
      await rejectsWith(
        put(rangeTable, { pk: { S: 'a' } }),
        'ValidationException',
        'One or more parameter values were invalid: Missing the key sk in the item',
      );
      await rejectsWith(
        put(rangeTable, { pk: { S: 'a' }, sk: { S: '1' } }),
        'ValidationException',
        'One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S',
      );
    },
  );

  test('empty string and binary key values', async () => {
    const empty = (kind: string, key: string) =>
      `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${kind} value. Key: ${key}`;
    await rejectsWith(
      put(hashTable, { pk: { S: '' } }),
      'ValidationException',
      empty('string', 'pk'),
    );
    await rejectsWith(
      get(hashTable, { pk: { S: '' } }),
      'ValidationException',
      empty('string', 'pk'),
    );
    await rejectsWith(
      put(binaryTable, { pk: { B: new Uint8Array() }, sk: { S: 'x' } }),
      'ValidationException',
      empty('binary', 'pk'),
    );
    await rejectsWith(
      put(binaryTable, { pk: { B: new Uint8Array([1]) }, sk: { S: '' } }),
      'ValidationException',
      empty('string', 'sk'),
    );
  });

  test('an empty attribute name: in an item, a nested map, a key, Expected', async () => {
    const refused = (request: Promise<unknown>) =>
      rejectsWith(request, 'ValidationException', 'Empty attribute name');
    const pk = { S: 'empty-name' };
    await refused(put(hashTable, { pk, '': { S: 'x' } }));
    await refused(put(hashTable, { pk, l: { L: [{ M: { '': { N: '1' } } }] } }));
    await refused(put(hashTable, { pk }, { Expected: { '': { Exists: false } } }));
    await refused(get(hashTable, { pk, '': { S: 'x' } }));
    await refused(
      target.client.send(new DeleteItemCommand({ TableName: hashTable, Key: { '': pk } })),
    );
    // The value is checked first: its own error wins.
    await rejectsWith(
      put(hashTable, { pk, '': { NULL: false } }),
      'ValidationException',
      'One or more parameter values were invalid: Null attribute value types must have the value of true',
    );
    assert.equal((await get(hashTable, { pk })).Item, undefined);
  });

  test('largest legal keys work; one byte more fails', async () => {
    const partition = 'p'.repeat(2048);
    await put(hashTable, { pk: { S: partition }, v: { N: '1' } });
    assert.deepEqual((await get(hashTable, { pk: { S: partition } })).Item?.v, { N: '1' });
    const sort = 's'.repeat(1024);
    const binaryKey = { pk: { B: new Uint8Array(2048).fill(7) }, sk: { S: sort } };
    await put(binaryTable, { ...binaryKey, v: { N: '2' } });
    assert.deepEqual((await get(binaryTable, binaryKey)).Item?.v, { N: '2' });
    // Multi-byte characters count in UTF-8 bytes.
    await put(hashTable, { pk: { S: 'é'.repeat(1024) } });

    await rejectsWith(put(hashTable, { pk: { S: partition + 'p' } }), 'ValidationException');
    await rejectsWith(get(hashTable, { pk: { S: 'é'.repeat(1024) + 'p' } }), 'ValidationException');
    await rejectsWith(
      put(binaryTable, { pk: { B: new Uint8Array(2049) }, sk: { S: 'x' } }),
      'ValidationException',
    );
    await rejectsWith(
      put(binaryTable, { pk: { B: new Uint8Array(1) }, sk: { S: sort + 's' } }),
      'ValidationException',
    );
  });

  test('key size messages', dynamoDbLocalDeviates('one combined sentence'), async () => {
    await rejectsWith(
      put(hashTable, { pk: { S: 'p'.repeat(2049) } }),
      'ValidationException',
      'One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes',
    );
    await rejectsWith(
      get(binaryTable, { pk: { B: new Uint8Array(1) }, sk: { S: 's'.repeat(1025) } }),
      'ValidationException',
      'One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes',
    );
  });

  test('a missing table', async () => {
    const TableName = uniqueTableName('missing');
    await rejectsWith(put(TableName, { pk: { S: 'a' } }), 'ResourceNotFoundException');
    await rejectsWith(get(TableName, { pk: { S: 'a' } }), 'ResourceNotFoundException');
    await rejectsWith(
      target.client.send(new DeleteItemCommand({ TableName, Key: { pk: { S: 'a' } } })),
      'ResourceNotFoundException',
    );
  });

  test(
    'missing table message, after request validation',
    dynamoDbLocalDeviates('own wording, table checked first'),
    async () => {
      const TableName = uniqueTableName('missing');
      await rejectsWith(
        get(TableName, { pk: { S: 'a' } }),
        'ResourceNotFoundException',
        'Requested resource not found',
      );
      await rejectsWith(
        put(TableName, { pk: { S: 'a' } }, { ReturnValues: 'ALL_NEW' }),
        'ValidationException',
        'ReturnValues can only be ALL_OLD or NONE',
      );
    },
  );
});

describe('item size', () => {
  // pk (2) + "a" (1) + d (1) + the string: 4 bytes of overhead.
  const itemOfSize = (sizeBytes: number) => ({
    pk: { S: 'a' },
    d: { S: 'x'.repeat(sizeBytes - 4) },
  });

  test('400 KB is the largest item; one byte more fails', async () => {
    await put(hashTable, itemOfSize(409_600));
    const { Item } = await get(hashTable, { pk: { S: 'a' } });
    assert.equal(Item?.d?.S?.length, 409_596);
    await rejectsWith(
      put(hashTable, itemOfSize(409_601)),
      'ValidationException',
      'Item size has exceeded the maximum allowed size',
    );
  });
});

describe('projections', () => {
  const Key = { pk: { S: 'projected' } };
  const ITEM: Record<string, AttributeValue> = {
    ...Key,
    a: {
      M: {
        b: { L: [{ S: 'x' }, { S: 'y' }, { M: { c: { N: '1' }, d: { N: '2' } } }] },
        e: { S: 'f' },
      },
    },
    g: { N: '5' },
    h: { L: [{ N: '1' }, { N: '2' }, { N: '3' }] },
  };
  const project = (extra: Partial<GetItemCommandInput>) => get(hashTable, Key, extra);

  before(async () => {
    await put(hashTable, ITEM);
  });

  test('top-level, nested and list-index paths', async () => {
    const cases: Array<[string, Record<string, AttributeValue>]> = [
      ['g', { g: { N: '5' } }],
      ['a.b[2].c', { a: { M: { b: { L: [{ M: { c: { N: '1' } } }] } } } }],
      ['a.b[2].c, g', { a: { M: { b: { L: [{ M: { c: { N: '1' } } }] } } }, g: { N: '5' } }],
      ['h[2], h[0]', { h: { L: [{ N: '1' }, { N: '3' }] } }],
      ['h[5]', {}],
      ['a.zz', {}],
      ['a.b[9], a.e', { a: { M: { e: { S: 'f' } } } }],
      ['h[9], h[1]', { h: { L: [{ N: '2' }] } }],
      ['g[0], h.x, a.e.x, zz.yy', {}],
      ['a . b [ 1 ]', { a: { M: { b: { L: [{ S: 'y' }] } } } }],
      ['pk', Key],
      ['size, a_1', {}],
    ];
    for (const [ProjectionExpression, expected] of cases) {
      const { Item } = await project({ ProjectionExpression });
      assert.deepEqual(Item, expected, ProjectionExpression);
    }
  });

  test('#name placeholders, including reserved words and names with dots', async () => {
    await put(hashTable, { pk: { S: 'names' }, name: { S: 'n' }, 'a.b': { S: 'dotted' } });
    const { Item } = await get(
      hashTable,
      { pk: { S: 'names' } },
      { ProjectionExpression: '#n, #d', ExpressionAttributeNames: { '#n': 'name', '#d': 'a.b' } },
    );
    assert.deepEqual(Item, { name: { S: 'n' }, 'a.b': { S: 'dotted' } });
  });

  test('AttributesToGet', async () => {
    const { Item } = await project({ AttributesToGet: ['g', 'a.b', 'missing'] });
    assert.deepEqual(Item, { g: { N: '5' } });
  });

  test('projection errors', async () => {
    const invalid = (reason: string) => `Invalid ProjectionExpression: ${reason}`;
    const syntax = (token: string, near: string) =>
      invalid(`Syntax error; token: "${token}", near: "${near}"`);
    const cases: Array<[Partial<GetItemCommandInput>, string]> = [
      [{ ProjectionExpression: '' }, invalid('The expression can not be empty;')],
      [{ ProjectionExpression: 'a..b' }, syntax('.', '..b')],
      [{ ProjectionExpression: 'a.' }, syntax('<EOF>', '.')],
      [{ ProjectionExpression: 'a,  ' }, syntax('<EOF>', ',  ')],
      [{ ProjectionExpression: 'a[x]' }, syntax('x', '[x]')],
      [{ ProjectionExpression: '  a  b  c' }, syntax('b', 'a  b  c')],
      [{ ProjectionExpression: '  ,a' }, syntax(',', '  ,a')],
      [{ ProjectionExpression: 'a[01]' }, syntax('1', '01]')],
      [{ ProjectionExpression: 'a[-1]' }, syntax('-', '[-1')],
      [{ ProjectionExpression: '_a' }, syntax('_', '_a')],
      [{ ProjectionExpression: ':v' }, syntax(':v', ':v')],
      [{ ProjectionExpression: 'a#b' }, syntax('#b', 'a#b')],
      [{ ProjectionExpression: 'x.and' }, syntax('and', '.and')],
      [{ ProjectionExpression: 'size(a)' }, syntax('(', 'size(a')],
      [{ ProjectionExpression: 'a.b[1]x' }, syntax('x', ']x')],
      [
        { ProjectionExpression: 'a[2147483648]' },
        invalid('List index is not within the allowable range; index: [2147483648]'),
      ],
      [
        { ProjectionExpression: 'name' },
        invalid('Attribute name is a reserved keyword; reserved keyword: name'),
      ],
      [
        { ProjectionExpression: '#x, Name' },
        invalid('Attribute name is a reserved keyword; reserved keyword: Name'),
      ],
      [
        { ProjectionExpression: 'x . #y' },
        invalid(
          'An expression attribute name used in the document path is not defined; attribute name: #y',
        ),
      ],
      [
        { ProjectionExpression: 'a, a.b' },
        invalid(
          'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]',
        ),
      ],
      [
        { ProjectionExpression: 'a.b, a' },
        invalid(
          'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a]',
        ),
      ],
      [
        { ProjectionExpression: 'h[1], h[1].x' },
        invalid(
          'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [h, [1]], path two: [h, [1], x]',
        ),
      ],
      [
        { ProjectionExpression: 'a[1], a.b' },
        invalid(
          'Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, [1]], path two: [a, b]',
        ),
      ],
      [
        { ProjectionExpression: '#a, #a.b', ExpressionAttributeNames: { '#a': 'a' } },
        invalid(
          'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]',
        ),
      ],
      // Paths are checked last first; the second path named is the last one (in Java HashMap
      // order) below where the clash shows, not always the clashing one (DynamoDB Local 3.3).
      [
        { ProjectionExpression: 'x, a.b, y, a' },
        invalid(
          'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [y]',
        ),
      ],
      [
        { ProjectionExpression: 'a, a.b, a.c' },
        invalid(
          'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, c]',
        ),
      ],
      [
        { ProjectionExpression: 'a[0], a.b, z' },
        invalid(
          'Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, [0]], path two: [a, b]',
        ),
      ],
      [
        { ProjectionExpression: '#zz, #yy' },
        invalid(
          'An expression attribute name used in the document path is not defined; attribute name: #yy',
        ),
      ],
      [
        { ProjectionExpression: '#zz, a, a' },
        invalid(
          'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]',
        ),
      ],
      [
        { ProjectionExpression: `a${'.b'.repeat(32)}` },
        invalid('The document path has too many nesting levels; nesting levels: 33'),
      ],
      [
        { ProjectionExpression: 'pk.x' },
        "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk",
      ],
      [
        {
          ProjectionExpression: '#n.b',
          ExpressionAttributeNames: { '#n': 'a', '#m': 'x', '#z': 'y' },
        },
        'Value provided in ExpressionAttributeNames unused in expressions: keys: {#z, #m}',
      ],
      [
        { ProjectionExpression: 'a', ExpressionAttributeNames: {} },
        'ExpressionAttributeNames must not be empty',
      ],
      [
        { ProjectionExpression: 'a', ExpressionAttributeNames: { n: 'x' } },
        'ExpressionAttributeNames contains invalid key: Syntax error; key: "n"',
      ],
      [
        { ProjectionExpression: '#n', ExpressionAttributeNames: { '#n': '' } },
        'ExpressionAttributeNames contains invalid value: Empty attribute name for key #n',
      ],
      [
        { ExpressionAttributeNames: { '#n': 'x' } },
        'ExpressionAttributeNames can only be specified when using expressions',
      ],
      [{ AttributesToGet: ['a', ''] }, 'Empty attribute name'],
      [
        { ExpressionAttributeNames: { '#n': 'x' }, AttributesToGet: ['a'] },
        'ExpressionAttributeNames can only be specified when using expressions',
      ],
      [
        { ProjectionExpression: '', AttributesToGet: ['a'] },
        'Invalid ProjectionExpression: The expression can not be empty;',
      ],
      [
        { ProjectionExpression: 'a', AttributesToGet: ['a'] },
        'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}',
      ],
    ];
    for (const [extra, message] of cases) {
      await rejectsWith(project(extra), 'ValidationException', message);
    }
  });

  test('a name or an attribute to get sent as null', async () => {
    for (const [extra, message] of [
      [
        { ProjectionExpression: '#n', ExpressionAttributeNames: { '#n': null } },
        'ExpressionAttributeNames contains invalid value: null for key #n',
      ],
      [{ AttributesToGet: [null, null] }, 'Empty attribute name'],
    ] as const) {
      const response = await rawRequest(target.endpoint, 'GetItem', {
        TableName: hashTable,
        Key,
        ...extra,
      });
      assert.equal(response.status, 400);
      assert.equal(response.body.message ?? response.body.Message, message);
    }
  });

  test(
    'duplicate AttributesToGet',
    dynamoDbLocalDeviates('says "Cannot have two attributes with the same name"'),
    async () => {
      await rejectsWith(
        project({ AttributesToGet: ['a', 'g', 'a'] }),
        'ValidationException',
        'One or more parameter values were invalid: Duplicate value in attribute name: a',
      );
    },
  );
});

describe('condition parameters', () => {
  test('mixing expression and legacy parameters', async () => {
    const Item = { pk: { S: 'cond' } };
    const cases: Array<[Record<string, unknown>, string]> = [
      [
        { ConditionExpression: 'attribute_exists(a)', Expected: { a: { Exists: false } } },
        'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}',
      ],
      [
        { ConditionExpression: 'attribute_exists(a)', ConditionalOperator: 'AND' },
        'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {ConditionalOperator} Expression parameters: {ConditionExpression}',
      ],
      [
        { ConditionalOperator: 'AND' },
        'ConditionalOperator cannot be used without Filter or Expected',
      ],
      [
        { ConditionalOperator: 'OR', Expected: { a: { Exists: false } } },
        'ConditionalOperator can only be used when Filter or Expected has two or more elements',
      ],
      [
        { ExpressionAttributeNames: { '#a': 'a' } },
        'ExpressionAttributeNames can only be specified when using expressions',
      ],
      [
        { ExpressionAttributeValues: { ':a': { S: 'a' } } },
        'ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null',
      ],
    ];
    for (const [extra, message] of cases) {
      const response = await rawRequest(target.endpoint, 'PutItem', {
        TableName: hashTable,
        Item,
        ...extra,
      });
      assert.equal(response.status, 400);
      assert.equal(response.body.__type, 'com.amazon.coral.validate#ValidationException');
      assert.equal(response.body.message ?? response.body.Message, message);
    }
  });

  test('an empty Expected, ExpressionAttributeNames or -Values map counts as absent', async () => {
    const pk = { S: 'cond-empty-maps' };
    await put(hashTable, { pk }, { Expected: {}, ExpressionAttributeNames: {} });
    await put(hashTable, { pk }, { ExpressionAttributeValues: {} });
    await rejectsWith(
      put(hashTable, { pk }, { Expected: {}, ConditionExpression: 'attribute_not_exists(pk)' }),
      'ConditionalCheckFailedException',
    );
    await rejectsWith(
      put(
        hashTable,
        { pk },
        { ExpressionAttributeNames: {}, ConditionExpression: 'attribute_not_exists(pk)' },
      ),
      'ValidationException',
      'ExpressionAttributeNames must not be empty',
    );
    await get(hashTable, { pk }, { ExpressionAttributeNames: {} });
    const deleted = await target.client.send(
      new DeleteItemCommand({
        TableName: hashTable,
        Key: { pk },
        Expected: { a: { Exists: false } },
        ExpressionAttributeValues: {},
        ReturnValues: 'ALL_OLD',
      }),
    );
    assert.deepEqual(deleted.Attributes, { pk });
  });

  test('ConditionalOperator is checked after the item, ReturnValues and the Expected entries', async () => {
    const one = { ConditionalOperator: 'AND', Expected: { a: { Exists: false } } };
    const cases: Array<[string, Record<string, unknown>, string]> = [
      [
        'PutItem',
        { Item: { pk: { S: 'cond' }, v: { NULL: false } }, ...one },
        'One or more parameter values were invalid: Null attribute value types must have the value of true',
      ],
      [
        'PutItem',
        { Item: { pk: { S: 'cond' }, v: { NULL: false } }, ConditionalOperator: 'OR' },
        'One or more parameter values were invalid: Null attribute value types must have the value of true',
      ],
      [
        'PutItem',
        { Item: { pk: { S: 'cond' } }, ...one, Expected: { a: { Exists: true } } },
        'One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: a',
      ],
      [
        'DeleteItem',
        { Key: { pk: { S: 'cond' } }, ...one, Expected: { '': { Exists: false } } },
        'Empty attribute name',
      ],
      [
        'PutItem',
        { Item: { pk: { S: 'cond' } }, ConditionalOperator: 'AND', Expected: {} },
        'ConditionalOperator cannot be used without Filter or Expected',
      ],
      [
        'UpdateItem',
        { Key: { pk: { S: 'cond' } }, ...one, AttributeUpdates: { a: { Action: 'PUT' } } },
        'ConditionalOperator can only be used when Filter or Expected has two or more elements',
      ],
    ];
    for (const [operation, extra, message] of cases) {
      const response = await rawRequest(target.endpoint, operation, {
        TableName: hashTable,
        ...extra,
      });
      assert.equal(response.status, 400);
      assert.equal(response.body.message ?? response.body.Message, message, operation);
    }
  });
});

describe('key attributes named like Object members', () => {
  const table = uniqueTableName('items-object-names');
  const Item = { constructor: { S: 'a' }, toString: { N: '1' }, valueOf: { S: 'v' } };
  before(async () => {
    await createTable(table, ['constructor', 'S'], ['toString', 'N']);
    await put(table, Item);
  });
  after(() => target.client.send(new DeleteTableCommand({ TableName: table })));

  test('are read from the item itself', async () => {
    assert.deepEqual(
      (await get(table, { constructor: { S: 'a' }, toString: { N: '1' } })).Item,
      Item,
    );
    const query = await target.client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: '#p = :p',
        ExpressionAttributeNames: { '#p': 'constructor' },
        ExpressionAttributeValues: { ':p': { S: 'a' } },
        Limit: 1,
      }),
    );
    assert.deepEqual(query.Items, [Item]);
    assert.deepEqual(query.LastEvaluatedKey, { constructor: { S: 'a' }, toString: { N: '1' } });
    const insert = await rawRequest(target.endpoint, 'ExecuteStatement', {
      Statement: `INSERT INTO "${table}" VALUE {'toString': 2}`,
    });
    assert.equal(insert.status, 400);
    assert.equal(
      insert.body.message ?? insert.body.Message,
      'Key attribute should be present in the item: Key constructor',
    );
  });

  test('are missing when the item lacks them', dynamoDbLocalDeviates('own wording'), async () => {
    await rejectsWith(
      put(table, { other: { S: 'x' } }),
      'ValidationException',
      'One or more parameter values were invalid: Missing the key constructor in the item',
    );
    await rejectsWith(
      put(table, { constructor: { S: 'a' } }),
      'ValidationException',
      'One or more parameter values were invalid: Missing the key toString in the item',
    );
  });
});
