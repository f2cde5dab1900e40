// Property tests: the persistent tree behaves like a sorted map, stays balanced, and never mutates.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { type Tree, TreeCursor, treeDelete, treeGet, treeSet } from './persistent-tree.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const keyArbitrary = fc.uint8Array({ minLength: 1, maxLength: 3, max: 3 });
const operation = fc.record({ remove: fc.boolean(), key: keyArbitrary, value: fc.integer() });

function inOrder(tree: Tree<number>): string[] {
  const cursor = new TreeCursor(tree, {});
  const keys: string[] = [];
  for (let node = cursor.next(); node !== undefined; node = cursor.next()) keys.push(hex(node.key));
  return keys;
}

function assertBalanced(tree: Tree<number>): number {
  if (tree === null) return 0;
  const left = assertBalanced(tree.left);
  const right = assertBalanced(tree.right);
  assert.ok(Math.abs(left - right) <= 1, 'AVL balance');
  assert.equal(tree.height, Math.max(left, right) + 1);
  return tree.height;
}

it('matches a sorted-map model, stays balanced, and leaves old versions untouched', () => {
  fc.assert(
    fc.property(fc.array(operation, { maxLength: 80 }), (operations) => {
      let tree: Tree<number> = null;
      const model = new Map<string, number>();
      const versions: { tree: Tree<number>; keys: string[] }[] = [];
      for (const { remove, key, value } of operations) {
        if (remove) {
          tree = treeDelete(tree, key);
          model.delete(hex(key));
        } else {
          tree = treeSet(tree, key, value);
          model.set(hex(key), value);
        }
        versions.push({ tree, keys: [...model.keys()].sort() });
        assert.equal(treeGet(tree, key), model.get(hex(key)));
      }
      assertBalanced(tree);
      for (const version of versions) assert.deepEqual(inOrder(version.tree), version.keys);
    }),
  );
});

it('walks any range forward and backward like a filtered sorted list', () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(keyArbitrary, { selector: hex, maxLength: 40 }),
      fc.option(keyArbitrary, { nil: undefined }),
      fc.option(keyArbitrary, { nil: undefined }),
      fc.boolean(),
      (keys, start, end, reverse) => {
        let tree: Tree<number> = null;
        for (const key of keys) tree = treeSet(tree, key, 0);
        const expected = keys
          .filter((key) => start === undefined || Buffer.compare(key, start) >= 0)
          .filter((key) => end === undefined || Buffer.compare(key, end) < 0)
          .sort((x, y) => Buffer.compare(x, y))
          .map(hex);
        if (reverse) expected.reverse();
        const cursor = new TreeCursor(tree, { start, end, reverse });
        const actual: string[] = [];
        for (let node = cursor.next(); node !== undefined; node = cursor.next())
          actual.push(hex(node.key));
        assert.deepEqual(actual, expected);
      },
    ),
  );
});
