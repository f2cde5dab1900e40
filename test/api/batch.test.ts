// BatchGetItem and BatchWriteItem through the SDK: multi-table reads and writes, limits, duplicates.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteTableCommand,
  GetItemCommand,
  type AttributeValue,
  type BatchGetItemCommandInput,
  type BatchWriteItemCommandInput,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { rawRequest } from '../helpers/raw-request.js';
import { createKeyedTable, type KeyAttribute } from '../helpers/tables.js';
import {
  dynamoDbLocalDeviates,
  startTarget,
  uniqueTableName,
  type TestTarget,
} from '../helpers/server.js';

let target: TestTarget;
const hashTable = uniqueTableName('batch-hash');
const rangeTable = uniqueTableName('batch-range');

const createTable = (name: string, partition: KeyAttribute, sort?: KeyAttribute) =>
  createKeyedTable(target.client, name, partition, sort);

before(async () => {
  target = await startTarget();
  await createTable(hashTable, ['pk', 'S']);
  await createTable(rangeTable, ['pk', 'S'], ['sk', 'N']);
});

after(async () => {
  for (const TableName of [hashTable, rangeTable]) {
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

const batchWrite = (input: BatchWriteItemCommandInput) =>
  target.client.send(new BatchWriteItemCommand(input));
const batchGet = (input: BatchGetItemCommandInput) =>
  target.client.send(new BatchGetItemCommand(input));
const putRequest = (Item: Record<string, AttributeValue>): WriteRequest => ({
  PutRequest: { Item },
});
const deleteRequest = (Key: Record<string, AttributeValue>): WriteRequest => ({
  DeleteRequest: { Key },
});
const byPk = (items: Array<Record<string, AttributeValue>> = []) =>
  [...items].sort((a, b) => String(a.pk?.S).localeCompare(String(b.pk?.S)));

describe('BatchWriteItem + BatchGetItem', () => {
  test('writes and reads across tables; every requested table answers', async () => {
    const written = await batchWrite({
      RequestItems: {
        [hashTable]: [
          putRequest({ pk: { S: 'a' }, v: { N: '1' }, m: { M: { x: { S: 'y' } } } }),
          putRequest({ pk: { S: 'b' }, v: { N: '2' } }),
        ],
        [rangeTable]: [putRequest({ pk: { S: 'a' }, sk: { N: '1' }, v: { SS: ['s'] } })],
      },
    });
    assert.deepEqual(written.UnprocessedItems, {});

    const read = await batchGet({
      RequestItems: {
        [hashTable]: { Keys: [{ pk: { S: 'a' } }, { pk: { S: 'b' } }, { pk: { S: 'none' } }] },
        [rangeTable]: {
          Keys: [
            { pk: { S: 'a' }, sk: { N: '1.0' } },
            { pk: { S: 'a' }, sk: { N: '2' } },
          ],
          ConsistentRead: true,
        },
      },
    });
    assert.deepEqual(read.UnprocessedKeys, {});
    assert.deepEqual(byPk(read.Responses?.[hashTable]), [
      { pk: { S: 'a' }, v: { N: '1' }, m: { M: { x: { S: 'y' } } } },
      { pk: { S: 'b' }, v: { N: '2' } },
    ]);
    assert.deepEqual(read.Responses?.[rangeTable], [
      { pk: { S: 'a' }, sk: { N: '1' }, v: { SS: ['s'] } },
    ]);

    const nothing = await batchGet({
      RequestItems: { [hashTable]: { Keys: [{ pk: { S: 'nothing' } }] } },
    });
    assert.deepEqual(nothing.Responses, { [hashTable]: [] });
  });

  test('deletes, and deleting an absent key is fine', async () => {
    await batchWrite({ RequestItems: { [hashTable]: [putRequest({ pk: { S: 'gone' } })] } });
    const result = await batchWrite({
      RequestItems: {
        [hashTable]: [deleteRequest({ pk: { S: 'gone' } }), deleteRequest({ pk: { S: 'never' } })],
      },
    });
    assert.deepEqual(result.UnprocessedItems, {});
    const read = await target.client.send(
      new GetItemCommand({ TableName: hashTable, Key: { pk: { S: 'gone' } } }),
    );
    assert.equal(read.Item, undefined);
  });

  test('per-table projections', async () => {
    const read = await batchGet({
      RequestItems: {
        [hashTable]: {
          Keys: [{ pk: { S: 'a' } }, { pk: { S: 'b' } }],
          ProjectionExpression: '#m.x, pk',
          ExpressionAttributeNames: { '#m': 'm' },
        },
      },
    });
    assert.deepEqual(byPk(read.Responses?.[hashTable]), [
      { pk: { S: 'a' }, m: { M: { x: { S: 'y' } } } },
      { pk: { S: 'b' } },
    ]);
    const legacy = await batchGet({
      RequestItems: {
        [rangeTable]: { Keys: [{ pk: { S: 'a' }, sk: { N: '1' } }], AttributesToGet: ['v'] },
      },
    });
    assert.deepEqual(legacy.Responses?.[rangeTable], [{ v: { SS: ['s'] } }]);
  });

  test('DocumentClient batch round trip', async () => {
    await target.doc.send(
      new BatchWriteCommand({
        RequestItems: {
          [hashTable]: [{ PutRequest: { Item: { pk: 'doc', list: [1, 'x'], flag: true } } }],
        },
      }),
    );
    const read = await target.doc.send(
      new BatchGetCommand({ RequestItems: { [hashTable]: { Keys: [{ pk: 'doc' }] } } }),
    );
    assert.deepEqual(read.Responses?.[hashTable], [{ pk: 'doc', list: [1, 'x'], flag: true }]);
  });

  test('nothing is written when any request is invalid', async () => {
    await rejectsWith(
      batchWrite({
        RequestItems: {
          [hashTable]: [putRequest({ pk: { S: 'not-written' } })],
          [rangeTable]: [putRequest({ pk: { S: 'a' }, sk: { S: 'wrong type' } })],
        },
      }),
      'ValidationException',
    );
    const read = await target.client.send(
      new GetItemCommand({ TableName: hashTable, Key: { pk: { S: 'not-written' } } }),
    );
    assert.equal(read.Item, undefined);
  });
});

describe('batch errors', () => {
  const DUPLICATES = 'Provided list of item keys contains duplicates';

  test('duplicate keys', async () => {
    await rejectsWith(
      batchGet({
        RequestItems: { [hashTable]: { Keys: [{ pk: { S: 'a' } }, { pk: { S: 'a' } }] } },
      }),
      'ValidationException',
      DUPLICATES,
    );
    await rejectsWith(
      batchGet({
        RequestItems: {
          [rangeTable]: {
            Keys: [
              { pk: { S: 'a' }, sk: { N: '1' } },
              { sk: { N: '1' }, pk: { S: 'a' } },
            ],
          },
        },
      }),
      'ValidationException',
      DUPLICATES,
    );
    // Checked before the table is looked up.
    await rejectsWith(
      batchGet({
        RequestItems: {
          [uniqueTableName('missing')]: { Keys: [{ pk: { S: 'a' } }, { pk: { S: 'a' } }] },
        },
      }),
      'ValidationException',
      DUPLICATES,
    );
    await rejectsWith(
      batchWrite({
        RequestItems: {
          [hashTable]: [putRequest({ pk: { S: 'x' } }), deleteRequest({ pk: { S: 'x' } })],
        },
      }),
      'ValidationException',
      DUPLICATES,
    );
    await rejectsWith(
      batchWrite({
        RequestItems: {
          [hashTable]: [
            putRequest({ pk: { S: 'x' }, v: { N: '1' } }),
            putRequest({ pk: { S: 'x' } }),
          ],
        },
      }),
      'ValidationException',
      DUPLICATES,
    );
  });

  test('a WriteRequest needs exactly one of PutRequest and DeleteRequest', async () => {
    const message =
      'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes';
    for (const request of [
      {},
      { PutRequest: { Item: { pk: { S: 'x' } } }, DeleteRequest: { Key: { pk: { S: 'y' } } } },
    ]) {
      const response = await rawRequest(target.endpoint, 'BatchWriteItem', {
        RequestItems: { [hashTable]: [request] },
      });
      assert.equal(response.status, 400);
      assert.equal(response.body.__type, 'com.amazon.coral.validate#ValidationException');
      assert.equal(response.body.message ?? response.body.Message, message);
    }
  });

  test('a table sent as null', async () => {
    const answers = await Promise.all([
      rawRequest(target.endpoint, 'BatchGetItem', { RequestItems: { [hashTable]: null } }),
      rawRequest(target.endpoint, 'BatchWriteItem', { RequestItems: { [hashTable]: null } }),
    ]);
    const messages = answers.map((answer) => [
      answer.status,
      answer.body.__type,
      answer.body.message ?? answer.body.Message,
    ]);
    assert.deepEqual(messages, [
      [
        400,
        'com.amazon.coral.validate#ValidationException',
        `The list of keys in RequestItems for BatchGetItem is required: ${hashTable} has empty list`,
      ],
      [
        400,
        'com.amazon.coral.validate#ValidationException',
        `The batch write request list for a table cannot be null or empty: ${hashTable}`,
      ],
    ]);
  });

  test('a key, a write request or an attribute name sent as null', async () => {
    const key = { pk: { S: 'a' } };
    const answers = await Promise.all([
      rawRequest(target.endpoint, 'BatchGetItem', {
        RequestItems: { [hashTable]: { Keys: [key, null] } },
      }),
      rawRequest(target.endpoint, 'BatchWriteItem', {
        RequestItems: { [hashTable]: [{ PutRequest: { Item: key } }, null] },
      }),
      rawRequest(target.endpoint, 'BatchGetItem', {
        RequestItems: { [hashTable]: { Keys: [key], AttributesToGet: ['pk', null] } },
      }),
    ]);
    const messages = answers.map((answer) => [
      answer.status,
      answer.body.__type,
      answer.body.message ?? answer.body.Message,
    ]);
    const validation = 'com.amazon.coral.validate#ValidationException';
    assert.deepEqual(messages, [
      [
        400,
        validation,
        `The list of keys in RequestItems for BatchGetItem may not contain null or empty values: ${hashTable} has one or more empty keys`,
      ],
      [400, validation, 'The batch write request list for a table cannot be null or empty'],
      [400, validation, 'Empty attribute name'],
    ]);
  });

  test('expression and legacy projections cannot be mixed, even across tables', async () => {
    await rejectsWith(
      batchGet({
        RequestItems: {
          [hashTable]: { Keys: [{ pk: { S: 'a' } }], AttributesToGet: ['pk'] },
          [rangeTable]: { Keys: [{ pk: { S: 'a' }, sk: { N: '1' } }], ProjectionExpression: 'pk' },
        },
      }),
      'ValidationException',
      'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}',
    );
    await rejectsWith(
      batchGet({
        RequestItems: {
          [rangeTable]: { Keys: [{ pk: { S: 'a' }, sk: { N: '1' } }], ProjectionExpression: 'pk' },
          [hashTable]: { Keys: [{ pk: { S: 'a' } }], ExpressionAttributeNames: { '#a': 'b' } },
        },
      }),
      'ValidationException',
      'ExpressionAttributeNames can only be specified when using expressions',
    );
  });

  test('an empty projection expression beside AttributesToGet is refused as empty', async () => {
    await rejectsWith(
      batchGet({
        RequestItems: {
          [hashTable]: {
            Keys: [{ pk: { S: 'a' } }],
            ProjectionExpression: '',
            AttributesToGet: ['pk'],
          },
        },
      }),
      'ValidationException',
      'Invalid ProjectionExpression: The expression can not be empty;',
    );
  });

  test('missing tables', async () => {
    const missing = uniqueTableName('missing');
    await rejectsWith(
      batchGet({ RequestItems: { [missing]: { Keys: [{ pk: { S: 'a' } }] } } }),
      'ResourceNotFoundException',
    );
    await rejectsWith(
      batchWrite({ RequestItems: { [missing]: [putRequest({ pk: { S: 'a' } })] } }),
      'ResourceNotFoundException',
    );
  });

  test('keys and items are checked as in GetItem and PutItem', async () => {
    await rejectsWith(
      batchGet({ RequestItems: { [rangeTable]: { Keys: [{ pk: { S: 'a' } }] } } }),
      'ValidationException',
    );
    await rejectsWith(
      batchWrite({
        RequestItems: {
          [hashTable]: [putRequest({ pk: { S: 'big' }, d: { S: 'x'.repeat(409_600) } })],
        },
      }),
      'ValidationException',
      'Item size has exceeded the maximum allowed size',
    );
    await rejectsWith(
      batchWrite({ RequestItems: { [hashTable]: [putRequest({ pk: { S: '' } })] } }),
      'ValidationException',
      'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk',
    );
  });

  test('schema mismatches in BatchWriteItem', dynamoDbLocalDeviates('own wording'), async () => {
    const NO_MATCH = 'The provided key element does not match the schema';
    for (const request of [
      putRequest({ other: { S: 'a' } }),
      putRequest({ pk: { N: '1' } }),
      deleteRequest({ pk: { S: 'a' }, extra: { S: 'b' } }),
    ]) {
      await rejectsWith(
        batchWrite({ RequestItems: { [hashTable]: [request] } }),
        'ValidationException',
        NO_MATCH,
      );
    }
  });

  test('at most 100 keys and 25 writes', async () => {
    const keys = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) => ({ pk: { S: `${prefix}${i}` } }));
    await rejectsWith(
      batchGet({ RequestItems: { [hashTable]: { Keys: keys(101, 'k') } } }),
      'ValidationException',
    );
    await rejectsWith(
      batchWrite({ RequestItems: { [hashTable]: keys(26, 'w').map(putRequest) } }),
      'ValidationException',
    );
    const across = await batchGet({
      RequestItems: {
        [hashTable]: { Keys: keys(50, 'k') },
        [rangeTable]: { Keys: keys(50, 'k').map((key) => ({ ...key, sk: { N: '1' } })) },
      },
    });
    assert.deepEqual(across.Responses, { [hashTable]: [], [rangeTable]: [] });
  });

  test('limit messages', dynamoDbLocalDeviates('own sentences'), async () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => ({ pk: { S: `k${i}` } }));
    await rejectsWith(
      batchGet({ RequestItems: { [hashTable]: { Keys: keys(101) } } }),
      'ValidationException',
      /^1 validation error detected: Value '.*' at 'requestItems\..*\.member\.keys' failed to satisfy constraint: Member must have length less than or equal to 100$/,
    );
    await rejectsWith(
      batchGet({
        RequestItems: {
          [hashTable]: { Keys: keys(60) },
          [rangeTable]: { Keys: keys(41).map((key) => ({ ...key, sk: { N: '1' } })) },
        },
      }),
      'ValidationException',
      'Too many items requested for the BatchGetItem call',
    );
    await rejectsWith(
      batchWrite({ RequestItems: { [hashTable]: keys(26).map(putRequest) } }),
      'ValidationException',
      /^1 validation error detected: Value '.*' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: \[Member must have length less than or equal to 25, Member must have length greater than or equal to 1\]$/,
    );
  });
});

describe('16 MB response limit', () => {
  test('keys past 16 MB come back in UnprocessedKeys with their table settings', async () => {
    const filler = 'x'.repeat(409_000);
    const keys = Array.from({ length: 50 }, (_, i) => ({ pk: { S: `large-${i}` } }));
    for (let i = 0; i < keys.length; i += 25) {
      await batchWrite({
        RequestItems: {
          [hashTable]: keys.slice(i, i + 25).map((key) => putRequest({ ...key, d: { S: filler } })),
        },
      });
    }
    const settings = {
      ConsistentRead: true,
      ProjectionExpression: 'pk, #d',
      ExpressionAttributeNames: { '#d': 'd' },
    };
    const first = await batchGet({ RequestItems: { [hashTable]: { Keys: keys, ...settings } } });
    const returned = first.Responses?.[hashTable] ?? [];
    const unprocessed = first.UnprocessedKeys?.[hashTable];
    assert.ok(returned.length > 0 && returned.length < 50, `returned ${returned.length}`);
    assert.ok(unprocessed !== undefined);
    assert.equal(returned.length + (unprocessed.Keys?.length ?? 0), 50);
    assert.deepEqual({ ...unprocessed, Keys: undefined }, { ...settings, Keys: undefined });

    const second = await batchGet({ RequestItems: { [hashTable]: unprocessed } });
    const all = [...returned, ...(second.Responses?.[hashTable] ?? [])].map((item) => item.pk?.S);
    assert.deepEqual(all.sort(), keys.map((key) => key.pk.S).sort());
  });
});
