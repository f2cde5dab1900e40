// A transaction's pending writes laid over a snapshot's entries: how a scan reads its own writes.

import { compareBytes } from './bytes.js';
import type { Bytes, Entry, ScanOptions } from './engine.js';
import { type Tree, TreeCursor, type TreeNode } from './persistent-tree.js';
import type { EntrySource } from './scan-iterable.js';

/** Pending writes by key: bytes for a put, null for a delete. */
export type Overlay = Tree<Bytes | null>;

/** Merges `base` with the overlay's entries in range; overlay puts win, overlay deletes hide. */
export function overlaySource(
  base: EntrySource,
  overlay: Overlay,
  options: ScanOptions,
): EntrySource {
  if (overlay === null) return base;
  return new MergedSource(base, new TreeCursor(overlay, options), options.reverse === true);
}

class MergedSource implements EntrySource {
  private baseHead: Entry | undefined;
  private overlayHead: TreeNode<Bytes | null> | undefined;
  private baseConsumed = true;
  private overlayConsumed = true;

  constructor(
    private readonly base: EntrySource,
    private readonly overlay: TreeCursor<Bytes | null>,
    private readonly reverse: boolean,
  ) {}

  next(): Entry | undefined {
    for (;;) {
      if (this.baseConsumed) {
        this.baseHead = this.base.next();
        this.baseConsumed = false;
      }
      if (this.overlayConsumed) {
        this.overlayHead = this.overlay.next();
        this.overlayConsumed = false;
      }
      const base = this.baseHead;
      const pending = this.overlayHead;
      if (pending === undefined) {
        this.baseConsumed = true;
        return base;
      }
      const order = base === undefined ? 1 : this.order(base.key, pending.key);
      if (order < 0) {
        this.baseConsumed = true;
        return base;
      }
      this.overlayConsumed = true;
      if (order === 0) this.baseConsumed = true;
      if (pending.value !== null) return { key: pending.key, value: pending.value };
    }
  }

  close(): void {
    this.base.close();
  }

  /** Negative when `a` comes first in walk order. */
  private order(a: Bytes, b: Bytes): number {
    const order = compareBytes(a, b);
    return this.reverse ? -order : order;
  }
}
