import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Item } from '../model/attribute-value.js';
import { updateReturnAttributes } from './return-values.js';

const oldItem: Item = { pk: { S: 'k' }, a: { M: { b: { N: '1' }, c: { N: '2' } } }, t: { N: '3' } };
const newItem: Item = { pk: { S: 'k' }, a: { M: { b: { N: '9' }, c: { N: '2' } } }, t: { N: '3' } };

test('NONE and the ALL_* modes', () => {
  assert.equal(updateReturnAttributes('NONE', oldItem, newItem, [['t']]), undefined);
  assert.equal(updateReturnAttributes('ALL_OLD', oldItem, newItem, []), oldItem);
  assert.equal(updateReturnAttributes('ALL_OLD', undefined, newItem, []), undefined);
  assert.equal(updateReturnAttributes('ALL_NEW', undefined, newItem, []), newItem);
});

test('UPDATED_* project onto the updated paths', () => {
  const paths = [['a', 'b']];
  assert.deepEqual(updateReturnAttributes('UPDATED_OLD', oldItem, newItem, paths), {
    a: { M: { b: { N: '1' } } },
  });
  assert.deepEqual(updateReturnAttributes('UPDATED_NEW', oldItem, newItem, paths), {
    a: { M: { b: { N: '9' } } },
  });
});

test('nothing to return leaves Attributes out', () => {
  assert.equal(updateReturnAttributes('UPDATED_OLD', undefined, newItem, [['t']]), undefined);
  assert.equal(updateReturnAttributes('UPDATED_NEW', oldItem, newItem, [['gone']]), undefined);
  assert.equal(updateReturnAttributes('UPDATED_NEW', oldItem, newItem, []), undefined);
});
