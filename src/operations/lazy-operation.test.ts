import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lazyOperation } from './lazy-operation.js';
import type { Operation } from './operation.js';

const operation: Operation = { name: 'GetItem', execute: () => Promise.resolve({}) };

test('loads the module once, then answers without a promise', async () => {
  let loads = 0;
  const lazy = lazyOperation('GetItem', () => {
    loads += 1;
    return Promise.resolve(operation);
  });
  const [first, second] = [lazy.load(), lazy.load()];
  assert.ok(first instanceof Promise);
  assert.equal(await first, operation);
  assert.equal(await second, operation);
  assert.equal(lazy.load(), operation);
  assert.equal(loads, 1);
});

test('a failed load is retried by the next request', async () => {
  let loads = 0;
  const lazy = lazyOperation('GetItem', () => {
    loads += 1;
    return loads === 1 ? Promise.reject(new Error('boom')) : Promise.resolve(operation);
  });
  await assert.rejects(Promise.resolve(lazy.load()), /boom/);
  assert.equal(await lazy.load(), operation);
  assert.equal(loads, 2);
});
