// A SELECT's projection checks (DynamoDB's messages) and its items named after each path's last step.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkProjection, projectedByName } from './projection.js';

test('duplicate result names come first, then overlaps naming the later path first', () => {
  assert.throws(
    () =>
      checkProjection([
        ['m', 'a'],
        ['m', 'a', 'b'],
        ['x', 'a'],
      ]),
    {
      message: 'Duplicate identifiers in select clause: a',
    },
  );
  assert.throws(() => checkProjection([['l'], ['l', 0]]), {
    message:
      'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [l, [0]], path two: [l]',
  });
  assert.throws(
    () =>
      checkProjection([
        ['l', 0],
        ['l', 'a'],
      ]),
    {
      message:
        'Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [l, a], path two: [l, [0]]',
    },
  );
  assert.doesNotThrow(() => checkProjection([['a'], ['b', 'c']]));
});

test('values are named after the last name step and its indexes', () => {
  const item = { m: { M: { d: { M: { e: { N: '5' } } } } }, l: { L: [{ S: 'x' }] } };
  assert.deepEqual(projectedByName(item, [['m', 'd', 'e'], ['l', 0], ['gone']]), {
    e: { N: '5' },
    'l[0]': { S: 'x' },
  });
});
