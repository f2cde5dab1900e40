// An immutable ordered map from byte keys (AVL tree, path copying): a snapshot is just a root pointer.

import { compareBytes } from './bytes.js';

/** A node is also a `{ key, value }` entry, so scans hand out nodes without allocating. */
export interface TreeNode<V> {
  readonly key: Uint8Array;
  readonly value: V;
  readonly left: Tree<V>;
  readonly right: Tree<V>;
  readonly height: number;
}

export type Tree<V> = TreeNode<V> | null;

export interface TreeRange {
  /** Inclusive lower bound. */
  readonly start?: Uint8Array | undefined;
  /** Exclusive upper bound. */
  readonly end?: Uint8Array | undefined;
  /** Walk from the highest key below `end` down to `start`. */
  readonly reverse?: boolean | undefined;
}

export function treeGet<V>(tree: Tree<V>, key: Uint8Array): V | undefined {
  let node = tree;
  while (node !== null) {
    const order = compareBytes(key, node.key);
    if (order === 0) return node.value;
    node = order < 0 ? node.left : node.right;
  }
  return undefined;
}

/** A new tree with `key` set to `value`; `tree` itself is unchanged. O(log n) new nodes. */
export function treeSet<V>(tree: Tree<V>, key: Uint8Array, value: V): TreeNode<V> {
  if (tree === null) return { key, value, left: null, right: null, height: 1 };
  const order = compareBytes(key, tree.key);
  if (order === 0) return { key, value, left: tree.left, right: tree.right, height: tree.height };
  if (order < 0) return balance(tree.key, tree.value, treeSet(tree.left, key, value), tree.right);
  return balance(tree.key, tree.value, tree.left, treeSet(tree.right, key, value));
}

/** A new tree without `key`; returns `tree` itself when the key is absent. */
export function treeDelete<V>(tree: Tree<V>, key: Uint8Array): Tree<V> {
  if (tree === null) return null;
  const order = compareBytes(key, tree.key);
  if (order < 0) {
    const left = treeDelete(tree.left, key);
    return left === tree.left ? tree : balance(tree.key, tree.value, left, tree.right);
  }
  if (order > 0) {
    const right = treeDelete(tree.right, key);
    return right === tree.right ? tree : balance(tree.key, tree.value, tree.left, right);
  }
  if (tree.left === null) return tree.right;
  if (tree.right === null) return tree.left;
  let successor = tree.right;
  while (successor.left !== null) successor = successor.left;
  return balance(successor.key, successor.value, tree.left, deleteMin(tree.right));
}

function deleteMin<V>(tree: TreeNode<V>): Tree<V> {
  if (tree.left === null) return tree.right;
  return balance(tree.key, tree.value, deleteMin(tree.left), tree.right);
}

function heightOf<V>(tree: Tree<V>): number {
  return tree === null ? 0 : tree.height;
}

function node<V>(key: Uint8Array, value: V, left: Tree<V>, right: Tree<V>): TreeNode<V> {
  return { key, value, left, right, height: Math.max(heightOf(left), heightOf(right)) + 1 };
}

/** Rebuilds a node whose subtrees differ in height by at most 2, restoring the AVL invariant. */
function balance<V>(key: Uint8Array, value: V, left: Tree<V>, right: Tree<V>): TreeNode<V> {
  const leftHeight = heightOf(left);
  const rightHeight = heightOf(right);
  if (leftHeight > rightHeight + 1 && left !== null) {
    if (heightOf(left.left) >= heightOf(left.right)) {
      return node(left.key, left.value, left.left, node(key, value, left.right, right));
    }
    const pivot = left.right!;
    return node(
      pivot.key,
      pivot.value,
      node(left.key, left.value, left.left, pivot.left),
      node(key, value, pivot.right, right),
    );
  }
  if (rightHeight > leftHeight + 1 && right !== null) {
    if (heightOf(right.right) >= heightOf(right.left)) {
      return node(right.key, right.value, node(key, value, left, right.left), right.right);
    }
    const pivot = right.left!;
    return node(
      pivot.key,
      pivot.value,
      node(key, value, left, pivot.left),
      node(right.key, right.value, pivot.right, right.right),
    );
  }
  return node(key, value, left, right);
}

/** Walks the nodes of `tree` within `range`, in order; O(log n) to start, amortised O(1) a step. */
export class TreeCursor<V> {
  private readonly stack: TreeNode<V>[] = [];
  private readonly range: TreeRange;

  constructor(tree: Tree<V>, range: TreeRange) {
    this.range = range;
    const { start, end } = range;
    let current = tree;
    if (range.reverse === true) {
      while (current !== null) {
        if (end === undefined || compareBytes(current.key, end) < 0) {
          this.stack.push(current);
          current = current.right;
        } else current = current.left;
      }
    } else {
      while (current !== null) {
        if (start === undefined || compareBytes(current.key, start) >= 0) {
          this.stack.push(current);
          current = current.left;
        } else current = current.right;
      }
    }
  }

  /** The next node in range, or undefined when the range is exhausted. */
  next(): TreeNode<V> | undefined {
    const found = this.stack.pop();
    if (found === undefined) return undefined;
    if (this.range.reverse === true) {
      const { start } = this.range;
      if (start !== undefined && compareBytes(found.key, start) < 0) return this.finish();
      for (let child = found.left; child !== null; child = child.right) this.stack.push(child);
    } else {
      const { end } = this.range;
      if (end !== undefined && compareBytes(found.key, end) >= 0) return this.finish();
      for (let child = found.right; child !== null; child = child.left) this.stack.push(child);
    }
    return found;
  }

  private finish(): undefined {
    this.stack.length = 0;
    return undefined;
  }
}
