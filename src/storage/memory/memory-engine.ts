// The in-memory engine (`--in-memory`, tests): snapshots are roots of an immutable tree.

import { compareBytes } from '../bytes.js';
import type {
  Bytes,
  Entry,
  ReadTransaction,
  ScanOptions,
  StorageEngine,
  WriteTransaction,
} from '../engine.js';
import { assertStorableKey } from '../key-limits.js';
import { type Tree, TreeCursor, treeDelete, treeGet, treeSet } from '../persistent-tree.js';
import { type EntrySource, isEmptyRange, scanIterable } from '../scan-iterable.js';
import { type SequencedPut, applySequencedPuts } from '../sequence.js';

/**
 * Reads run on the root current when they start, so a write committing meanwhile is invisible
 * to them. Writes run one at a time, each on its own private root, and commit by swapping the
 * shared root: serializable without conflict detection, and `fn` runs exactly once.
 */
export function openMemoryEngine(): StorageEngine {
  let root: Tree<Bytes> = null;
  let closed = false;
  let writeTail: Promise<unknown> = Promise.resolve();

  const assertOpen = (): void => {
    if (closed) throw new Error('storage engine is closed');
  };

  const runWrite = async <T>(fn: (tx: WriteTransaction) => Promise<T>): Promise<T> => {
    assertOpen();
    const tx = new MemoryTransaction(root, true);
    try {
      const result = await fn(tx);
      tx.commitSequencedPuts();
      root = tx.tree;
      return result;
    } finally {
      tx.finish();
    }
  };

  return {
    async read<T>(fn: (tx: ReadTransaction) => Promise<T>): Promise<T> {
      assertOpen();
      const tx = new MemoryTransaction(root, false);
      try {
        return await fn(tx);
      } finally {
        tx.finish();
      }
    },
    write<T>(fn: (tx: WriteTransaction) => Promise<T>): Promise<T> {
      const result = writeTail.then(() => runWrite(fn));
      writeTail = result.catch(() => undefined);
      return result;
    },
    async close(): Promise<void> {
      closed = true;
      await writeTail;
      root = null;
    },
  };
}

class MemoryTransaction implements WriteTransaction {
  tree: Tree<Bytes>;
  private active = true;
  private readonly writable: boolean;
  private readonly sequencedPuts: SequencedPut[] = [];

  constructor(tree: Tree<Bytes>, writable: boolean) {
    this.tree = tree;
    this.writable = writable;
  }

  get(key: Bytes): Promise<Bytes | undefined> {
    this.assertActive();
    return Promise.resolve(treeGet(this.tree, key));
  }

  scan(options: ScanOptions): AsyncIterable<Entry> {
    this.assertActive();
    // The scan sees the transaction as it is now; later puts in the same transaction do not move it.
    const tree = isEmptyRange(options, compareBytes) ? null : this.tree;
    return scanIterable(options, () => treeSource(tree, options));
  }

  put(key: Bytes, value: Bytes): void {
    this.assertWritable();
    assertStorableKey(key);
    this.tree = treeSet(this.tree, key, value);
  }

  delete(key: Bytes): void {
    this.assertWritable();
    this.tree = treeDelete(this.tree, key);
  }

  putWithSequence(keyPrefix: Bytes, sequenceName: string, value: Bytes): void {
    this.assertWritable();
    assertStorableKey(new Uint8Array(keyPrefix.length + 8));
    this.sequencedPuts.push({ keyPrefix, sequenceName, value });
  }

  /** Writes run one at a time here, so the end of the write function is the commit point. */
  commitSequencedPuts(): void {
    applySequencedPuts(
      this.sequencedPuts,
      (key) => treeGet(this.tree, key),
      (key, value) => {
        this.tree = treeSet(this.tree, key, value);
      },
    );
  }

  finish(): void {
    this.active = false;
  }

  private assertActive(): void {
    if (!this.active) throw new Error('transaction has already finished');
  }

  private assertWritable(): void {
    this.assertActive();
    if (!this.writable) throw new Error('cannot write in a read transaction');
  }
}

function treeSource(tree: Tree<Bytes>, options: ScanOptions): EntrySource {
  const cursor = new TreeCursor(tree, {
    start: options.start?.length === 0 ? undefined : options.start,
    end: options.end,
    reverse: options.reverse,
  });
  return { next: () => cursor.next(), close: () => undefined };
}
