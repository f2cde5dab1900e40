// RETURNING on PartiQL UPDATE and DELETE through the SDK: ExecuteStatement answers the item,
// BatchExecuteStatement answers it per statement, ExecuteTransaction refuses the clause.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchExecuteStatementCommand,
  DeleteTableCommand,
  ExecuteStatementCommand,
  ExecuteTransactionCommand,
} from '@aws-sdk/client-dynamodb';
import { startTarget, uniqueTableName, type TestTarget } from '../helpers/server.js';
import { createKeyedTable } from '../helpers/tables.js';

let target: TestTarget;
const table = uniqueTableName('pqret');

async function run(Statement: string) {
  return target.client.send(new ExecuteStatementCommand({ Statement }));
}

before(async () => {
  target = await startTarget();
  await createKeyedTable(target.client, table, ['pk', 'S']);
  for (const pk of ['a', 'b', 'c', 'd']) {
    await run(`INSERT INTO "${table}" VALUE {'pk': '${pk}', 'n': 1, 'tag': 'x'}`);
  }
});

after(async () => {
  await target.client.send(new DeleteTableCommand({ TableName: table })).catch(() => undefined);
  await target.close();
});

test('UPDATE … RETURNING answers the old or new item, whole or only what changed', async () => {
  const allNew = await run(`UPDATE "${table}" SET n = 2 WHERE pk = 'a' RETURNING ALL NEW *`);
  assert.deepEqual(allNew.Items, [{ pk: { S: 'a' }, n: { N: '2' }, tag: { S: 'x' } }]);
  const allOld = await run(`UPDATE "${table}" SET n = 3 WHERE pk = 'a' RETURNING ALL OLD *`);
  assert.deepEqual(allOld.Items, [{ pk: { S: 'a' }, n: { N: '2' }, tag: { S: 'x' } }]);
  const modifiedOld = await run(
    `UPDATE "${table}" SET n = 4, y = 1 WHERE pk = 'a' RETURNING MODIFIED OLD *`,
  );
  assert.deepEqual(modifiedOld.Items, [{ n: { N: '3' } }]);
  const modifiedNew = await run(
    `UPDATE "${table}" SET n = 5 WHERE pk = 'a' returning modified new *`,
  );
  assert.deepEqual(modifiedNew.Items, [{ n: { N: '5' } }]);
  // Nothing changed that existed: no item at all, not an empty one.
  const nothing = await run(
    `UPDATE "${table}" REMOVE gone WHERE pk = 'a' RETURNING MODIFIED OLD *`,
  );
  assert.deepEqual(nothing.Items, []);
});

test('DELETE … RETURNING ALL OLD * answers the deleted item, or none', async () => {
  const out = await run(`DELETE FROM "${table}" WHERE pk = 'b' RETURNING ALL OLD *`);
  assert.deepEqual(out.Items, [{ pk: { S: 'b' }, n: { N: '1' }, tag: { S: 'x' } }]);
  const again = await run(`DELETE FROM "${table}" WHERE pk = 'b' RETURNING ALL OLD *`);
  assert.deepEqual(again.Items, []);
});

test('DynamoDB refuses RETURNING forms it does not run', async () => {
  const cases: [string, string][] = [
    [
      `DELETE FROM "${table}" WHERE pk = 'c' RETURNING ALL NEW *`,
      'Invalid returning clause: RETURNING ALL NEW *. Only RETURNING ALL OLD * is allowed in DELETE statements.',
    ],
    [
      `UPDATE "${table}" SET n = 1 WHERE pk = 'c' RETURNING ALL NEW n`,
      "Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause",
    ],
    [
      `UPDATE "${table}" SET n = 1 WHERE pk = 'c' RETURNING ALL NEW *, ALL OLD *`,
      'Invalid syntax with multiple returning elements in RETURNING clause',
    ],
    [
      `INSERT INTO "${table}" VALUE {'pk': 'z'} RETURNING ALL OLD *`,
      'RETURNING is not supported in INSERT',
    ],
    [
      `SELECT * FROM "${table}" RETURNING ALL OLD *`,
      `Statement wasn't well formed, can't be processed: SELECT * FROM "${table}" RETURNING ALL OLD *`,
    ],
  ];
  for (const [statement, message] of cases) {
    await assert.rejects(run(statement), (error: Error) => {
      assert.equal(error.name, 'ValidationException');
      assert.equal(error.message, message, statement);
      return true;
    });
  }
  // A failed condition fails the statement as without RETURNING.
  await assert.rejects(
    run(`UPDATE "${table}" SET n = 1 WHERE pk = 'c' AND n = 99 RETURNING ALL OLD *`),
    { name: 'ConditionalCheckFailedException' },
  );
});

test('BatchExecuteStatement answers each RETURNING item beside its table', async () => {
  const out = await target.client.send(
    new BatchExecuteStatementCommand({
      Statements: [
        { Statement: `UPDATE "${table}" SET n = 7 WHERE pk = 'c' RETURNING MODIFIED NEW *` },
        { Statement: `DELETE FROM "${table}" WHERE pk = 'd' RETURNING ALL NEW *` },
      ],
    }),
  );
  assert.deepEqual(out.Responses?.[0], { TableName: table, Item: { n: { N: '7' } } });
  assert.equal(out.Responses?.[1]?.Error?.Code, 'ValidationError');
});

test('ExecuteTransaction refuses RETURNING', async () => {
  await assert.rejects(
    target.client.send(
      new ExecuteTransactionCommand({
        TransactStatements: [
          { Statement: `UPDATE "${table}" SET n = 1 WHERE pk = 'c' RETURNING ALL NEW *` },
        ],
      }),
    ),
    {
      name: 'ValidationException',
      message:
        'Validation failed in TransactStatements[0]: RETURNING clause is not supported in ExecuteTransaction.',
    },
  );
});
