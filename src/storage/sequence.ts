// Monotonic counters (stream sequence numbers, change-log order), kept in the store itself.

import type { WriteTransaction } from './engine.js';
import { ReservedKind, reservedKey } from './reserved-keys.js';

/**
 * The next value of the sequence `name`: 1 first, then one more each time. Allocated inside `tx`,
 * so values are gap-free and ordered like the commits that took them (a transaction that does
 * not commit gives its value back). Every writer of one sequence conflicts with the others:
 * keep sequences per table (or coarser), not global.
 */
export async function nextSequenceValue(tx: WriteTransaction, name: string): Promise<bigint> {
  const key = reservedKey(ReservedKind.sequence, name);
  const stored = await tx.get(key);
  const next = (stored === undefined ? 0n : decodeUint64(stored)) + 1n;
  const value = new Uint8Array(8);
  new DataView(value.buffer).setBigUint64(0, next);
  tx.put(key, value);
  return next;
}

function decodeUint64(bytes: Uint8Array): bigint {
  if (bytes.length !== 8) throw new Error(`corrupt sequence value: ${bytes.length} bytes`);
  return new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0);
}
