// ConsumedCapacity of PartiQL: each statement costs what the Query, Scan or item write it becomes
// costs; BatchExecuteStatement and ExecuteTransaction answer a list per table (DynamoDB's shapes).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchExecuteStatementCommand,
  DeleteTableCommand,
  ExecuteStatementCommand,
  ExecuteTransactionCommand,
  type ReturnConsumedCapacity,
} from '@aws-sdk/client-dynamodb';
import {
  dynamoDbLocalDeviates,
  startTarget,
  uniqueTableName,
  type TestTarget,
} from '../helpers/server.js';
import { createKeyedTable } from '../helpers/tables.js';

const deviates = dynamoDbLocalDeviates('DynamoDB Local returns no ConsumedCapacity for PartiQL');
let target: TestTarget;
const table = uniqueTableName('pqcap');

async function run(
  Statement: string,
  ReturnConsumedCapacity: ReturnConsumedCapacity = 'TOTAL',
  ConsistentRead?: boolean,
) {
  return target.client.send(
    new ExecuteStatementCommand({ Statement, ReturnConsumedCapacity, ConsistentRead }),
  );
}

before(async () => {
  target = await startTarget();
  await createKeyedTable(
    target.client,
    table,
    ['pk', 'S'],
    ['sk', 'N'],
    [{ name: 'gsi', partition: ['g', 'S'] }],
  );
});

after(async () => {
  await target.client.send(new DeleteTableCommand({ TableName: table })).catch(() => undefined);
  await target.close();
});

describe('ExecuteStatement', deviates, () => {
  test('a write costs what PutItem / UpdateItem / DeleteItem cost, index writes included', async () => {
    const insert = await run(`INSERT INTO "${table}" VALUE {'pk':'a','sk':1,'g':'x'}`, 'INDEXES');
    assert.deepEqual(insert.ConsumedCapacity, {
      TableName: table,
      CapacityUnits: 2,
      Table: { CapacityUnits: 1 },
      GlobalSecondaryIndexes: { gsi: { CapacityUnits: 1 } },
    });
    const plain = await run(`INSERT INTO "${table}" VALUE {'pk':'a','sk':2}`);
    assert.deepEqual(plain.ConsumedCapacity, { TableName: table, CapacityUnits: 1 });
    const update = await run(`UPDATE "${table}" SET n = 1 WHERE pk = 'a' AND sk = 2`);
    assert.deepEqual(update.ConsumedCapacity, { TableName: table, CapacityUnits: 1 });
    const remove = await run(`DELETE FROM "${table}" WHERE pk = 'a' AND sk = 2`);
    assert.deepEqual(remove.ConsumedCapacity, { TableName: table, CapacityUnits: 1 });
  });

  test('a SELECT costs what its Query or Scan costs', async () => {
    const query = await run(`SELECT * FROM "${table}" WHERE pk = 'a'`);
    assert.deepEqual(query.ConsumedCapacity, { TableName: table, CapacityUnits: 0.5 });
    const consistent = await run(`SELECT * FROM "${table}" WHERE pk = 'a'`, 'INDEXES', true);
    assert.deepEqual(consistent.ConsumedCapacity, {
      TableName: table,
      CapacityUnits: 1,
      Table: { CapacityUnits: 1 },
    });
    const scan = await run(`SELECT * FROM "${table}"`);
    assert.deepEqual(scan.ConsumedCapacity, { TableName: table, CapacityUnits: 0.5 });
    const index = await run(`SELECT * FROM "${table}"."gsi" WHERE g = 'x'`, 'INDEXES');
    assert.deepEqual(index.ConsumedCapacity?.GlobalSecondaryIndexes, {
      gsi: { CapacityUnits: 0.5 },
    });
    const none = await run(`SELECT * FROM "${table}" WHERE pk = 'a'`, 'NONE');
    assert.equal(none.ConsumedCapacity, undefined);
  });
});

describe('BatchExecuteStatement and ExecuteTransaction', deviates, () => {
  test('a batch answers one entry per table, summing its statements', async () => {
    const writes = await target.client.send(
      new BatchExecuteStatementCommand({
        Statements: [
          { Statement: `INSERT INTO "${table}" VALUE {'pk':'b','sk':1}` },
          { Statement: `INSERT INTO "${table}" VALUE {'pk':'b','sk':2,'g':'y'}` },
        ],
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );
    assert.deepEqual(writes.ConsumedCapacity, [
      {
        TableName: table,
        CapacityUnits: 3,
        Table: { CapacityUnits: 2 },
        GlobalSecondaryIndexes: { gsi: { CapacityUnits: 1 } },
      },
    ]);
    const reads = await target.client.send(
      new BatchExecuteStatementCommand({
        Statements: [
          { Statement: `SELECT * FROM "${table}" WHERE pk = 'b' AND sk = 1` },
          { Statement: `SELECT * FROM "${table}" WHERE pk = 'b' AND sk = 2`, ConsistentRead: true },
        ],
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    assert.deepEqual(reads.ConsumedCapacity, [{ TableName: table, CapacityUnits: 1.5 }]);
  });

  test('a transaction costs two units per item, as TransactWriteItems / TransactGetItems', async () => {
    const writes = await target.client.send(
      new ExecuteTransactionCommand({
        TransactStatements: [
          { Statement: `UPDATE "${table}" SET n = 2 WHERE pk = 'b' AND sk = 1` },
          { Statement: `INSERT INTO "${table}" VALUE {'pk':'c','sk':1}` },
        ],
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    assert.deepEqual(writes.ConsumedCapacity, [{ TableName: table, CapacityUnits: 4 }]);
    const reads = await target.client.send(
      new ExecuteTransactionCommand({
        TransactStatements: [
          { Statement: `SELECT * FROM "${table}" WHERE pk = 'b' AND sk = 1` },
          { Statement: `SELECT * FROM "${table}" WHERE pk = 'c' AND sk = 1` },
        ],
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );
    assert.deepEqual(reads.ConsumedCapacity, [
      { TableName: table, CapacityUnits: 4, Table: { CapacityUnits: 4 } },
    ]);
  });
});
