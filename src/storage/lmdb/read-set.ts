// What an optimistic transaction read, so the commit can prove nothing it saw has changed since.

import { bytesEqual } from '../bytes.js';
import type { Bytes, Entry, ScanOptions } from '../engine.js';
import type { EntrySource } from '../scan-iterable.js';
import { type LmdbStore, lmdbRange } from './lmdb-store.js';

/** The prefix of a range a scan actually walked: its entries, and whether it reached the end. */
interface RangeRead {
  readonly options: ScanOptions;
  readonly entries: Entry[];
  exhausted: boolean;
}

export class ReadSet {
  private readonly keys: Bytes[] = [];
  private readonly values: (Bytes | undefined)[] = [];
  private readonly ranges: RangeRead[] = [];

  recordGet(key: Bytes, value: Bytes | undefined): void {
    this.keys.push(key);
    this.values.push(value);
  }

  /** Wraps a snapshot range so that every entry pulled from it is remembered. */
  recordRange(options: ScanOptions, source: EntrySource): EntrySource {
    const read: RangeRead = { options, entries: [], exhausted: false };
    this.ranges.push(read);
    return {
      next() {
        const entry = source.next();
        if (entry === undefined) read.exhausted = true;
        else read.entries.push(entry);
        return entry;
      },
      close: () => source.close(),
    };
  }

  /**
   * True when every read would return the same now. Runs inside the LMDB write transaction
   * (which holds the lock of every process), so nothing can change between this and the commit.
   */
  isCurrent(store: LmdbStore): boolean {
    for (let i = 0; i < this.keys.length; i++) {
      const current = store.getBinaryFast(this.keys[i]!);
      const seen = this.values[i];
      if (current === undefined || seen === undefined) {
        if (current !== seen) return false;
        // The fast buffer is lmdb-js's shared one: its `length` is the value's, its bytes more.
      } else if (!bytesEqual(current.subarray(0, current.length), seen)) return false;
    }
    for (const range of this.ranges) {
      if (!rangeIsCurrent(store, range)) return false;
    }
    return true;
  }
}

/**
 * The walked prefix must be entry-for-entry the same; when the walk reached the end of the
 * range, no entry may have appeared after it either. Entries beyond an unfinished walk were
 * never observed, so they may change freely.
 */
function rangeIsCurrent(store: LmdbStore, range: RangeRead): boolean {
  const { entries } = range;
  if (entries.length === 0 && !range.exhausted) return true;
  let index = 0;
  for (const entry of store.getRange(lmdbRange(range.options))) {
    const seen = entries[index];
    // Past the walked prefix only when the walk was exhausted: a new entry appeared.
    if (seen === undefined) return false;
    if (!bytesEqual(entry.key, seen.key) || !bytesEqual(entry.value, seen.value)) return false;
    index++;
    if (index === entries.length && !range.exhausted) return true;
  }
  return index === entries.length;
}
