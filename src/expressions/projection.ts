// Projecting items onto paths as DynamoDB returns them.

import { setAttribute, type AttributeValue, type Item } from '../model/attribute-value.js';
import type { DocumentPath, PathElement } from './ast.js';

/** The requested paths as a tree: `true` marks a whole value. */
interface ProjectionNode {
  readonly keys: Map<string, ProjectionNode | true>;
  readonly indexes: Map<number, ProjectionNode | true>;
}

function newNode(): ProjectionNode {
  return { keys: new Map(), indexes: new Map() };
}

function buildTree(paths: readonly DocumentPath[]): ProjectionNode {
  const root = newNode();
  for (const path of paths) {
    let node = root;
    path.forEach((element, i) => {
      const children: Map<PathElement, ProjectionNode | true> =
        typeof element === 'number' ? node.indexes : node.keys;
      const existing = children.get(element);
      if (existing === true) return;
      if (i === path.length - 1) {
        children.set(element, true);
      } else if (existing === undefined) {
        const child = newNode();
        children.set(element, child);
        node = child;
      } else {
        node = existing;
      }
    });
  }
  return root;
}

/** The item cut down to `paths`; containers left empty are omitted, list elements keep their order. */
export function projectItem(item: Item, paths: readonly DocumentPath[]): Item {
  return itemProjector(paths)(item);
}

/** `projectItem` for many items: the paths' tree is built once (Query and Scan project every item). */
export function itemProjector(paths: readonly DocumentPath[]): (item: Item) => Item {
  const root = buildTree(paths);
  return (item) => projectWithTree(item, root);
}

function projectWithTree(item: Item, root: ProjectionNode): Item {
  const result: Item = {};
  for (const [name, node] of root.keys) {
    // Own attributes only, assigned as data: an attribute may be named `__proto__`.
    const value = Object.hasOwn(item, name) ? item[name] : undefined;
    if (value === undefined) continue;
    const projected = node === true ? value : projectValue(value, node);
    if (projected !== undefined) setAttribute(result, name, projected);
  }
  return result;
}

function projectValue(value: AttributeValue, node: ProjectionNode): AttributeValue | undefined {
  if ('M' in value && node.keys.size > 0) {
    const map: Record<string, AttributeValue> = {};
    for (const [name, child] of node.keys) {
      const inner = Object.hasOwn(value.M, name) ? value.M[name] : undefined;
      const projected = inner === undefined || child === true ? inner : projectValue(inner, child);
      if (projected !== undefined) setAttribute(map, name, projected);
    }
    return Object.keys(map).length > 0 ? { M: map } : undefined;
  }
  if ('L' in value && node.indexes.size > 0) {
    const list: AttributeValue[] = [];
    for (const index of [...node.indexes.keys()].sort((a, b) => a - b)) {
      const inner = value.L[index];
      const child = node.indexes.get(index)!;
      const projected = inner === undefined || child === true ? inner : projectValue(inner, child);
      if (projected !== undefined) list.push(projected);
    }
    return list.length > 0 ? { L: list } : undefined;
  }
  return undefined;
}
