// The layout of the one ordered key space: which first byte holds what (see docs/architecture.md).

/** First byte of every storage key. 0x00 belongs to storage/ itself (sequences, leases). */
export const KeyPrefix = {
  catalog: 0x01,
  items: 0x02,
  indexEntries: 0x03,
  changeLog: 0x04,
  ttlIndex: 0x05,
  idempotencyTokens: 0x06,
  /** Per-partition item-collection sizes of tables with local secondary indexes. */
  itemCollections: 0x07,
  /** Trigger checkpoints (src/triggers/), keyed by mapping name. */
  triggerCheckpoints: 0x08,
  /** Progress of index backfills (src/core/index-backfill.ts), keyed by index number. */
  indexBackfill: 0x09,
  /** Trigger mappings created through the admin API (src/triggers/stored-mappings.ts), by UUID. */
  triggerMappings: 0x0a,
} as const;

/** `prefix | tableNumber (u32 BE)`: the start of every key that belongs to one table. */
export function tableKeyPrefix(prefix: number, tableNumber: number): Uint8Array {
  // Byte by byte: a DataView per call showed in the GetItem profile (docs/performance.md).
  const key = new Uint8Array(5);
  key[0] = prefix;
  key[1] = tableNumber >>> 24;
  key[2] = tableNumber >>> 16;
  key[3] = tableNumber >>> 8;
  key[4] = tableNumber;
  return key;
}

/** The smallest key greater than every key that starts with `prefix`. */
export function prefixEnd(prefix: Uint8Array): Uint8Array {
  const end = Uint8Array.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i]! += 1;
      return end.subarray(0, i + 1);
    }
  }
  throw new Error('prefix has no end: all bytes are 0xff');
}
