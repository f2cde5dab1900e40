// Document-path overlap checks (projections and updates) and projecting items onto paths as DynamoDB returns them.

import { setAttribute, type AttributeValue, type Item } from '../model/attribute-value.js';
import type { DocumentPath, PathElement } from './ast.js';
import { type ExpressionKindName, expressionError } from './parser.js';
import { pathText } from './resolve.js';

/**
 * One path may not contain another (overlap) nor index what another uses as a map (conflict).
 * DynamoDB reports the first overlap of any pair before any conflict.
 */
export function checkOverlaps(kind: ExpressionKindName, paths: readonly DocumentPath[]): void {
  let conflict: string | undefined;
  for (let j = 1; j < paths.length; j++) {
    for (let i = 0; i < j; i++) {
      const verdict = comparePaths(paths[i]!, paths[j]!);
      if (verdict === 'disjoint') continue;
      const pair = `must remove or rewrite one of these paths; path one: ${pathText(paths[i]!)}, path two: ${pathText(paths[j]!)}`;
      if (verdict === 'overlap')
        throw expressionError(kind, `Two document paths overlap with each other; ${pair}`);
      conflict ??= `Two document paths conflict with each other; ${pair}`;
    }
  }
  if (conflict !== undefined) throw expressionError(kind, conflict);
}

function comparePaths(a: DocumentPath, b: DocumentPath): 'overlap' | 'conflict' | 'disjoint' {
  for (let k = 0; k < a.length && k < b.length; k++) {
    if (typeof a[k] !== typeof b[k]) return 'conflict';
    if (a[k] !== b[k]) return 'disjoint';
  }
  return 'overlap';
}

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
