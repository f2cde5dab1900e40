import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newRequestId } from './request-id.js';

test('request ids are 52 characters of [0-9A-Z], distinct across pool refills', () => {
  const seen = new Set<string>();
  // 600 ids span more than two 256-id pools.
  for (let i = 0; i < 600; i++) {
    const id = newRequestId();
    assert.match(id, /^[0-9A-Z]{52}$/);
    seen.add(id);
  }
  assert.equal(seen.size, 600);
});
