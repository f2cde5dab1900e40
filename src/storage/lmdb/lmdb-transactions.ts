// The transactions handed to read() and write() functions on the LMDB engine.

import { compareBytes } from '../bytes.js';
import type { Bytes, Entry, ReadTransaction, ScanOptions, WriteTransaction } from '../engine.js';
import { MAX_KEY_BYTES, assertStorableKey } from '../key-limits.js';
import { type Overlay, overlaySource } from '../overlay-source.js';
import { TreeCursor, treeGet, treeSet } from '../persistent-tree.js';
import { isEmptyRange, scanIterable } from '../scan-iterable.js';
import { type SequencedPut, applySequencedPuts } from '../sequence.js';
import type { LmdbSnapshot } from './lmdb-snapshot.js';
import type { LmdbStore } from './lmdb-store.js';
import { ReadSet } from './read-set.js';

const EMPTY: AsyncIterable<Entry> = scanIterable({ limit: 0 }, () => ({
  next: () => undefined,
  close: () => undefined,
}));

export class LmdbReadTransaction implements ReadTransaction {
  protected active = true;

  constructor(protected readonly snapshot: LmdbSnapshot) {}

  get(key: Bytes): Promise<Bytes | undefined> {
    this.assertActive();
    return Promise.resolve(isStorable(key) ? this.snapshot.get(key) : undefined);
  }

  scan(options: ScanOptions): AsyncIterable<Entry> {
    this.assertActive();
    if (isEmptyRange(options, compareBytes)) return EMPTY;
    return scanIterable(options, () => {
      this.assertActive();
      return this.snapshot.range(options);
    });
  }

  /** Ends the transaction: later calls throw, and the snapshot is released. */
  finish(): void {
    this.active = false;
    this.snapshot.release();
  }

  protected assertActive(): void {
    if (!this.active) throw new Error('transaction has already finished');
  }
}

/**
 * One optimistic run of a write() function: reads come from a snapshot (and are recorded),
 * writes go to a private overlay that reads consult first. Nothing touches the store until
 * `commitIn` runs inside an LMDB write transaction.
 */
export class OptimisticTransaction extends LmdbReadTransaction implements WriteTransaction {
  readonly reads = new ReadSet();
  private overlay: Overlay = null;
  private readonly sequencedPuts: SequencedPut[] = [];

  override get(key: Bytes): Promise<Bytes | undefined> {
    this.assertActive();
    const pending = treeGet(this.overlay, key);
    if (pending !== undefined) return Promise.resolve(pending ?? undefined);
    // A key no engine can store is absent forever: nothing to read, nothing to validate.
    if (!isStorable(key)) return Promise.resolve(undefined);
    const value = this.snapshot.get(key);
    this.reads.recordGet(key, value);
    return Promise.resolve(value);
  }

  override scan(options: ScanOptions): AsyncIterable<Entry> {
    this.assertActive();
    if (isEmptyRange(options, compareBytes)) return EMPTY;
    // The scan sees the writes made so far; later puts in the same transaction do not move it.
    const overlay = this.overlay;
    return scanIterable(options, () => {
      this.assertActive();
      const base = this.reads.recordRange(options, this.snapshot.range(options));
      return overlaySource(base, overlay, options);
    });
  }

  put(key: Bytes, value: Bytes): void {
    this.assertActive();
    // Checked here, not at commit: a failing put must fail the function, before anything is written.
    assertStorableKey(key);
    this.overlay = treeSet(this.overlay, key, value);
  }

  delete(key: Bytes): void {
    this.assertActive();
    if (!isStorable(key)) return;
    this.overlay = treeSet(this.overlay, key, null);
  }

  putWithSequence(keyPrefix: Bytes, sequenceName: string, value: Bytes): void {
    this.assertActive();
    assertStorableKey(new Uint8Array(keyPrefix.length + 8));
    this.sequencedPuts.push({ keyPrefix, sequenceName, value });
  }

  get hasWrites(): boolean {
    return this.overlay !== null || this.sequencedPuts.length > 0;
  }

  /**
   * Runs inside the LMDB write transaction: validates the read set, then applies the writes.
   * False (and nothing written) when another transaction changed something this one read.
   */
  commitIn(store: LmdbStore): boolean {
    if (!this.reads.isCurrent(store)) return false;
    const cursor = new TreeCursor(this.overlay, {});
    for (let write = cursor.next(); write !== undefined; write = cursor.next()) {
      if (write.value === null) store.remove(write.key);
      else store.put(write.key, write.value);
    }
    // Numbered here, under LMDB's write lock: commit order is sequence order, and nothing was read.
    applySequencedPuts(
      this.sequencedPuts,
      (key) => store.getBinary(key),
      (key, value) => store.put(key, value),
    );
    return true;
  }
}

function isStorable(key: Bytes): boolean {
  return key.length > 0 && key.length <= MAX_KEY_BYTES;
}
