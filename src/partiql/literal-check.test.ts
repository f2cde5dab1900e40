import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLiterals } from './literal-check.js';
import { parseStatement } from './parser.js';

function messageOf(statement: string): string | undefined {
  try {
    checkLiterals(parseStatement(statement).statement);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

test('positions count lines (\\n, \\r\\n, \\r) and code points, from 1', () => {
  assert.equal(
    messageOf('SELECT * FROM t WHERE x = <<>>'),
    'Empty bags are not supported at 1:27:2',
  );
  assert.equal(
    messageOf("SELECT * FROM t\r\nWHERE y = 'é😀'\rAND\n\tx = <<>>"),
    'Empty bags are not supported at 4:6:2',
  );
  assert.equal(
    messageOf("SELECT * FROM t WHERE y = '😀😀' AND x = <<>>"),
    'Empty bags are not supported at 1:40:2',
  );
});

test("an INSERT's attributes name what they refuse in PartiQL's words, nested terms by class", () => {
  assert.equal(
    messageOf("INSERT INTO t VALUE {'a': b + 1}"),
    'Unsupported data type: + under key root at 1:29:1',
  );
  assert.equal(
    messageOf("INSERT INTO t VALUE {'a': [b + 1]}"),
    'Unsupported data type: NAry under key root.0 at 1:30:1',
  );
  assert.equal(
    messageOf("INSERT INTO t VALUE {'a': {'b': c.d}}"),
    'Unsupported data type: Path under key root.b',
  );
  assert.equal(messageOf("INSERT INTO t VALUE {'a': ?}"), undefined);
  assert.equal(
    messageOf("INSERT INTO t VALUE {'a': [?]}"),
    'Unsupported data type: Parameter under key root.0 at 1:28:1',
  );
  assert.equal(
    messageOf('INSERT INTO t VALUE ?'),
    'Unsupported format in item expression. Please use struct format {...} to express item values for insert statement. at 1:21:1',
  );
});

test('map keys: strings only, no repeats (placed at the key in the item, at the map deeper)', () => {
  assert.equal(
    messageOf("INSERT INTO t VALUE {'a': 1, 'a': 2}"),
    'Duplicate keys in tuple. Key: a under root at 1:30:3',
  );
  assert.equal(
    messageOf("SELECT * FROM t WHERE x = {'m': {'a': 1, 'a': 2}}"),
    'Duplicate keys in tuple. Key: a under root.m at 1:33:1',
  );
  assert.equal(
    messageOf('SELECT * FROM t WHERE x = {-1: 2}'),
    'Tuple keys must be of type String. Actual type: INT under root at 1:29:1',
  );
  assert.equal(
    messageOf("SELECT * FROM t WHERE x = {'': 2}"),
    'Path component cannot be an empty string',
  );
});

test('sets: not empty, strings or numbers, one type, no repeats; IN lists hold operands', () => {
  assert.equal(
    messageOf('SELECT * FROM t WHERE x = <<a>>'),
    'Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags at 1:29:1',
  );
  assert.equal(
    messageOf("SELECT * FROM t WHERE x = <<1, 'a'>>"),
    'Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags',
  );
  assert.equal(
    messageOf('SELECT * FROM t WHERE x = <<1, 1.0>>'),
    'Input collection contains duplicates',
  );
  assert.equal(messageOf('SELECT * FROM t WHERE x IN [?, a]'), undefined);
});

test('a projected term that is not a path', () => {
  assert.equal(messageOf('SELECT a, size(b) FROM t'), 'Unexpected path component at 1:11:4');
  assert.equal(messageOf('SELECT (a), b.c[1] FROM t'), undefined);
});
