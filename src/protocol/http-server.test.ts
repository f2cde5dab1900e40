// The HTTP server's handling of service bugs: logged with the request id, answered without a stack.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { DEFAULT_CONFIG } from '../config/server-config.js';
import type { StorageEngine } from '../storage/engine.js';
import { openMemoryEngine } from '../storage/memory/memory-engine.js';
import { rawRequest } from '../../test/helpers/raw-request.js';
import { createHttpServer } from './http-server.js';
import type { Logger } from './logger.js';

/** A store whose every call fails the way a bug would: with a plain Error, not a DynamoDbError. */
const brokenStore: StorageEngine = {
  read: () => Promise.reject(new TypeError('store exploded')),
  write: () => Promise.reject(new TypeError('store exploded')),
  close: () => Promise.resolve(),
};

test('a non-DynamoDB error is a logged 500 InternalServerError', async () => {
  const lines: string[] = [];
  const logger: Logger = {
    level: 'error',
    enabled: (level) => level === 'error',
    log: (level, message) => lines.push(`${level} ${message}`),
  };
  const http = createHttpServer({ config: DEFAULT_CONFIG, store: brokenStore, logger });
  await new Promise<void>((resolve) => http.server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = http.server.address() as AddressInfo;
    const response = await rawRequest(`http://127.0.0.1:${port}`, 'ListTables', {});
    assert.equal(response.status, 500);
    assert.equal(
      response.text,
      '{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError",' +
        '"message":"Internal server error"}',
    );
    const requestId = String(response.headers['x-amzn-requestid']);
    assert.equal(lines.length, 1);
    assert.ok(lines[0]!.includes(requestId));
    assert.match(lines[0]!, /store exploded/);
  } finally {
    await http.close();
  }
});

test('close() waits for nothing when idle and stops listening', async () => {
  const logger: Logger = { level: 'error', enabled: () => false, log: () => {} };
  const http = createHttpServer({ config: DEFAULT_CONFIG, store: brokenStore, logger });
  await new Promise<void>((resolve) => http.server.listen(0, '127.0.0.1', resolve));
  await http.close();
  assert.equal(http.server.listening, false);
});

test('close() lets an in-flight request finish before it resolves', async () => {
  const events: string[] = [];
  const inner = openMemoryEngine();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let reached!: () => void;
  const storeReached = new Promise<void>((resolve) => (reached = resolve));
  const gatedStore: StorageEngine = {
    async read(fn) {
      reached();
      await gate;
      const result = await inner.read(fn);
      events.push('read done');
      return result;
    },
    write: (fn) => inner.write(fn),
    close: () => inner.close(),
  };
  const logger: Logger = { level: 'error', enabled: () => false, log: () => {} };
  const http = createHttpServer({ config: DEFAULT_CONFIG, store: gatedStore, logger });
  await new Promise<void>((resolve) => http.server.listen(0, '127.0.0.1', resolve));
  const { port } = http.server.address() as AddressInfo;
  const answer = rawRequest(`http://127.0.0.1:${port}`, 'ListTables', {}).then((response) => {
    events.push(`answered ${response.status}`);
  });
  await storeReached;
  const closed = http.close().then(() => events.push('closed'));
  events.push('close called');
  release();
  await Promise.all([answer, closed]);
  // The request ran to completion after close() was called, and close() waited for it.
  assert.equal(events[0], 'close called');
  assert.ok(events.includes('answered 200'), events.join());
  assert.ok(events.indexOf('read done') < events.indexOf('closed'), events.join());
});
