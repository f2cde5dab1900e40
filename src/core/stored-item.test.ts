// Unit tests of the stored item format.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeStoredItem,
  encodeStoredItem,
  storedItemJson,
  storedItemSizeBytes,
} from './stored-item.js';

test('size header, then the wire JSON', () => {
  const item = { pk: { S: 'ü' }, n: { N: '1' }, m: { M: { l: { L: [{ NULL: true as const }] } } } };
  const bytes = encodeStoredItem(item, 123_456);
  assert.equal(storedItemSizeBytes(bytes), 123_456);
  assert.equal(storedItemJson(bytes), JSON.stringify(item));
  assert.deepEqual(decodeStoredItem(bytes), item);
  // A view into a larger buffer (as engines may return) reads the same.
  const padded = new Uint8Array(bytes.length + 3);
  padded.set(bytes, 3);
  assert.equal(storedItemSizeBytes(padded.subarray(3)), 123_456);
});
