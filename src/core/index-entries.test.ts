import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MAX_STORAGE_KEY_BYTES } from '../model/key-encoding.js';
import { encodeIndexSortKey, groupEncode, indexEntryKey } from './index-entries.js';
import type { SecondaryIndexDefinition } from './table-definition.js';

const index: SecondaryIndexDefinition = {
  kind: 'global',
  indexName: 'g',
  indexNumber: 7,
  indexArn: 'arn',
  partitionKey: [{ name: 'p', type: 'B' }],
  sortKey: [{ name: 's', type: 'B' }],
  projection: { type: 'KEYS_ONLY' },
  status: 'ACTIVE',
};

describe('index entry keys', () => {
  it('group encoding keeps byte order and makes every value self-delimiting', () => {
    fc.assert(
      fc.property(fc.uint8Array(), fc.uint8Array(), fc.uint8Array(), (a, b, tail) => {
        const order = Math.sign(Buffer.compare(a, b));
        const withTail = Buffer.concat([groupEncode(a), tail]);
        assert.equal(
          Math.sign(Buffer.compare(withTail, Buffer.concat([groupEncode(b), tail]))),
          order,
        );
        if (order !== 0) {
          assert.equal(Math.sign(Buffer.compare(withTail, groupEncode(b))), order);
        }
      }),
    );
  });

  it('sorts tuples component by component', () => {
    const a = encodeIndexSortKey([{ S: 'ab' }, { N: '2' }]);
    const b = encodeIndexSortKey([{ S: 'ab\u0000' }, { N: '1' }]);
    assert.ok(Buffer.compare(a, b) < 0);
  });

  it('fits the largest keys in LMDB', () => {
    const item = {
      p: { B: Buffer.alloc(2048).toString('base64') },
      s: { B: Buffer.alloc(1024).toString('base64') },
    };
    const tableKey = new Uint8Array(1600);
    const key = indexEntryKey(index, item, tableKey)!;
    assert.ok(key.length <= MAX_STORAGE_KEY_BYTES, `${key.length}`);
    assert.equal(indexEntryKey(index, { p: item.p }, tableKey), undefined);
  });
});
