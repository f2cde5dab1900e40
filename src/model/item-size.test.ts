// Unit tests for item size: value sizes measured on DynamoDB Local through consumed write capacity.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { AttributeValue } from './attribute-value.js';
import {
  attributeValueSizeBytes,
  checkItemSize,
  itemSizeBytes,
  MAX_ITEM_SIZE_BYTES,
  utf8Bytes,
} from './item-size.js';
import { canonicalNumber } from './number.js';

/**
 * [value, size in bytes], measured on DynamoDB Local 3.3: the longest padding string for which
 * PutItem of {pk, v, pad} still consumed 1 WCU gives size(v) = 1024 - the rest of the item.
 */
const MEASURED: ReadonlyArray<readonly [AttributeValue, number]> = [
  [{ S: '' }, 0],
  [{ S: 'abc' }, 3],
  [{ S: 'é' }, 2],
  [{ S: '😀' }, 4],
  [{ S: '日本語' }, 9],
  [{ B: '' }, 0],
  [{ B: 'YQ==' }, 1],
  [{ B: 'YWI=' }, 2],
  [{ B: 'YWJj' }, 3],
  [{ NULL: true }, 1],
  [{ BOOL: false }, 1],
  [{ BOOL: true }, 1],
  [{ N: '0' }, 1],
  [{ N: '1' }, 2],
  [{ N: '12' }, 2],
  [{ N: '123' }, 3],
  [{ N: '1234' }, 3],
  [{ N: '-1' }, 3],
  [{ N: '-12' }, 3],
  [{ N: '0.1' }, 2],
  [{ N: '0.01' }, 2],
  [{ N: '0.015' }, 3],
  [{ N: '0.15' }, 2],
  [{ N: '10' }, 2],
  [{ N: '100' }, 2],
  [{ N: '1000' }, 2],
  [{ N: '1.5' }, 3],
  [{ N: '12.5' }, 3],
  [{ N: '100.5' }, 4],
  [{ N: '123.45' }, 4],
  [{ N: '-0.5' }, 3],
  [{ N: '-1000' }, 3],
  [{ N: '12345678901234567890123456789012345678' }, 20],
  [{ N: '-12345678901234567890123456789012345678' }, 21],
  [{ N: '1234567890123456789012345678901234567' }, 20],
  [{ N: '1e125' }, 2],
  [{ N: '1e-130' }, 2],
  [{ N: '0.00000000000000000000000000000000000000000000000001' }, 2],
  [{ L: [] }, 3],
  [{ M: {} }, 3],
  [{ L: [{ S: 'a' }] }, 5],
  [{ M: { ab: { S: 'c' } } }, 7],
  [{ L: [{ NULL: true }, { N: '1' }] }, 8],
  [{ L: [{ L: [] }, { M: {} }] }, 11],
  [{ M: { é: { S: 'é' } } }, 8],
  [{ SS: ['a', 'bb'] }, 3],
  [{ SS: ['é'] }, 2],
  [{ NS: ['1', '12'] }, 4],
  [{ NS: ['-1', '0'] }, 4],
  [{ BS: ['YQ==', 'YWI='] }, 3],
  [{ BS: [''] }, 0],
  [{ M: { a: { M: { b: { N: '5' } } } } }, 12],
];

describe('attributeValueSizeBytes', () => {
  it('matches the sizes DynamoDB charges for', () => {
    for (const [measured, expected] of MEASURED) {
      // Sizes are computed on canonical values, as stored.
      const value = 'N' in measured ? { N: canonicalNumber(measured.N) } : measured;
      assert.equal(attributeValueSizeBytes(value), expected, JSON.stringify(measured));
    }
  });
});

describe('itemSizeBytes', () => {
  it('adds UTF-8 attribute name lengths to value sizes', () => {
    assert.equal(itemSizeBytes({}), 0);
    assert.equal(itemSizeBytes({ pk: { S: 'abc' }, é: { N: '1' } }), 2 + 3 + 2 + 2);
  });

  it('sits exactly on the 1 KB write-unit boundary that DynamoDB Local reports', () => {
    // {pk: 9 digits, v: "abc", pad: 1006 chars} consumed 1 WCU; one more char consumed 2.
    const item = { pk: { S: '123456789' }, v: { S: 'abc' }, pad: { S: 'x'.repeat(1006) } };
    assert.equal(itemSizeBytes(item), 1024);
  });

  it('sits exactly on the 4 KB read-unit boundary that DynamoDB Local reports', () => {
    // GetItem (consistent) of {pk: "r", p: 4092 chars} consumed 1 RCU; 4093 chars consumed 2.
    assert.equal(itemSizeBytes({ pk: { S: 'r' }, p: { S: 'x'.repeat(4092) } }), 4096);
  });

  it('allows exactly 400 KB and rejects one byte more, with DynamoDB message', () => {
    // DynamoDB Local accepted {pk: "a", p: 409596 chars} and rejected 409597.
    const atLimit = { pk: { S: 'a' }, p: { S: 'x'.repeat(409_596) } };
    assert.equal(checkItemSize(atLimit), MAX_ITEM_SIZE_BYTES);
    const over = { pk: { S: 'a' }, p: { S: 'x'.repeat(409_597) } };
    assert.throws(() => checkItemSize(over), {
      name: 'ValidationException',
      message: 'Item size has exceeded the maximum allowed size',
    });
  });
});

describe('utf8Bytes', () => {
  it('counts like Buffer.byteLength, lone surrogates included', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'grapheme' }),
      fc.string(),
    );
    fc.assert(
      fc.property(text, (value) => {
        assert.equal(utf8Bytes(value), Buffer.byteLength(value, 'utf8'));
      }),
      { numRuns: 3000 },
    );
    for (const value of ['\ud800', '\udc00x', 'a\ud83d\ude00', '\ud83d\ud83d\ude00']) {
      assert.equal(utf8Bytes(value), Buffer.byteLength(value, 'utf8'), JSON.stringify(value));
    }
  });
});
