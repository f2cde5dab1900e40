// BatchExecuteStatement: single-item reads or writes, answered statement by statement.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchExecuteStatementCommand,
  DeleteTableCommand,
  type BatchStatementRequest,
} from '@aws-sdk/client-dynamodb';
import { startTarget, uniqueTableName, type TestTarget } from '../helpers/server.js';
import { createKeyedTable } from '../helpers/tables.js';

let target: TestTarget;
const table = uniqueTableName('pqb');
const missing = uniqueTableName('pqbnone');

const batch = (Statements: BatchStatementRequest[]) =>
  target.client.send(new BatchExecuteStatementCommand({ Statements }));

before(async () => {
  target = await startTarget();
  await createKeyedTable(target.client, table, ['pk', 'S']);
});

after(async () => {
  await target.client.send(new DeleteTableCommand({ TableName: table })).catch(() => undefined);
  await target.close();
});

test('writes answer one by one: success, duplicate, failed condition, bad statement, no table', async () => {
  await batch([{ Statement: `INSERT INTO "${table}" VALUE {'pk': 'a', 'v': 1}` }]);
  const out = await batch([
    { Statement: `INSERT INTO "${table}" VALUE {'pk': 'a'}` },
    { Statement: `UPDATE "${table}" SET v = 2 WHERE pk = 'zz'` },
    { Statement: `INSERT INTO "${table}" VALUE {'pk': ?}`, Parameters: [{ S: 'b' }] },
    { Statement: 'SELEC' },
    { Statement: `DELETE FROM "${missing}" WHERE pk = 'q'` },
  ]);
  assert.deepEqual(out.Responses, [
    {
      Error: { Code: 'DuplicateItem', Message: 'Duplicate primary key exists in table' },
      TableName: table,
    },
    {
      Error: { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
      TableName: table,
    },
    { TableName: table },
    {
      Error: {
        Code: 'ValidationError',
        Message: 'Invalid operation. Only select, insert, update and delete operations are valid',
      },
    },
    {
      Error: { Code: 'ResourceNotFound', Message: 'Cannot do operations on a non-existent table' },
    },
  ]);
});

test('reads return the item, nothing when absent, and refuse multi-item selects', async () => {
  await batch([{ Statement: `INSERT INTO "${table}" VALUE {'pk': 'r', 'v': 7}` }]);
  const out = await batch([
    { Statement: `SELECT v FROM "${table}" WHERE pk = 'r'` },
    { Statement: `SELECT * FROM "${table}" WHERE pk = 'nothing'` },
    { Statement: `SELECT * FROM "${table}" WHERE v = 7` },
    { Statement: `SELECT * FROM "${table}" WHERE pk = ?` },
  ]);
  assert.deepEqual(out.Responses, [
    { TableName: table, Item: { v: { N: '7' } } },
    { TableName: table },
    { Error: { Code: 'ValidationError', Message: 'Only single item select is supported' } },
    {
      Error: {
        Code: 'ValidationError',
        Message: "Number of parameters in request and statement don't match.",
      },
    },
  ]);
});

test('mixing reads and writes, or naming one item twice, fails the whole batch', async () => {
  const cases: [BatchStatementRequest[], string][] = [
    [
      [
        { Statement: `SELECT * FROM "${table}" WHERE pk = 'a'` },
        { Statement: `DELETE FROM "${table}" WHERE pk = 'a'` },
      ],
      'Read and write requests together in the same batch is not supported.',
    ],
    [
      [
        { Statement: `DELETE FROM "${table}" WHERE pk = 'a'` },
        { Statement: `DELETE FROM "${table}" WHERE pk = 'a'` },
      ],
      'Provided list of item keys contains duplicates',
    ],
  ];
  for (const [statements, message] of cases) {
    await assert.rejects(batch(statements), (error: Error) => {
      assert.equal(error.name, 'ValidationException');
      assert.equal(error.message, message);
      return true;
    });
  }
});

test('a key named twice with two values, or as NULL, fails its statement alone; a missing item is deleted', async () => {
  await batch([{ Statement: `INSERT INTO "${table}" VALUE {'pk': 'k', 'v': 1}` }]);
  const out = await batch([
    { Statement: `DELETE FROM "${table}" WHERE pk = 'k' AND pk = 'other'` },
    { Statement: `UPDATE "${table}" SET v = 2 WHERE pk IS NULL` },
    { Statement: `DELETE FROM "${table}" WHERE pk = 'nothing' AND v = 1` },
  ]);
  assert.deepEqual(out.Responses, [
    {
      Error: {
        Code: 'ValidationError',
        Message:
          'Multiple conditions on same key pk. Only single item Update/Insert/Delete are supported',
      },
    },
    {
      Error: {
        Code: 'ValidationError',
        Message: 'Key value must be of type S, N, or B. Key name: pk, Key type: NULL',
      },
    },
    { TableName: table },
  ]);
  const reads = await batch([
    { Statement: `SELECT * FROM "${table}" WHERE pk = 'k' AND pk = 'other'` },
    { Statement: `SELECT * FROM "${table}" WHERE pk = 'k' AND pk = 'k'` },
  ]);
  assert.deepEqual(reads.Responses, [
    { Error: { Code: 'ValidationError', Message: 'Only single item select is supported' } },
    { TableName: table, Item: { pk: { S: 'k' }, v: { N: '1' } } },
  ]);
});
