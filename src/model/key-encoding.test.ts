// Unit tests for storage keys: byte order follows DynamoDB's key order; the largest keys fit LMDB.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { AttributeValue } from './attribute-value.js';
import {
  encodeItemKey,
  encodeKeyValue,
  encodePartitionPrefix,
  MAX_STORAGE_KEY_BYTES,
  PARTITION_HASH_BYTES,
  partitionHash,
  segmentBounds,
} from './key-encoding.js';
import { canonicalNumber, compareNumbers } from './number.js';

const sign = (n: number): number => Math.sign(n) || 0;
const TABLE = Uint8Array.of(0x02, 0, 0, 0, 7);

function sameBytes(actual: Uint8Array, expected: Uint8Array): void {
  assert.equal(Buffer.compare(actual, expected), 0, `${Buffer.from(actual).toString('hex')}`);
}

describe('encodeKeyValue', () => {
  it('orders strings by their UTF-8 bytes, as DynamoDB sorts them', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        const expected = sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
        const actual = Buffer.compare(encodeKeyValue({ S: a }), encodeKeyValue({ S: b }));
        assert.equal(sign(actual), expected);
      }),
      { numRuns: 2000 },
    );
    // UTF-16 order would put U+FF5E before U+1F600; UTF-8 byte order puts it after.
    assert.ok(
      Buffer.compare(encodeKeyValue({ S: '\u{1F600}' }), encodeKeyValue({ S: '\uFF5E' })) > 0,
    );
  });

  it('orders binaries by unsigned bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array(), fc.uint8Array(), (a, b) => {
        const expected = sign(Buffer.compare(a, b));
        const encode = (bytes: Uint8Array) =>
          encodeKeyValue({ B: Buffer.from(bytes).toString('base64') });
        assert.equal(sign(Buffer.compare(encode(a), encode(b))), expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('orders numbers numerically', () => {
    const number = fc
      .double({ noNaN: true, noDefaultInfinity: true, min: -1e100, max: 1e100 })
      .filter((x) => x === 0 || Math.abs(x) > 1e-100)
      .map((x) => canonicalNumber(String(x)));
    fc.assert(
      fc.property(number, number, (a, b) => {
        const actual = Buffer.compare(encodeKeyValue({ N: a }), encodeKeyValue({ N: b }));
        assert.equal(sign(actual), sign(compareNumbers(a, b)));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('partitionHash and segmentBounds', () => {
  it('hashes to 8 bytes, the same for the same key', () => {
    const key = encodeKeyValue({ S: 'user#1' });
    assert.equal(partitionHash(key).length, PARTITION_HASH_BYTES);
    sameBytes(partitionHash(key), partitionHash(encodeKeyValue({ S: 'user#1' })));
  });

  it('splits the hash space into disjoint, covering, non-empty segments', () => {
    for (const total of [1, 2, 3, 7, 1000, 999_983, 1_000_000]) {
      const samples =
        total > 10 ? [0, 1, Math.floor(total / 2), total - 2, total - 1] : [...Array(total).keys()];
      for (const segment of samples) {
        const { start, end } = segmentBounds(segment, total);
        assert.equal(start.length, PARTITION_HASH_BYTES);
        if (segment === 0) sameBytes(start, new Uint8Array(8));
        if (segment === total - 1) {
          assert.equal(end, undefined);
          continue;
        }
        assert.ok(end && Buffer.compare(start, end) < 0, `segment ${segment}/${total} is empty`);
        sameBytes(segmentBounds(segment + 1, total).start, end);
      }
    }
  });

  it('puts every hash in exactly one segment', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 1_000_000 }), (text, total) => {
        const hash = partitionHash(encodeKeyValue({ S: text }));
        let lo = 0;
        let hi = total - 1;
        // Binary search: segments are ordered, so a containing one is found if it exists.
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (Buffer.compare(segmentBounds(mid, total).start, hash) <= 0) lo = mid;
          else hi = mid - 1;
        }
        const { start, end } = segmentBounds(lo, total);
        assert.ok(Buffer.compare(start, hash) <= 0);
        assert.ok(end === undefined || Buffer.compare(hash, end) < 0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('encodeItemKey', () => {
  it('starts with the table prefix, the partition hash and the partition prefix', () => {
    const pk: AttributeValue = { S: 'p' };
    const key = encodeItemKey(TABLE, pk, { N: '5' });
    const prefix = encodePartitionPrefix(TABLE, pk);
    sameBytes(key.subarray(0, prefix.length), prefix);
    sameBytes(prefix.subarray(0, TABLE.length), TABLE);
    sameBytes(
      prefix.subarray(TABLE.length, TABLE.length + PARTITION_HASH_BYTES),
      partitionHash(encodeKeyValue(pk)),
    );
    sameBytes(key.subarray(prefix.length), encodeKeyValue({ N: '5' }));
    sameBytes(encodeItemKey(TABLE, pk), prefix);
  });

  it('orders items of one partition by sort key', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (p, a, b) => {
        const x = encodeItemKey(TABLE, { S: p }, { S: a });
        const y = encodeItemKey(TABLE, { S: p }, { S: b });
        assert.equal(
          sign(Buffer.compare(x, y)),
          sign(Buffer.compare(Buffer.from(a), Buffer.from(b))),
        );
      }),
    );
  });

  it('keeps partitions apart, also when a partition key is a prefix of another', () => {
    const short = encodePartitionPrefix(TABLE, { S: 'ab' });
    const long = encodeItemKey(TABLE, { S: 'abc' }, { S: '' });
    assert.notDeepEqual(long.subarray(0, short.length), short);
    const big = (c: string) => encodePartitionPrefix(TABLE, { S: c.repeat(2048) });
    assert.notDeepEqual(big('a'), big('b'));
  });

  it('fits the largest legal keys under LMDB key limit', () => {
    const partition = { S: '\u00e9'.repeat(1024) }; // 2048 UTF-8 bytes
    const sort = { B: Buffer.alloc(1024, 0xff).toString('base64') };
    const key = encodeItemKey(TABLE, partition, sort);
    assert.ok(key.length <= MAX_STORAGE_KEY_BYTES, `${key.length} bytes`);
    const inline = encodeItemKey(TABLE, { S: 'x'.repeat(511) }, { S: 'y'.repeat(1024) });
    assert.ok(inline.length <= MAX_STORAGE_KEY_BYTES, `${inline.length} bytes`);
  });
});
