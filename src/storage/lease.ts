// Leases in the store: how a background job runs exactly once across processes and machines.

import type { StorageEngine } from './engine.js';
import { ReservedKind, reservedKey } from './reserved-keys.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface LeaseRecord {
  readonly owner: string;
  readonly expiresAtMs: number;
}

/**
 * Takes or renews the lease `name` for `owner` until `nowMs + durationMs`. True when `owner`
 * holds it afterwards: it was free, expired, or already `owner`'s. Time is the caller's clock
 * (pass Date.now()); holders must renew well before expiry, since clocks of processes differ.
 */
export async function acquireLease(
  engine: StorageEngine,
  name: string,
  owner: string,
  durationMs: number,
  nowMs: number,
): Promise<boolean> {
  const key = reservedKey(ReservedKind.lease, name);
  return engine.write(async (tx) => {
    const stored = await tx.get(key);
    const current = stored === undefined ? undefined : decodeLease(stored);
    if (current !== undefined && current.owner !== owner && current.expiresAtMs > nowMs) {
      return false;
    }
    tx.put(key, encodeLease({ owner, expiresAtMs: nowMs + durationMs }));
    return true;
  });
}

/** Gives the lease up if `owner` holds it, so another process need not wait for it to expire. */
export async function releaseLease(
  engine: StorageEngine,
  name: string,
  owner: string,
): Promise<void> {
  const key = reservedKey(ReservedKind.lease, name);
  await engine.write(async (tx) => {
    const stored = await tx.get(key);
    if (stored !== undefined && decodeLease(stored).owner === owner) tx.delete(key);
  });
}

/** `expiresAtMs` (float64 BE) then the owner in UTF-8. */
function encodeLease(lease: LeaseRecord): Uint8Array {
  const ownerBytes = encoder.encode(lease.owner);
  const bytes = new Uint8Array(8 + ownerBytes.length);
  new DataView(bytes.buffer).setFloat64(0, lease.expiresAtMs);
  bytes.set(ownerBytes, 8);
  return bytes;
}

function decodeLease(bytes: Uint8Array): LeaseRecord {
  if (bytes.length < 8) throw new Error(`corrupt lease record: ${bytes.length} bytes`);
  const expiresAtMs = new DataView(bytes.buffer, bytes.byteOffset, 8).getFloat64(0);
  return { owner: decoder.decode(bytes.subarray(8)), expiresAtMs };
}
