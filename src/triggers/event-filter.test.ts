import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchesAnyFilter } from './event-filter.js';

const record = {
  eventName: 'INSERT',
  dynamodb: { NewImage: { status: { S: 'active' }, n: { N: '7' }, tags: { SS: ['a', 'b'] } } },
};
const matches = (pattern: unknown) => matchesAnyFilter(record, [JSON.stringify(pattern)]);

test("Lambda's filter patterns", () => {
  assert.equal(matchesAnyFilter(record, []), true);
  assert.equal(matches({ eventName: ['INSERT', 'MODIFY'] }), true);
  assert.equal(matches({ eventName: ['REMOVE'] }), false);
  assert.equal(matches({ dynamodb: { NewImage: { status: { S: ['active'] } } } }), true);
  assert.equal(matches({ dynamodb: { NewImage: { status: { S: [{ prefix: 'act' }] } } } }), true);
  assert.equal(
    matches({ dynamodb: { NewImage: { status: { S: [{ 'anything-but': ['active'] }] } } } }),
    false,
  );
  assert.equal(
    matches({ dynamodb: { NewImage: { n: { N: [{ numeric: ['>', 5, '<=', 7] }] } } } }),
    true,
  );
  assert.equal(matches({ dynamodb: { NewImage: { n: { N: [{ numeric: ['>', 7] }] } } } }), false);
  assert.equal(matches({ dynamodb: { NewImage: { gone: [{ exists: false }] } } }), true);
  assert.equal(matches({ dynamodb: { NewImage: { status: [{ exists: true }] } } }), true);
  assert.equal(matches({ dynamodb: { NewImage: { tags: { SS: ['b'] } } } }), true);
  assert.equal(
    matches({ eventName: ['INSERT'], dynamodb: { NewImage: { status: { S: ['x'] } } } }),
    false,
  );
  assert.equal(
    matchesAnyFilter(record, [
      JSON.stringify({ eventName: ['REMOVE'] }),
      JSON.stringify({ eventName: ['INSERT'] }),
    ]),
    true,
  );
});
