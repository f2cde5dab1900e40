// A SELECT's projection: DynamoDB's checks on its paths, and the items it answers.

import type { Statement } from './ast.js';
import { checkSourceNames, StatementError } from './errors.js';
import type { AttributeValue, Item } from '../model/attribute-value.js';
import type { PathStep } from './ast.js';

type Path = readonly PathStep[];

/** A SELECT's checks before its table is looked up: the names, then the projection. */
export function checkSelectSource(select: Statement & { kind: 'select' }): void {
  checkSourceNames(select.source);
  checkProjection(select.projection);
}

/**
 * Before any table lookup DynamoDB rejects two paths with the same result name, then (as for a
 * ProjectionExpression) overlapping and conflicting paths, but without the `Invalid
 * ProjectionExpression:` prefix and naming the later path first (DynamoDB Local 3.3).
 */
export function checkProjection(projection: readonly Path[] | undefined): void {
  if (projection === undefined) return;
  const names = new Set<string>();
  for (const path of projection) {
    const name = resultName(path);
    if (names.has(name))
      throw new StatementError(`Duplicate identifiers in select clause: ${name}`);
    names.add(name);
  }
  let conflict: string | undefined;
  for (let j = 1; j < projection.length; j++) {
    for (let i = 0; i < j; i++) {
      const verdict = comparePaths(projection[i]!, projection[j]!);
      if (verdict === 'disjoint') continue;
      const pair = `must remove or rewrite one of these paths; path one: ${pathText(projection[j]!)}, path two: ${pathText(projection[i]!)}`;
      if (verdict === 'overlap')
        throw new StatementError(`Two document paths overlap with each other; ${pair}`);
      conflict ??= `Two document paths conflict with each other; ${pair}`;
    }
  }
  if (conflict !== undefined) throw new StatementError(conflict);
}

function comparePaths(a: Path, b: Path): 'overlap' | 'conflict' | 'disjoint' {
  for (let k = 0; k < a.length && k < b.length; k++) {
    if (typeof a[k] !== typeof b[k]) return 'conflict';
    if (a[k] !== b[k]) return 'disjoint';
  }
  return 'overlap';
}

function pathText(path: Path): string {
  return `[${path.map((step) => (typeof step === 'number' ? `[${step}]` : step)).join(', ')}]`;
}

/**
 * DynamoDB Local 3.3 names each selected path's value after its last step, not nested as in a
 * ProjectionExpression: `SELECT m.d.e` answers `{"e": …}` and `SELECT l[1]` answers `{"l[1]": …}`.
 */
export function projectedByName(item: Item, projection: readonly Path[]): Item {
  const named: Item = {};
  for (const path of projection) {
    const value = valueAt(item, path);
    if (value !== undefined) named[resultName(path)] = value;
  }
  return named;
}

function valueAt(item: Item, path: Path): AttributeValue | undefined {
  let value: AttributeValue | undefined = { M: item };
  for (const step of path) {
    if (value === undefined) return undefined;
    const { L: list, M: map } = value as { L?: AttributeValue[]; M?: Item };
    value = typeof step === 'number' ? list?.[step] : map?.[step];
  }
  return value;
}

/** The last name step with the list indexes after it: `m.d.e` → `e`, `x.l[0]` → `l[0]`. */
function resultName(path: Path): string {
  let start = path.length - 1;
  while (start > 0 && typeof path[start] === 'number') start--;
  return path
    .slice(start)
    .map((step, i) => (i === 0 ? String(step) : `[${String(step)}]`))
    .join('');
}
