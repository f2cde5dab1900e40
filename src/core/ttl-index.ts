// The TTL index (expiry time → item), so the TTL sweeper never scans whole tables.

import type { WriteTransaction } from '../storage/engine.js';
import type { DecodedChange } from './item-change.js';

/** Keeps the TTL index in step with the change. Tables have no TTL setting before the TTL issue. */
export async function maintainTtlIndex(
  _tx: WriteTransaction,
  _change: DecodedChange,
): Promise<void> {}
