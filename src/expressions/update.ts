// Applying a resolved UpdateExpression to an item: SET, REMOVE, ADD, DELETE with DynamoDB's runtime errors.

import { validationError, type DynamoDbError } from '../errors/dynamodb-error.js';
import { setAttribute, type AttributeValue, type Item } from '../model/attribute-value.js';
import type { DocumentPath, ResolvedOperand, ResolvedUpdate } from './ast.js';
import { setMemberKeys } from './compare-values.js';
import { addNumbers } from './decimal-arithmetic.js';
import { valueAtPath } from './evaluate.js';

export interface AppliedUpdate {
  /** The whole new item (keys included). */
  readonly item: Item;
  /** The document paths the actions named, in order (for UPDATED_OLD / UPDATED_NEW). */
  readonly updatedPaths: readonly DocumentPath[];
}

const invalidPath = (): DynamoDbError =>
  validationError('The document path provided in the update expression is invalid for update');
const wrongType = (): DynamoDbError =>
  validationError('An operand in the update expression has an incorrect data type');
const missingAttribute = (): DynamoDbError =>
  validationError('The provided expression refers to an attribute that does not exist in the item');

/**
 * Applies `update` to `item` (undefined: a new item holding only `key`). Pure: `item` is not
 * modified. Values are read from the old item (DynamoDB evaluates every operand before writing);
 * REMOVE runs last, list elements highest index first, so indexes name the original elements.
 */
export function applyUpdateActions(
  update: ResolvedUpdate,
  item: Item | undefined,
  key: Item,
): AppliedUpdate {
  const old = item ?? key;
  checkTargetParents(update, old);
  const next = cloneJson(old);
  const updatedPaths: DocumentPath[] = [];
  const removals: DocumentPath[] = [];
  const writes: Write[] = [];
  for (const clause of update.clauses) {
    if (clause.type === 'REMOVE') {
      removals.push(...clause.paths);
      updatedPaths.push(...clause.paths);
      continue;
    }
    for (const { path, value } of clause.actions) {
      updatedPaths.push(path);
      writes.push({ type: clause.type, path, value });
    }
  }
  for (const { type, path, value } of inListIndexOrder(writes)) {
    if (type === 'SET') {
      // The target is checked before its value is evaluated (DynamoDB Local's order).
      checkTargetContainer(old, path);
      setAtPath(next, path, operandValue(value, old));
    } else if (type === 'ADD') addAtPath(next, path, operandValue(value, old));
    else deleteAtPath(next, path, operandValue(value, old));
  }
  for (const path of [...removals].sort(removalOrder)) removeAtPath(next, path);
  return { item: next, updatedPaths };
}

/** One SET, ADD or DELETE action. */
interface Write {
  readonly type: 'SET' | 'ADD' | 'DELETE';
  readonly path: DocumentPath;
  readonly value: ResolvedOperand;
}

/**
 * The writes, those to elements of one list moved into ascending index order among the places
 * they hold; the others stay put. DynamoDB Local 3.3 applies them so: on a 2-element list,
 * `SET l[9] = :a, l[2] = :b` appends :b then :a (in written order :b would overwrite :a).
 */
function inListIndexOrder(writes: readonly Write[]): readonly Write[] {
  const byList = new Map<string, number[]>();
  writes.forEach(({ path }, position) => {
    if (typeof path[path.length - 1] !== 'number') return;
    const list = JSON.stringify(path.slice(0, -1));
    const positions = byList.get(list);
    if (positions === undefined) byList.set(list, [position]);
    else positions.push(position);
  });
  const ordered = [...writes];
  for (const positions of byList.values()) {
    const sorted = positions.map((p) => writes[p]!).sort((a, b) => lastIndex(a) - lastIndex(b));
    positions.forEach((position, i) => (ordered[position] = sorted[i]!));
  }
  return ordered;
}

function lastIndex(write: Write): number {
  return write.path[write.path.length - 1] as number;
}

/**
 * A deep copy of an item (plain objects, arrays, strings, booleans), which the actions then change
 * in place. By hand rather than structuredClone: that serializes through V8's message format and
 * was ~6% of a one-attribute UpdateItem (docs/performance.md). `__proto__` stays data.
 */
function cloneJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  const copy: Record<string, AttributeValue> = {};
  for (const name of Object.keys(value)) {
    setAttribute(copy, name, cloneJson((value as Record<string, AttributeValue>)[name]!));
  }
  return copy as T;
}

/**
 * Before any operand is evaluated, every action's target must have a parent that could hold it.
 * DynamoDB Local rejects here a missing parent, a number, NULL or BOOL parent, a name inside a
 * list and an index inside a non-empty map; strings, binaries, sets and an index inside an empty
 * map fail only when the action is applied,
 * after the operands (measured: `SET d = nope REMOVE s.x` is "does not exist", with `n.x` "invalid").
 */
function checkTargetParents(update: ResolvedUpdate, old: Item): void {
  for (const clause of update.clauses) {
    const paths = clause.type === 'REMOVE' ? clause.paths : clause.actions.map((a) => a.path);
    for (const path of paths) {
      if (path.length < 2) continue;
      const parent = valueAtPath(old, path.slice(0, -1));
      const last = path[path.length - 1];
      if (
        parent === undefined ||
        'N' in parent ||
        'NULL' in parent ||
        'BOOL' in parent ||
        ('L' in parent && typeof last === 'string') ||
        ('M' in parent && typeof last === 'number' && Object.keys(parent.M).length > 0)
      ) {
        throw invalidPath();
      }
    }
  }
}

/** A SET value for the old item: paths must exist, functions and arithmetic need their types. */
function operandValue(operand: ResolvedOperand, item: Item): AttributeValue {
  switch (operand.type) {
    case 'value':
      return operand.value;
    case 'path': {
      const value = valueAtPath(item, operand.path);
      if (value === undefined) throw missingAttribute();
      return value;
    }
    case 'arithmetic': {
      // The left operand's type is checked before the right one is read: `s + missing` is a
      // wrong type, `missing + s` a missing attribute (DynamoDB Local 3.3).
      const left = operandValue(operand.left, item);
      if (!('N' in left)) throw wrongType();
      const right = operandValue(operand.right, item);
      if (!('N' in right)) throw wrongType();
      return { N: addNumbers(left.N, right.N, operand.op === '-') };
    }
    case 'call': {
      if (operand.name === 'if_not_exists') {
        const path = operand.args[0]!;
        const existing = path.type === 'path' ? valueAtPath(item, path.path) : undefined;
        return existing ?? operandValue(operand.args[1]!, item);
      }
      // As for arithmetic, the first list's type is checked before the second is read:
      // `list_append(s, missing)` is a wrong type (DynamoDB Local 3.3).
      const left = operandValue(operand.args[0]!, item);
      if (!('L' in left)) throw wrongType();
      const right = operandValue(operand.args[1]!, item);
      if (!('L' in right)) throw wrongType();
      return { L: [...left.L, ...right.L] };
    }
  }
}

/** The container holding the last step of `path`; nested paths need every parent to exist. */
function parentOf(item: Item, path: DocumentPath): AttributeValue | undefined {
  return path.length === 1 ? undefined : valueAtPath(item, path.slice(0, -1));
}

function setAtPath(item: Item, path: DocumentPath, value: AttributeValue): void {
  if (path.length === 1) {
    setAttribute(item, path[0] as string, value);
    return;
  }
  const parent = parentOf(item, path);
  const last = path[path.length - 1]!;
  if (typeof last === 'number' && parent !== undefined && 'L' in parent) {
    // An index beyond the end appends (DynamoDB).
    if (last >= parent.L.length) parent.L.push(value);
    else parent.L[last] = value;
  } else if (typeof last === 'string' && parent !== undefined && 'M' in parent) {
    setAttribute(parent.M, last, value);
  } else {
    throw invalidPath();
  }
}

function removeAtPath(item: Item, path: DocumentPath): void {
  if (path.length === 1) {
    delete item[path[0] as string];
    return;
  }
  const parent = parentOf(item, path);
  const last = path[path.length - 1]!;
  if (typeof last === 'number' && parent !== undefined && 'L' in parent) {
    if (last < parent.L.length) parent.L.splice(last, 1);
  } else if (typeof last === 'string' && parent !== undefined && 'M' in parent) {
    delete parent.M[last];
  } else {
    throw invalidPath();
  }
}

/** Later list indexes of the same list first, so earlier removals do not shift them. */
function removalOrder(a: DocumentPath, b: DocumentPath): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    return typeof x === 'number' && typeof y === 'number' ? y - x : 0;
  }
  return 0;
}

/** ADD: numbers add (missing counts as 0), sets take the union; the attribute is created if missing. */
function addAtPath(item: Item, path: DocumentPath, value: AttributeValue): void {
  const existing = valueAtPath(item, path);
  if (existing === undefined) {
    if (path.length > 1 && parentOf(item, path) === undefined) throw invalidPath();
    setAtPath(item, path, value);
    return;
  }
  if ('N' in existing && 'N' in value) {
    setAtPath(item, path, { N: addNumbers(existing.N, value.N) });
    return;
  }
  const union = combineSets(existing, value, (members, additions) => [
    ...members,
    ...additions.filter((member) => !members.includes(member)),
  ]);
  setAtPath(item, path, union);
}

/** DELETE: set difference; a set left empty is removed, as DynamoDB stores no empty sets. */
function deleteAtPath(item: Item, path: DocumentPath, value: AttributeValue): void {
  const existing = valueAtPath(item, path);
  if (existing === undefined) {
    // Nothing to delete from, but the path must still be one a value could live at.
    if (path.length > 1 && !canHold(parentOf(item, path), path[path.length - 1]!)) {
      throw invalidPath();
    }
    return;
  }
  const difference = combineSets(existing, value, (members, removed) =>
    members.filter((member) => !removed.includes(member)),
  );
  if (setMemberKeys(difference).length === 0) removeAtPath(item, path);
  else setAtPath(item, path, difference);
}

/** A target whose parent exists but cannot hold it (`s.x` on a string, `m[0]` on a map). */
function checkTargetContainer(item: Item, path: DocumentPath): void {
  if (path.length < 2) return;
  const parent = parentOf(item, path);
  if (parent !== undefined && !canHold(parent, path[path.length - 1]!)) throw invalidPath();
}

/** Whether `parent` is a container `element` can address: a map for a name, a list for an index. */
function canHold(parent: AttributeValue | undefined, element: string | number): boolean {
  if (parent === undefined) return false;
  return typeof element === 'number' ? 'L' in parent : 'M' in parent;
}

/** Combines two sets of the same type by canonical member, keeping the existing members' spelling. */
function combineSets(
  existing: AttributeValue,
  operand: AttributeValue,
  combine: (members: string[], others: string[]) => string[],
): AttributeValue {
  const type =
    'SS' in existing ? 'SS' : 'NS' in existing ? 'NS' : 'BS' in existing ? 'BS' : undefined;
  if (type === undefined || !(type in operand)) throw wrongType();
  const keys = setMemberKeys(existing);
  const raw = (existing as Record<string, string[]>)[type]!;
  const operandKeys = setMemberKeys(operand);
  const operandRaw = (operand as Record<string, string[]>)[type]!;
  const spelling = new Map<string, string>();
  keys.forEach((k, i) => spelling.set(k, raw[i]!));
  operandKeys.forEach((k, i) => {
    if (!spelling.has(k)) spelling.set(k, operandRaw[i]!);
  });
  const members = combine(keys, operandKeys).map((k) => spelling.get(k)!);
  return { [type]: members } as AttributeValue;
}
