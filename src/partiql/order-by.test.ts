import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ionNumberText, orderByTermType } from './order-by.js';
import { parseStatement } from './parser.js';

test('number literals print as Ion text (DynamoDB Local 3.3 messages)', () => {
  const cases: [string, string][] = [
    ['1', '1'],
    ['-1', '-1'],
    ['007', '7'],
    ['1.5', '1.5'],
    ['1.50', '1.50'],
    ['1e5', '1d5'],
    ['1E+5', '1d5'],
    ['1.5e5', '15d4'],
    ['1.5e-3', '0.0015'],
    ['12.5e1', '125.'],
    ['1e-9', '1d-9'],
  ];
  for (const [text, ion] of cases) assert.equal(ionNumberText(text), ion, text);
});

test('ORDER BY keeps a lone name as a path and names any other term', () => {
  const orderBy = (terms: string) =>
    parseStatement(`SELECT * FROM t WHERE pk = 1 ORDER BY ${terms}`);
  const parsed = orderBy(`sk DESC, size(x), a.b, 'q', ?, x IS NOT MISSING`).statement;
  assert.equal(parsed.kind, 'select');
  if (parsed.kind !== 'select') return;
  assert.deepEqual(
    parsed.orderBy.map((order) => order.nonVariable ?? order.path.join('.')),
    ['sk', 'size', 'PATH', '"q"', 'PARAMETER', 'not'],
  );
  assert.equal(orderByTermType({ t: 'path', path: ['sk'] }), undefined);
});
