// ExecuteTransaction: PartiQL reads or writes, all or nothing, with DynamoDB's cancellation reasons.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteTableCommand,
  ExecuteTransactionCommand,
  GetItemCommand,
  type ParameterizedStatement,
  type TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  dynamoDbLocalDeviates,
  startTarget,
  uniqueTableName,
  type TestTarget,
} from '../helpers/server.js';
import { createKeyedTable } from '../helpers/tables.js';

let target: TestTarget;
const table = uniqueTableName('pqt');

const transact = (TransactStatements: ParameterizedStatement[], ClientRequestToken?: string) =>
  target.client.send(new ExecuteTransactionCommand({ TransactStatements, ClientRequestToken }));

async function rejects(statements: ParameterizedStatement[], name: string, message: string) {
  await assert.rejects(transact(statements), (error: Error) => {
    assert.equal(error.name, name);
    assert.equal(error.message, message);
    return true;
  });
}

before(async () => {
  target = await startTarget();
  await createKeyedTable(target.client, table, ['pk', 'S']);
  await transact([
    { Statement: `INSERT INTO "${table}" VALUE {'pk': 'a', 'v': 1}` },
    { Statement: `INSERT INTO "${table}" VALUE {'pk': ?, 'v': 2}`, Parameters: [{ S: 'b' }] },
  ]);
});

after(async () => {
  await target.client.send(new DeleteTableCommand({ TableName: table })).catch(() => undefined);
  await target.close();
});

test('reads answer every item, {} for a missing one', async () => {
  const out = await transact([
    { Statement: `SELECT * FROM "${table}" WHERE pk = 'a'` },
    { Statement: `SELECT v FROM "${table}" WHERE pk = 'b'` },
    { Statement: `SELECT * FROM "${table}" WHERE pk = 'none'` },
  ]);
  assert.deepEqual(out.Responses, [
    { Item: { pk: { S: 'a' }, v: { N: '1' } } },
    { Item: { v: { N: '2' } } },
    {},
  ]);
});

test('writes apply together; a failed EXISTS cancels them all', async () => {
  const out = await transact([
    { Statement: `UPDATE "${table}" SET v = v + 10 WHERE pk = 'a'` },
    { Statement: `EXISTS(SELECT * FROM "${table}" WHERE pk = 'b' AND v = 2)` },
  ]);
  assert.deepEqual(out.Responses, []);
  await assert.rejects(
    transact([
      { Statement: `DELETE FROM "${table}" WHERE pk = 'a'` },
      { Statement: `EXISTS(SELECT * FROM "${table}" WHERE pk = 'b' AND v = 99)` },
    ]),
    (error: TransactionCanceledException) => {
      assert.equal(error.name, 'TransactionCanceledException');
      assert.deepEqual(
        error.CancellationReasons?.map((r) => r.Code),
        ['None', 'ConditionalCheckFailed'],
      );
      return true;
    },
  );
  const item = await target.client.send(
    new GetItemCommand({ TableName: table, Key: { pk: { S: 'a' } } }),
  );
  assert.deepEqual(item.Item, { pk: { S: 'a' }, v: { N: '11' } });
});

test(
  'an INSERT of an existing key cancels with DuplicateItem',
  dynamoDbLocalDeviates('DynamoDB Local reports the reason as ValidationError'),
  async () => {
    await assert.rejects(
      transact([
        { Statement: `INSERT INTO "${table}" VALUE {'pk': 'a'}` },
        { Statement: `UPDATE "${table}" SET w = 1 WHERE pk = 'b'` },
      ]),
      (error: TransactionCanceledException) => {
        assert.equal(
          error.message,
          'Transaction cancelled, please refer cancellation reasons for specific reasons [DuplicateItem, None]',
        );
        assert.deepEqual(error.CancellationReasons?.[0], {
          Code: 'DuplicateItem',
          Message: 'Duplicate primary key exists in table',
        });
        return true;
      },
    );
  },
);

test('a ClientRequestToken makes the transaction idempotent', async () => {
  const token = `tok-${table}`;
  const statements = [{ Statement: `UPDATE "${table}" SET n = 1 WHERE pk = 'b'` }];
  await transact(statements, token);
  await transact(statements, token);
  const item = await target.client.send(
    new GetItemCommand({ TableName: table, Key: { pk: { S: 'b' } } }),
  );
  assert.equal(item.Item?.n?.N, '1');
});

test('DynamoDB rejects mixed, incomplete and repeated statements', async () => {
  await rejects(
    [
      { Statement: `SELECT * FROM "${table}" WHERE pk = 'a'` },
      { Statement: `DELETE FROM "${table}" WHERE pk = 'a'` },
    ],
    'ValidationException',
    'ExecuteTransaction API does not support both read and write operations in the same request.',
  );
  await rejects(
    [{ Statement: `SELECT * FROM "${table}" WHERE v = 1` }],
    'ValidationException',
    'Validation failed in TransactStatements[0]: Select statements within ExecuteTransaction must specify the primary key in the where clause.',
  );
  await rejects(
    [
      { Statement: `DELETE FROM "${table}" WHERE pk = 'x'` },
      { Statement: `EXISTS(SELECT * FROM "${table}" WHERE pk = 'a')` },
    ],
    'ValidationException',
    'Validation failed in TransactStatements[1]: EXISTS() must contain a single item read with additional condition',
  );
  await rejects(
    [
      { Statement: `DELETE FROM "${table}" WHERE pk = 'x'` },
      { Statement: `DELETE FROM "${table}" WHERE pk = 'x'` },
    ],
    'ValidationException',
    'Transaction request cannot include multiple operations on one item',
  );
  await rejects(
    [{ Statement: `DELETE FROM "${uniqueTableName('pqtnone')}" WHERE pk = 'x'` }],
    'ResourceNotFoundException',
    'Requested resource not found',
  );
});

test('a key named twice with two values, or as NULL; a missing item is deleted whatever the condition', async () => {
  await rejects(
    [
      { Statement: `UPDATE "${table}" SET v = 3 WHERE pk = 'a' AND pk = 'b'` },
      { Statement: `DELETE FROM "${table}" WHERE pk = 'x'` },
    ],
    'TransactionCanceledException',
    'ValidationError Multiple conditions on same key pk. Only single item Update/Insert/Delete are supported',
  );
  await rejects(
    [{ Statement: `DELETE FROM "${table}" WHERE pk IS NULL` }],
    'ValidationException',
    'Validation failed in TransactStatements[0]: Key value must be of type S, N, or B. Key name: pk, Key type: NULL',
  );
  await rejects(
    [{ Statement: `SELECT * FROM "${table}" WHERE pk = 'a' AND pk = 'b'` }],
    'ValidationException',
    'Validation failed in TransactStatements[0]: Select statements within ExecuteTransaction must specify the primary key in the where clause.',
  );
  const out = await transact([{ Statement: `DELETE FROM "${table}" WHERE pk = 'none' AND v = 1` }]);
  assert.deepEqual(out.Responses, []);
});
