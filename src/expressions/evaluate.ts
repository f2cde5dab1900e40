// Evaluating resolved conditions against an item, with DynamoDB's semantics (type mismatches are false).

import type { AttributeValue, Item } from '../model/attribute-value.js';
import { typeOf } from '../model/attribute-value.js';
import type { DocumentPath, ResolvedCondition, ResolvedOperand } from './ast.js';
import {
  beginsWith,
  compareOrdered,
  containsValue,
  sizeOf,
  valuesEqual,
} from './compare-values.js';

/** The value at `path` in `item`, or undefined when any step is missing or of the wrong kind. */
export function valueAtPath(
  item: Item | undefined,
  path: DocumentPath,
): AttributeValue | undefined {
  if (item === undefined) return undefined;
  // Own attributes only: `constructor` or `__proto__` must not find Object.prototype's.
  const name = path[0] as string;
  let value: AttributeValue | undefined = Object.hasOwn(item, name) ? item[name] : undefined;
  for (let i = 1; i < path.length && value !== undefined; i++) {
    const step = path[i]!;
    if (typeof step === 'number') value = 'L' in value ? value.L[step] : undefined;
    else value = 'M' in value && Object.hasOwn(value.M, step) ? value.M[step] : undefined;
  }
  return value;
}

/** An operand's value for `item`; undefined when it names a missing attribute (or size() of one). */
export function evaluateOperand(
  operand: ResolvedOperand,
  item: Item | undefined,
): AttributeValue | undefined {
  switch (operand.type) {
    case 'path':
      return valueAtPath(item, operand.path);
    case 'value':
      return operand.value;
    case 'call': {
      if (operand.name !== 'size') return undefined;
      const value = evaluateOperand(operand.args[0]!, item);
      const size = value === undefined ? undefined : sizeOf(value);
      return size === undefined ? undefined : { N: String(size) };
    }
    case 'arithmetic':
      return undefined;
  }
}

/** True when `item` (undefined: no item) satisfies `node`. */
export function evaluateCondition(node: ResolvedCondition, item: Item | undefined): boolean {
  switch (node.type) {
    case 'and':
      return evaluateCondition(node.left, item) && evaluateCondition(node.right, item);
    case 'or':
      return evaluateCondition(node.left, item) || evaluateCondition(node.right, item);
    case 'not':
      return !evaluateCondition(node.operand, item);
    case 'compare':
      return compare(node.op, evaluateOperand(node.left, item), evaluateOperand(node.right, item));
    case 'between': {
      const value = evaluateOperand(node.operand, item);
      const low = evaluateOperand(node.low, item);
      const high = evaluateOperand(node.high, item);
      return compare('>=', value, low) && compare('<=', value, high);
    }
    case 'in': {
      const value = evaluateOperand(node.operand, item);
      if (value === undefined) return false;
      return node.list.some((member) => {
        const candidate = evaluateOperand(member, item);
        return candidate !== undefined && valuesEqual(value, candidate);
      });
    }
    case 'call':
      return evaluateFunction(node.name, node.args, item);
  }
}

function compare(
  op: string,
  left: AttributeValue | undefined,
  right: AttributeValue | undefined,
): boolean {
  // A missing operand makes every comparison false except `<>`, which is then true (DynamoDB).
  if (left === undefined || right === undefined) return op === '<>';
  if (op === '=') return valuesEqual(left, right);
  if (op === '<>') return !valuesEqual(left, right);
  const order = compareOrdered(left, right);
  if (order === undefined) return false;
  switch (op) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    default:
      return order >= 0;
  }
}

function evaluateFunction(
  name: string,
  args: readonly ResolvedOperand[],
  item: Item | undefined,
): boolean {
  const first = evaluateOperand(args[0]!, item);
  switch (name) {
    case 'attribute_exists':
      return first !== undefined;
    case 'attribute_not_exists':
      return first === undefined;
    case 'attribute_type': {
      const type = evaluateOperand(args[1]!, item);
      return first !== undefined && type !== undefined && 'S' in type && typeOf(first) === type.S;
    }
    case 'begins_with': {
      const prefix = evaluateOperand(args[1]!, item);
      return first !== undefined && prefix !== undefined && beginsWith(first, prefix);
    }
    case 'contains': {
      const needle = evaluateOperand(args[1]!, item);
      return first !== undefined && needle !== undefined && containsValue(first, needle);
    }
    default:
      return false;
  }
}
