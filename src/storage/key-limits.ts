// What a storage key may be, the same for every engine so that code above never depends on which runs.

/**
 * The longest key any engine accepts. LMDB's limit with 4 KiB pages (lmdb-js reports 1978);
 * callers (core/) guarantee their keys fit, so a longer one is a programmer error.
 */
export const MAX_KEY_BYTES = 1978;

/** Throws on a key no engine could store: empty (LMDB refuses it) or longer than MAX_KEY_BYTES. */
export function assertStorableKey(key: Uint8Array): void {
  if (key.length === 0) throw new Error('storage key must not be empty');
  if (key.length > MAX_KEY_BYTES) {
    throw new Error(`storage key of ${key.length} bytes exceeds the maximum of ${MAX_KEY_BYTES}`);
  }
}
