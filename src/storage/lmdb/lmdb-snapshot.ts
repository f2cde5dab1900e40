// One LMDB read transaction held for the length of a read() or of one run of a write() function.

import type { Bytes, ScanOptions } from '../engine.js';
import type { EntrySource } from '../scan-iterable.js';
import { type LmdbStore, type Transaction, lmdbRange } from './lmdb-store.js';

export class LmdbSnapshot {
  private readonly store: LmdbStore;
  private readonly txn: Transaction;
  private readonly getOptions: { transaction: Transaction };
  /** Cursors not yet closed; made on the first range (point reads never need it). */
  private openIterators: Set<Iterator<unknown>> | undefined;

  constructor(store: LmdbStore) {
    // lmdb-js shares one read transaction and renews it only on a timer or after its own
    // commits, so it can predate a commit of another process. Resetting first makes the snapshot
    // current (lmdb-js reuses the old one natively when nothing has committed since), so a write
    // acknowledged by any worker is visible to every read that starts after it.
    store.resetReadTxn();
    this.store = store;
    this.txn = store.useReadTransaction();
    this.getOptions = { transaction: this.txn };
  }

  get(key: Bytes): Bytes | undefined {
    return this.store.getBinary(key, this.getOptions);
  }

  /** Entries within the bounds of `options` (its limit is applied by the caller). */
  range(options: ScanOptions): EntrySource {
    const iterator = this.store.getRange(lmdbRange(options, this.txn))[Symbol.iterator]();
    const open = (this.openIterators ??= new Set());
    open.add(iterator);
    return {
      next() {
        const step = iterator.next();
        if (step.done === true) {
          open.delete(iterator);
          return undefined;
        }
        return step.value;
      },
      close() {
        if (open.delete(iterator)) iterator.return?.();
      },
    };
  }

  /** Closes cursors the caller left open (they pin the transaction), then ends the transaction. */
  release(): void {
    if (this.openIterators !== undefined) {
      for (const iterator of this.openIterators) iterator.return?.();
      this.openIterators.clear();
    }
    this.txn.done();
  }
}
