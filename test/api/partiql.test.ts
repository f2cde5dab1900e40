// ExecuteStatement: PartiQL SELECT / INSERT / UPDATE / DELETE, parameters, paging and DynamoDB's errors.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteTableCommand,
  ExecuteStatementCommand,
  ExecuteTransactionCommand,
  GetItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import {
  dynamoDbLocalDeviates,
  startTarget,
  uniqueTableName,
  type TestTarget,
} from '../helpers/server.js';
import { createKeyedTable } from '../helpers/tables.js';

let target: TestTarget;
const table = uniqueTableName('pq');

async function run(
  Statement: string,
  Parameters?: AttributeValue[],
  extra: Record<string, unknown> = {},
) {
  return target.client.send(new ExecuteStatementCommand({ Statement, Parameters, ...extra }));
}

async function rejects(
  statement: string,
  name: string,
  message: string,
  Parameters?: AttributeValue[],
) {
  await assert.rejects(run(statement, Parameters), (error: Error) => {
    assert.equal(error.name, name);
    assert.equal(error.message, message);
    return true;
  });
}

before(async () => {
  target = await startTarget();
  await createKeyedTable(target.client, table, ['pk', 'S'], ['sk', 'N']);
  for (let sk = 1; sk <= 5; sk++) {
    await run(
      `INSERT INTO "${table}" VALUE {'pk': 'a', 'sk': ?, 'tag': 'even${sk % 2}', 'n': ${sk * 10}}`,
      [{ N: `${sk}` }],
    );
  }
  await run(
    `INSERT INTO "${table}" VALUE {'pk':'b','sk':1,'s':<<'x','y'>>,'l':[1,'two'],'m':{'k':TRUE},'z':NULL}`,
  );
});

after(async () => {
  await target.client.send(new DeleteTableCommand({ TableName: table })).catch(() => undefined);
  await target.close();
});

describe('SELECT', () => {
  test('a partition key equality reads one partition in sort-key order', async () => {
    const out = await run(`SELECT * FROM "${table}" WHERE pk = 'a'`);
    assert.deepEqual(
      out.Items?.map((i) => i.sk?.N),
      ['1', '2', '3', '4', '5'],
    );
  });

  test('ORDER BY the sort key DESC reverses', async () => {
    const out = await run(`SELECT * FROM "${table}" WHERE pk = ? ORDER BY sk DESC`, [{ S: 'a' }]);
    assert.deepEqual(
      out.Items?.map((i) => i.sk?.N),
      ['5', '4', '3', '2', '1'],
    );
  });

  test(
    'ORDER BY DESC with a sort-key range reads the range backwards, Limit counting from its top',
    dynamoDbLocalDeviates(
      'DynamoDB Local reads the range forwards with Limit, then reverses the page',
    ),
    async () => {
      // DynamoDB: the statement is a Query with ScanIndexForward=false on the narrowed range.
      const pages: string[][] = [];
      let NextToken: string | undefined;
      do {
        const out = await run(
          `SELECT sk FROM "${table}" WHERE pk = 'a' AND sk BETWEEN 2 AND 4 ORDER BY sk DESC`,
          undefined,
          { Limit: 2, NextToken },
        );
        pages.push((out.Items ?? []).map((i) => i.sk!.N!));
        NextToken = out.NextToken;
      } while (NextToken !== undefined);
      assert.deepEqual(pages, [['4', '3'], ['2']]);
      const below = await run(
        `SELECT sk FROM "${table}" WHERE pk = 'a' AND sk < 5 ORDER BY sk DESC`,
        undefined,
        { Limit: 1 },
      );
      assert.deepEqual(below.Items, [{ sk: { N: '4' } }]);
      assert.ok(below.NextToken);
    },
  );

  test('a projection keeps the named attributes', async () => {
    const out = await run(`SELECT sk, n FROM "${table}" WHERE pk = ? AND sk = 5`, [{ S: 'a' }]);
    assert.deepEqual(out.Items, [{ sk: { N: '5' }, n: { N: '50' } }]);
  });

  test('WHERE with comparisons, BETWEEN, IN, OR, NOT and functions', async () => {
    const cases: [string, string[]][] = [
      [`pk = 'a' AND sk > 3`, ['4', '5']],
      [`pk = 'a' AND sk BETWEEN 2 AND 3`, ['2', '3']],
      [`pk = 'a' AND n IN [10, 50]`, ['1', '5']],
      [`pk = 'a' AND (sk = 1 OR sk = 2)`, ['1', '2']],
      [`pk = 'a' AND NOT sk < 5`, ['5']],
      [`pk = 'a' AND begins_with(tag, 'even0')`, ['2', '4']],
      [`pk = 'a' AND contains(tag, '1')`, ['1', '3', '5']],
      [`pk = 'a' AND attribute_type(n, 'N') AND n <> 30`, ['1', '2', '4', '5']],
      [`pk = 'a' AND s IS MISSING AND sk >= 5`, ['5']],
    ];
    for (const [where, expected] of cases) {
      const out = await run(`SELECT * FROM "${table}" WHERE ${where}`);
      assert.deepEqual(
        out.Items?.map((i) => i.sk?.N),
        expected,
        where,
      );
    }
  });

  test('without a partition key equality the statement scans the table', async () => {
    const out = await run(`SELECT * FROM "${table}" WHERE s IS NOT MISSING`);
    assert.deepEqual(out.Items, [
      {
        pk: { S: 'b' },
        sk: { N: '1' },
        s: { SS: ['x', 'y'] },
        l: { L: [{ N: '1' }, { S: 'two' }] },
        m: { M: { k: { BOOL: true } } },
        z: { NULL: true },
      },
    ]);
    const size = await run(`SELECT pk FROM "${table}" WHERE size(l) = 2`);
    assert.deepEqual(size.Items, [{ pk: { S: 'b' } }]);
  });

  test('Limit and NextToken page through the results', async () => {
    const seen: string[] = [];
    let NextToken: string | undefined;
    do {
      const out = await run(`SELECT * FROM "${table}" WHERE pk = 'a'`, undefined, {
        Limit: 2,
        NextToken,
      });
      assert.ok((out.Items?.length ?? 0) <= 2);
      seen.push(...(out.Items ?? []).map((i) => i.sk!.N!));
      NextToken = out.NextToken;
    } while (NextToken !== undefined);
    assert.deepEqual(seen, ['1', '2', '3', '4', '5']);
  });

  test(
    'ConsumedCapacity is returned when asked for',
    dynamoDbLocalDeviates('DynamoDB Local returns no ConsumedCapacity for ExecuteStatement'),
    async () => {
      const out = await run(`SELECT * FROM "${table}" WHERE pk = 'b'`, undefined, {
        ReturnConsumedCapacity: 'TOTAL',
      });
      assert.equal(out.ConsumedCapacity?.TableName, table);
    },
  );
});

describe('writes', () => {
  test('INSERT of an existing key is a DuplicateItemException', async () => {
    await assert.rejects(run(`INSERT INTO "${table}" VALUE {'pk':'a','sk':1}`), (error: Error) => {
      // DYNAMODB-FACTS.md: DynamoDB says DuplicateItemException, DynamoDB Local DuplicateItem.
      assert.match(error.name, /^DuplicateItem(Exception)?$/);
      assert.equal(error.message, 'Duplicate primary key exists in table');
      return true;
    });
  });

  test('UPDATE sets, removes and adds to sets; DELETE removes', async () => {
    await run(
      `INSERT INTO "${table}" VALUE {'pk':'u','sk':1,'c':1,'gone':'x','s':<<'a'>>,'l':[1]}`,
    );
    const out = await run(
      `UPDATE "${table}" SET c = c + 1 SET s = set_add(s, <<'b'>>) SET l = list_append(l, [2]) REMOVE gone WHERE pk = 'u' AND sk = 1`,
    );
    assert.deepEqual(out.Items, []);
    const item = await target.client.send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: 'u' }, sk: { N: '1' } } }),
    );
    assert.deepEqual(item.Item, {
      pk: { S: 'u' },
      sk: { N: '1' },
      c: { N: '2' },
      s: { SS: ['a', 'b'] },
      l: { L: [{ N: '1' }, { N: '2' }] },
    });
    await run(`UPDATE "${table}" SET s = set_delete(s, <<'a'>>) WHERE pk = 'u' AND sk = 1`);
    await run(`DELETE FROM "${table}" WHERE pk = 'u' AND sk = 1`);
    const gone = await target.client.send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: 'u' }, sk: { N: '1' } } }),
    );
    assert.equal(gone.Item, undefined);
  });

  test('UPDATE of a missing item and a failed extra condition are ConditionalCheckFailed', async () => {
    await rejects(
      `UPDATE "${table}" SET x = 1 WHERE pk = 'zz' AND sk = 1`,
      'ConditionalCheckFailedException',
      'The conditional request failed',
    );
    await rejects(
      `DELETE FROM "${table}" WHERE pk = 'a' AND sk = 1 AND n = 999`,
      'ConditionalCheckFailedException',
      'The conditional request failed',
    );
  });

  test("UPDATE's values are not size-checked before its condition, unlike UpdateItem's", async () => {
    await rejects(
      `UPDATE "${table}" SET x = ? WHERE pk = 'zz' AND sk = 1`,
      'ConditionalCheckFailedException',
      'The conditional request failed',
      [{ S: 'x'.repeat(409_600) }],
    );
  });

  test('DELETE of a missing item succeeds', async () => {
    const out = await run(`DELETE FROM "${table}" WHERE pk = 'zz' AND sk = 9`);
    assert.deepEqual(out.Items, []);
  });

  test('DELETE of a missing item succeeds whatever else its WHERE clause asks', async () => {
    for (const extra of ['n = 999', 'attribute_exists(pk)', 'sk = 9']) {
      const out = await run(`DELETE FROM "${table}" WHERE pk = 'zz' AND sk = 9 AND ${extra}`);
      assert.deepEqual(out.Items, []);
    }
    const returning = await run(
      `DELETE FROM "${table}" WHERE pk = 'zz' AND sk = 9 AND n = 1 RETURNING ALL OLD *`,
    );
    assert.deepEqual(returning.Items, []);
  });

  test('a key named twice: the same value again is a condition, another value is refused', async () => {
    await run(`INSERT INTO "${table}" VALUE {'pk': 'twice', 'sk': 1, 'n': 1}`);
    await run(`UPDATE "${table}" SET n = 2 WHERE pk = 'twice' AND sk = 1 AND 1.0 = sk`);
    const multiple = (name: string) =>
      `Multiple conditions on same key ${name}. Only single item Update/Insert/Delete are supported`;
    for (const [where, name] of [
      [`pk = 'twice' AND sk = 1 AND sk = 2`, 'sk'],
      [`pk = 'twice' AND sk = 1 AND sk = '1'`, 'sk'],
      [`pk = 'twice' AND sk = 1 AND sk IS NULL`, 'sk'],
      [`pk = 'twice' AND pk = 'other' AND sk = 1 AND sk = 2`, 'pk'],
      // The first repetition in the clause's order is named.
      [`pk = 'twice' AND sk = 1 AND sk = 2 AND pk = 'other'`, 'sk'],
      [`pk = 'twice' AND sk = 1 AND (sk = 1 AND sk = 3)`, 'sk'],
    ]) {
      await rejects(
        `DELETE FROM "${table}" WHERE ${where}`,
        'ValidationException',
        multiple(name!),
      );
      await rejects(
        `UPDATE "${table}" SET n = 3 WHERE ${where}`,
        'ValidationException',
        multiple(name!),
      );
    }
    // Not a key equality: a condition like any other.
    await run(`DELETE FROM "${table}" WHERE pk = 'twice' AND sk = 1 AND sk IN [1, 2]`);
  });

  test('a key value no key can have: IS NULL, NULL, booleans, collections', async () => {
    for (const [value, type] of [
      ['IS NULL', 'NULL'],
      ['= NULL', 'NULL'],
      ['= true', 'BOOL'],
      ['= [1]', 'L'],
      ["= {'a': 1}", 'M'],
      ['= <<1>>', 'NS'],
    ]) {
      const message = `Key value must be of type S, N, or B. Key name: sk, Key type: ${type}`;
      await rejects(
        `DELETE FROM "${table}" WHERE pk = 'a' AND sk ${value}`,
        'ValidationException',
        message,
      );
      await rejects(
        `UPDATE "${table}" SET n = 1 WHERE pk = 'a' AND sk ${value}`,
        'ValidationException',
        message,
      );
    }
    await rejects(
      `UPDATE "${table}" SET n = 1 WHERE pk IS NULL AND sk = 1`,
      'ValidationException',
      'Key value must be of type S, N, or B. Key name: pk, Key type: NULL',
    );
    // INSERT compares the type with the schema's instead.
    await rejects(
      `INSERT INTO "${table}" VALUE {'pk': 'n', 'sk': NULL}`,
      'ValidationException',
      "Key attribute's data type should match its data type in table's schema: Key sk",
    );
  });
});

describe('errors', () => {
  test('malformed statements', async () => {
    for (const statement of [
      `SELEC * FROM "${table}"`,
      `SELECT * FROM "${table}" WHERE`,
      `SELECT * FROM "${table}" WHERE pk = 'a`,
    ]) {
      await rejects(
        statement,
        'ValidationException',
        `Statement wasn't well formed, can't be processed: ${statement}`,
      );
    }
  });

  test('set operations, subqueries and HAVING parse, and are refused with their own messages', async () => {
    for (const operator of ['UNION', 'UNION ALL', 'INTERSECT', 'EXCEPT']) {
      // Even with what a lone SELECT would be refused for (DISTINCT, a missing table).
      await rejects(
        `SELECT DISTINCT * FROM "${table}" ${operator} SELECT * FROM "${uniqueTableName('none')}"`,
        'ValidationException',
        'EXISTS can only be used in ExecuteTransaction write requests.',
      );
    }
    await assert.rejects(
      target.client.send(
        new ExecuteTransactionCommand({
          TransactStatements: [
            { Statement: `SELECT * FROM "${table}" UNION SELECT * FROM "${table}"` },
          ],
        }),
      ),
      { name: 'ValidationException', message: 'Unsupported operation in transaction.' },
    );
    await rejects(
      `SELECT * FROM (SELECT * FROM "${table}") WHERE pk = 'a'`,
      'ValidationException',
      'Unexpected from source',
    );
    await rejects(
      `SELECT DISTINCT * FROM (SELECT * FROM "${table}")`,
      'ValidationException',
      'Unsupported token in expression: DISTINCT',
    );
    await rejects(
      `SELECT * FROM "${table}" WHERE pk IN (SELECT pk FROM "${table}") AND sk = 1`,
      'ValidationException',
      'IN operator must have a left hand argument of type Variable Reference and right hand argument of type Seq with at least one member',
    );
    // The position is the HAVING condition's: its operator, or a lone name.
    const having = `SELECT * FROM "${table}" WHERE pk = 'a' HAVING sk = 1 LIMIT 1`;
    await rejects(
      having,
      'ValidationException',
      `Unsupported clause: HAVING at 1:${having.indexOf('sk = 1') + 4}:1`,
    );
    const bare = `SELECT * FROM "${table}" HAVING sk`;
    await rejects(
      bare,
      'ValidationException',
      `Unsupported clause: HAVING at 1:${bare.length - 1}:2`,
    );
  });

  test('LIKE, || and aggregates in conditions are unsupported operators and tokens', async () => {
    const like = 'Unsupported operator in Condition Expression. Operator: like';
    await rejects(
      `SELECT * FROM "${table}" WHERE pk = 'a' AND x LIKE 'a%'`,
      'ValidationException',
      like,
    );
    await rejects(
      `DELETE FROM "${table}" WHERE pk = 'a' AND sk = 1 AND x NOT LIKE 'a!%' ESCAPE '!'`,
      'ValidationException',
      like,
    );
    await rejects(
      `SELECT * FROM "${table}" WHERE pk = 'a' AND x IN ['a' || 'b']`,
      'ValidationException',
      'Unsupported operator in Condition Expression. Operator: ||',
    );
    await rejects(
      `UPDATE "${table}" SET x = y || 'b' WHERE pk = 'a' AND sk = 1`,
      'ValidationException',
      'Unsupported operator in Update Expression. Operator: ||',
    );
    // CASE at its keyword, CAST at its parenthesis, a subquery at its SELECT (Local's positions).
    const caseWhen = `SELECT * FROM "${table}" WHERE pk = 'a' AND case when sk = 1 then true end`;
    await rejects(
      caseWhen,
      'ValidationException',
      `Unsupported token in expression: CASE at 1:${caseWhen.indexOf('case') + 1}:4`,
    );
    const cast = `SELECT * FROM "${table}" WHERE pk = CAST(1 AS STRING)`;
    await rejects(
      cast,
      'ValidationException',
      `Unsupported token in expression: cast at 1:${cast.indexOf('(') + 1}:1`,
    );
    const exists = `SELECT * FROM "${table}" WHERE EXISTS (SELECT * FROM "${table}")`;
    await rejects(
      exists,
      'ValidationException',
      `Unsupported token in expression: SELECT at 1:${exists.lastIndexOf('SELECT') + 1}:6`,
    );
    // Reported at the aggregate's name, lower-cased, before what follows it.
    const aggregate = `SELECT * FROM "${table}" WHERE pk = 'a' AND AVG(sk) > 1 AND x LIKE 'q'`;
    await rejects(
      aggregate,
      'ValidationException',
      `Unsupported token in expression: avg at 1:${aggregate.indexOf('AVG') + 1}:3`,
    );
  });

  test('operators, functions and booleans are checked before the table is looked up', async () => {
    const none = uniqueTableName('none');
    const like = 'Unsupported operator in Condition Expression. Operator: like';
    await rejects(`SELECT * FROM "${none}" WHERE y LIKE 'b'`, 'ValidationException', like);
    await rejects(`SELECT * FROM "${table}"."none" WHERE y LIKE 'b'`, 'ValidationException', like);
    await rejects(
      `DELETE FROM "${none}" WHERE pk = 'a' AND sk = 1 AND y LIKE 'a'`,
      'ValidationException',
      like,
    );
    await rejects(
      `UPDATE "${none}" SET x = foo(y) WHERE pk = 'a' AND sk = 1`,
      'ValidationException',
      'Unrecognized function: foo',
    );
    await rejects(
      `SELECT * FROM "${none}" WHERE -x = 1`,
      'ValidationException',
      'Unsupported operator in Condition Expression. Operator: -',
    );
    await rejects(
      `SELECT * FROM "${none}" WHERE 'a'`,
      'ValidationException',
      'WHERE clause must contain an expression that resolves to a boolean',
    );
    await rejects(
      `SELECT * FROM "${none}" WHERE x = 1 AND 'a'`,
      'ValidationException',
      'The arguments to AND/OR must be Expressions',
    );
    // What is not a boolean is refused only after every operator and function passed.
    await rejects(
      `SELECT * FROM "${table}" WHERE size(x) AND y LIKE 'a'`,
      'ValidationException',
      like,
    );
  });

  test("SELECT: a key's only term is its value; the last term on each key must have its type", async () => {
    const keyType = (name: string) =>
      `Key attribute's data type should match its data type in table's schema: Key ${name}`;
    for (const [where, message] of [
      [`pk = 'a' AND sk IS NULL`, keyType('sk')],
      [`sk IS NULL AND pk = 'a' AND n = 1`, keyType('sk')],
      [`pk IN ['a', 'b'] AND sk IS NULL`, keyType('sk')],
      [`pk = 'a' AND 'x' < sk`, keyType('sk')],
      [`pk = 'a' AND sk = 'x' AND sk = n`, keyType('sk')],
      [`pk IS NULL`, keyType('pk')],
      [`pk IS NULL AND sk = 1`, keyType('pk')],
    ]) {
      await rejects(`SELECT * FROM "${table}" WHERE ${where}`, 'ValidationException', message!);
    }
    for (const where of [
      `pk = 'a' AND sk IS NOT NULL`,
      `pk = 'a' AND sk = 1 AND sk IS NULL`,
      `pk = 'a' AND sk < 5 AND sk > 'x'`,
      `pk = 'a' AND pk IS NULL`,
      `pk IS NOT NULL`,
      `sk IS NULL`,
      `n = 1 AND sk IS NULL`,
      `pk = 'a' AND NOT sk IS NULL`,
      `pk = 'a' AND (n = 1 OR sk IS NULL)`,
      `pk = 'a' OR pk = 1`,
      `n = 1 AND pk > 1`,
      `pk = 'a' AND sk IN ['x', 1]`,
      `pk = 'a' AND contains(sk, 'x')`,
      `pk = 'a' AND attribute_type(sk, 'N')`,
    ]) {
      await rejects(
        `SELECT * FROM "${table}" WHERE ${where}`,
        'ValidationException',
        'One or more parameter values were invalid: Condition parameter type does not match schema type',
      );
    }
    // Only the last term on a key, and only an IN list's first value, are looked at.
    for (const where of [
      `pk = 'a' AND sk > 'x' AND sk < 5`,
      `pk = 'a' AND (sk IS NULL OR sk = 1)`,
      `pk = 'a' AND sk IN [1, 'x']`,
      `attribute_type(pk, 'S')`,
    ]) {
      await run(`SELECT * FROM "${table}" WHERE ${where}`);
    }
    // Other attributes' types may be tested, and a write's condition may test a key's.
    const nulls = await run(`SELECT * FROM "${table}" WHERE pk = 'b' AND z IS NULL`);
    assert.equal(nulls.Items?.length, 1);
    await run(`UPDATE "${table}" SET n = 10 WHERE pk = 'a' AND sk = 1 AND sk IS NOT NULL`);
  });

  test('parameter count, key equality, ORDER BY, missing table', async () => {
    await rejects(
      `SELECT * FROM "${table}" WHERE pk = ?`,
      'ValidationException',
      "Number of parameters in request and statement don't match.",
    );
    await rejects(
      `UPDATE "${table}" SET x = 1 WHERE pk = 'a'`,
      'ValidationException',
      'Where clause does not contain a mandatory equality on all key attributes',
    );
    await rejects(
      `DELETE FROM "${table}" WHERE pk = 'a'`,
      'ValidationException',
      'Where clause does not contain a mandatory equality on all key attributes',
    );
    await rejects(
      `SELECT * FROM "${table}" WHERE pk = 'a' ORDER BY n`,
      'ValidationException',
      'Variable reference n in ORDER BY clause must be part of the primary key',
    );
    await rejects(
      `SELECT * FROM "${table}" ORDER BY sk`,
      'ValidationException',
      'Must have WHERE clause in the statement when using ORDER BY clause.',
    );
    await rejects(
      `SELECT * FROM "${uniqueTableName('none')}"`,
      'ResourceNotFoundException',
      'Cannot do operations on a non-existent table',
    );
  });
});
