// The PartiQL parser: statement shapes, Ion-style literals, parameters and malformed text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStatement } from './parser.js';

test('SELECT with an index, projection, WHERE and ORDER BY', () => {
  const { statement, parameterCount } = parseStatement(
    `SELECT a.b[1], "c" FROM "t"."i" WHERE pk = ? AND NOT x IN [1, ?] ORDER BY sk DESC`,
  );
  assert.equal(parameterCount, 2);
  assert.equal(statement.kind, 'select');
  if (statement.kind !== 'select') return;
  assert.deepEqual(statement.source, { tableName: 't', indexName: 'i' });
  assert.deepEqual(statement.projection, [['a', 'b', 1], ['c']]);
  assert.deepEqual(statement.orderBy, [{ path: ['sk'], descending: true }]);
  assert.equal(statement.where?.t, 'and');
});

test('INSERT literals: strings with doubled quotes, numbers, sets, lists, maps, TRUE/NULL', () => {
  const { statement } = parseStatement(
    `INSERT INTO t VALUE {'s': 'it''s', 'n': -1.5e3, 'ss': <<'a'>>, 'l': [TRUE, NULL], 'm': {}}`,
  );
  assert.equal(statement.kind, 'insert');
  if (statement.kind !== 'insert' || statement.value.t !== 'map') return;
  const [key, value] = statement.value.entries[1]!;
  assert.deepEqual(key, { t: 'string', value: 'n', at: { line: 1, column: 36, length: 3 } });
  // `-1.5e3` is one literal, placed at its digits.
  assert.deepEqual(value, {
    t: 'number',
    value: '-1.5e3',
    at: { line: 1, column: 42, length: 5 },
  });
  const [, text] = statement.value.entries[0]!;
  assert.equal(text.t === 'string' && text.value, "it's");
});

test('UPDATE with SET and REMOVE clauses, DELETE, EXISTS', () => {
  const update = parseStatement(`UPDATE t SET a = a + 1, b = 'x' REMOVE c WHERE pk = 'k'`);
  assert.equal(update.statement.kind === 'update' && update.statement.actions.length, 3);
  assert.equal(parseStatement(`DELETE FROM t WHERE pk = 'k'`).statement.kind, 'delete');
  assert.equal(parseStatement(`EXISTS(SELECT * FROM t WHERE pk = 'k')`).statement.kind, 'exists');
});

test('malformed statements are DynamoDB validation errors quoting the statement', () => {
  for (const text of ['SELEC * FROM t', 'SELECT * FROM t WHERE', "SELECT * FROM t WHERE a = 'x"]) {
    assert.throws(() => parseStatement(text), {
      message: `Statement wasn't well formed, can't be processed: ${text}`,
    });
  }
});

test('RETURNING elements are parsed on UPDATE, DELETE and INSERT, never on SELECT', () => {
  const update = parseStatement(`UPDATE t SET a = 1 WHERE pk = 'k' RETURNING modified OLD *`);
  assert.deepEqual(update.statement.kind === 'update' && update.statement.returning, [
    { scope: 'MODIFIED', image: 'OLD', star: true },
  ]);
  const remove = parseStatement(`DELETE FROM t WHERE pk = 'k' RETURNING ALL NEW a.b, ALL OLD *`);
  assert.deepEqual(remove.statement.kind === 'delete' && remove.statement.returning, [
    { scope: 'ALL', image: 'NEW', star: false },
    { scope: 'ALL', image: 'OLD', star: true },
  ]);
  for (const text of [
    `SELECT * FROM t RETURNING ALL OLD *`,
    `UPDATE t SET a = 1 RETURNING NEW *`,
    `UPDATE t SET a = 1 RETURNING ALL NEW`,
    `UPDATE t SET a = 1 RETURNING ALL NEW * WHERE pk = 'k'`,
  ]) {
    assert.throws(() => parseStatement(text), { message: /^Statement wasn't well formed/ }, text);
  }
});

test('other expressions parse as expressions DynamoDB then refuses to run', () => {
  const node = (text: string) => {
    const { statement } = parseStatement(text);
    return statement.kind === 'expression' ? statement.node : statement.kind;
  };
  assert.equal(node('pk'), 'VariableReference');
  assert.equal(node('"pk"'), 'VariableReference');
  assert.equal(node('a.b'), 'Path');
  assert.equal(node(`'x'`), 'Literal');
  assert.equal(node('?'), 'Parameter');
  assert.equal(node('1 + 1'), undefined);
  assert.equal(node(`NOT EXISTS(SELECT * FROM t WHERE pk = 'k')`), undefined);
  assert.equal(node(`(SELECT * FROM t)`), 'select');
});
