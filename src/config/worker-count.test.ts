// Unit tests for choosing the number of worker processes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from './resolve-config.js';
import { resolveWorkerCount } from './worker-count.js';

test('defaults to the number of cores; the flag beats the environment', () => {
  assert.deepEqual(resolveWorkerCount(undefined, undefined, false, 8), { workers: 8 });
  assert.deepEqual(resolveWorkerCount(undefined, '3', false, 8), { workers: 3 });
  assert.deepEqual(resolveWorkerCount('2', '3', false, 8), { workers: 2 });
  assert.deepEqual(resolveWorkerCount(undefined, '', false, 1), { workers: 1 });
});

test('in memory runs one worker, with a note only when more were asked for', () => {
  assert.deepEqual(resolveWorkerCount(undefined, undefined, true, 8), { workers: 1 });
  assert.deepEqual(resolveWorkerCount('1', undefined, true, 8), { workers: 1 });
  const forced = resolveWorkerCount('4', undefined, true, 8);
  assert.equal(forced.workers, 1);
  assert.match(forced.note ?? '', /cannot be shared/);
});

test('bad counts are ConfigErrors', () => {
  for (const text of ['0', '-1', 'two', '1.5', '99999']) {
    assert.throws(() => resolveWorkerCount(text, undefined, false), ConfigError, text);
  }
});
