import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeTtlEntry,
  itemExpirySeconds,
  MAX_EXPIRY_AGE_SECONDS,
  ttlEntryKey,
} from './ttl-index.js';

const NOW_MS = Date.UTC(2026, 0, 1);
const NOW_SECONDS = NOW_MS / 1000;

test('only a Number of non-negative epoch seconds within five years is an expiry', () => {
  const expiry = (value: unknown) => itemExpirySeconds({ exp: value } as never, 'exp', NOW_MS);
  assert.equal(expiry({ N: '100' }), undefined, 'more than five years in the past');
  assert.equal(expiry({ N: String(NOW_SECONDS) }), NOW_SECONDS);
  assert.equal(expiry({ N: '1767225600.2' }), 1767225601, 'rounded up, never deleted early');
  assert.equal(
    expiry({ N: String(NOW_SECONDS - MAX_EXPIRY_AGE_SECONDS) }),
    NOW_SECONDS - MAX_EXPIRY_AGE_SECONDS,
  );
  assert.equal(expiry({ N: '-1' }), undefined);
  assert.equal(expiry({ N: '1E+30' }), undefined);
  assert.equal(expiry({ S: String(NOW_SECONDS) }), undefined);
  assert.equal(expiry({ NS: [String(NOW_SECONDS)] }), undefined);
  assert.equal(itemExpirySeconds({}, 'exp', NOW_MS), undefined);
  assert.equal(itemExpirySeconds(undefined, 'exp', NOW_MS), undefined);
});

test('an entry key orders by expiry and decodes back to the item storage key', () => {
  const storageKey = Uint8Array.of(0x02, 0, 0, 0, 7, 9, 8, 7, 6, 5, 4, 3, 2, 1);
  const key = ttlEntryKey(storageKey, NOW_SECONDS);
  const entry = decodeTtlEntry(key, new TextEncoder().encode('table-a'));
  assert.deepEqual(entry, {
    expirySeconds: NOW_SECONDS,
    tableNumber: 7,
    tableName: 'table-a',
    storageKey,
  });
  assert.equal(key.length, storageKey.length + 8);
  const later = ttlEntryKey(Uint8Array.of(0x02, 0, 0, 0, 1, 0), NOW_SECONDS + 1);
  assert.ok(Buffer.compare(key, later) < 0);
});
