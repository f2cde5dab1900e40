// Unit tests for the CRC32 used in `x-amz-crc32`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, crc32OfText, crc32Portable } from './crc32.js';

test('matches the known CRC32 of DynamoDB answers', () => {
  // dynalite's recorded header values for DynamoDB's health check and 404 bodies.
  const health = Buffer.from('healthy: dynamodb.us-east-1.amazonaws.com ');
  assert.equal(crc32(health), 3128867991);
  assert.equal(crc32Portable(health), 3128867991);
  const notFound = Buffer.from('<UnknownOperationException/>\n');
  assert.equal(crc32(notFound), 3552371480);
  assert.equal(crc32Portable(notFound), 3552371480);
});

test('the portable and native implementations agree', () => {
  for (const size of [0, 1, 7, 100, 4096]) {
    const bytes = Buffer.alloc(size, size % 251);
    for (let i = 0; i < size; i++) bytes[i] = (i * 31 + size) & 0xff;
    assert.equal(crc32(bytes), crc32Portable(bytes));
  }
  assert.equal(crc32(new Uint8Array()), 0);
});

test('the CRC32 of a text is that of its UTF-8 bytes', () => {
  for (const text of ['', 'healthy: dynamodb.us-east-1.amazonaws.com ', '{"S":"héllo ☃ 𝄞"}']) {
    assert.equal(crc32OfText(text), crc32Portable(Buffer.from(text, 'utf8')));
  }
});
