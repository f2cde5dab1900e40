// Overlap and conflict checks among the document paths of one projection or update, in DynamoDB's words.

import type { DocumentPath, PathElement } from './ast.js';
import { type ExpressionKindName, expressionError } from './parser.js';
import { javaHashMapOrder } from './scope.js';

interface PathNode {
  /** A path ends here. */
  terminal: boolean;
  /** Children in insertion order; all names or all list indexes (a mix is a conflict). */
  readonly children: Map<PathElement, PathNode>;
}

/** DynamoDB's text of a path in messages: `[a, b, [1]]`. */
export function pathText(path: DocumentPath): string {
  return `[${path.map((e) => (typeof e === 'number' ? `[${e}]` : e)).join(', ')}]`;
}

const newNode = (): PathNode => ({ terminal: false, children: new Map() });

/**
 * The paths added so far, as a tree. DynamoDB adds a request's paths one by one (last written
 * first) and refuses one that contains or lies inside a path already added (overlap), or that
 * indexes a list where another names a map key (conflict). Measured on DynamoDB Local 3.3: the
 * message's second path is not always the clashing one but the last path (java.util.HashMap order
 * at each level) below the parent of the node where the clash shows, or below the node whose
 * children are of the other kind: `SET x = :v, a.b = :v, y = :v, a = :v` reports
 * `path one: [a, b], path two: [y]`.
 */
export class PathTree {
  private readonly root = newNode();

  constructor(private readonly kind: ExpressionKindName) {}

  add(path: DocumentPath): void {
    let parent = this.root;
    let node = this.root;
    let depth = 0;
    for (const element of path) {
      if (node.terminal) this.fail('overlap', path, parent, depth - 1);
      const first = node.children.keys().next();
      if (!first.done && typeof first.value !== typeof element) {
        this.fail('conflict', path, node, depth);
      }
      let child = node.children.get(element);
      if (child === undefined) {
        child = newNode();
        node.children.set(element, child);
      }
      parent = node;
      node = child;
      depth++;
    }
    if (node.terminal || node.children.size > 0) this.fail('overlap', path, parent, depth - 1);
    node.terminal = true;
  }

  /** `under` is the node at `path.slice(0, depth)`; DynamoDB names its last path second. */
  private fail(
    verdict: 'overlap' | 'conflict',
    path: DocumentPath,
    under: PathNode,
    depth: number,
  ): never {
    const second: PathElement[] = path.slice(0, depth);
    let node = under;
    while (!node.terminal) {
      const order = javaHashMapOrder([...node.children.keys()]);
      const last = order[order.length - 1]!;
      second.push(last);
      node = node.children.get(last)!;
    }
    throw expressionError(
      this.kind,
      `Two document paths ${verdict} with each other; must remove or rewrite one of these paths; ` +
        `path one: ${pathText(path)}, path two: ${pathText(second)}`,
    );
  }
}
