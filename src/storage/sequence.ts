// Monotonic counters (stream sequence numbers, change-log order), kept in the store itself.

import type { Bytes, ReadTransaction, WriteTransaction } from './engine.js';
import { ReservedKind, reservedKey } from './reserved-keys.js';

/** Where the sequence `name` keeps its last value handed out. */
export function sequenceKey(name: string): Bytes {
  return reservedKey(ReservedKind.sequence, name);
}

/**
 * The next value of the sequence `name`: 1 first, then one more each time. Allocated inside `tx`,
 * so values are gap-free and ordered like the commits that took them (a transaction that does
 * not commit gives its value back). Every writer of one sequence conflicts with the others:
 * keep sequences per table (or coarser), not global — or use `tx.putWithSequence`, which does not.
 */
export async function nextSequenceValue(tx: WriteTransaction, name: string): Promise<bigint> {
  const key = sequenceKey(name);
  const next = (await currentSequenceValue(tx, name)) + 1n;
  tx.put(key, encodeUint64(next));
  return next;
}

/** The last value of the sequence `name` handed out as of `tx`'s snapshot; 0 before the first. */
export async function currentSequenceValue(tx: ReadTransaction, name: string): Promise<bigint> {
  const stored = await tx.get(sequenceKey(name));
  return stored === undefined ? 0n : decodeUint64(stored);
}

/** 8 bytes, unsigned big-endian: the byte order is the numeric order. */
export function encodeUint64(value: bigint): Bytes {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, value);
  return bytes;
}

export function decodeUint64(bytes: Bytes): bigint {
  if (bytes.length !== 8) throw new Error(`corrupt sequence value: ${bytes.length} bytes`);
  return new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0);
}

/** A `putWithSequence` call waiting for its commit. */
export interface SequencedPut {
  readonly keyPrefix: Bytes;
  readonly sequenceName: string;
  readonly value: Bytes;
}

/**
 * Applies sequenced puts at commit time: `get`/`put` read and write the store inside the
 * engine's commit serialization. Each sequence's counter is read once and written once.
 */
export function applySequencedPuts(
  puts: readonly SequencedPut[],
  get: (key: Bytes) => Bytes | undefined,
  put: (key: Bytes, value: Bytes) => void,
): void {
  const counters = new Map<string, bigint>();
  for (const { keyPrefix, sequenceName, value } of puts) {
    let last = counters.get(sequenceName);
    if (last === undefined) {
      const stored = get(sequenceKey(sequenceName));
      last = stored === undefined ? 0n : decodeUint64(stored);
    }
    const next = last + 1n;
    counters.set(sequenceName, next);
    const key = new Uint8Array(keyPrefix.length + 8);
    key.set(keyPrefix, 0);
    key.set(encodeUint64(next), keyPrefix.length);
    put(key, value);
  }
  for (const [name, last] of counters) put(sequenceKey(name), encodeUint64(last));
}
