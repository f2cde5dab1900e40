// KeyConditionExpression: a resolved condition checked against the key schema, in DynamoDB's words.

import { validationError } from '../errors/dynamodb-error.js';
import type { AttributeValue } from '../model/attribute-value.js';
import type { ResolvedCondition, ResolvedOperand } from './ast.js';

export interface KeySchemaNames {
  readonly partitionKey: string;
  /** The partition key's type, when known: its value's type is checked before its operator. */
  readonly partitionKeyType?: 'S' | 'N' | 'B';
  readonly sortKey?: string;
  /**
   * Every key attribute, in key-schema order, of a GSI with multi-attribute keys (DynamoDB, Nov
   * 2025: up to 4 each); `partitionKey`/`sortKey` are then their first attributes.
   */
  readonly multiAttribute?: {
    readonly partitionKeys: readonly string[];
    readonly sortKeys: readonly string[];
  };
}

interface NamedValue {
  readonly name: string;
  readonly value: AttributeValue;
}

type SortOp = '=' | '<' | '<=' | '>' | '>=';

export type KeyTerm =
  | { readonly name: string; readonly op: SortOp; readonly value: AttributeValue }
  | {
      readonly name: string;
      readonly op: 'BETWEEN';
      readonly low: AttributeValue;
      readonly high: AttributeValue;
    }
  | { readonly name: string; readonly op: 'begins_with'; readonly prefix: AttributeValue };

export interface KeyConditionParts {
  readonly partitionKey: NamedValue;
  readonly sortKey?: KeyTerm;
  /** Multi-attribute keys: every partition key attribute's value, in key-schema order. */
  readonly partitionKeys?: readonly NamedValue[];
  /** Multi-attribute keys: the equalities on the sort key attributes before `sortKey`'s. */
  readonly sortKeyPrefix?: readonly NamedValue[];
}

/** `:v < sk` means `sk > :v`. */
const MIRRORED: Readonly<Record<SortOp, SortOp>> = {
  '=': '=',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};

function invalidOperator(op: string): Error {
  return validationError(`Invalid operator used in KeyConditionExpression: ${op}`);
}

/** The AND-ed leaf conditions; OR and NOT are not key conditions. */
function leaves(node: ResolvedCondition, out: ResolvedCondition[]): ResolvedCondition[] {
  if (node.type === 'and') {
    leaves(node.left, out);
    leaves(node.right, out);
  } else if (node.type === 'or' || node.type === 'not') {
    throw invalidOperator(node.type.toUpperCase());
  } else {
    out.push(node);
  }
  return out;
}

/** The key attribute a leaf names, and the value operands on the other side. */
function leafTerm(node: ResolvedCondition): KeyTerm {
  switch (node.type) {
    case 'compare': {
      if (node.op === '<>') throw invalidOperator('<>');
      const [name, reversed] = attributeOf([node.left, node.right]);
      const value = valueOf(reversed ? node.left : node.right);
      return { name, op: reversed ? MIRRORED[node.op] : node.op, value };
    }
    case 'between': {
      const [name] = attributeOf([node.operand, node.low, node.high]);
      if (node.operand.type !== 'path') {
        throw validationError(
          'Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand',
        );
      }
      return { name, op: 'BETWEEN', low: valueOf(node.low), high: valueOf(node.high) };
    }
    case 'call': {
      if (node.name !== 'begins_with') throw invalidOperator(node.name);
      const [name] = attributeOf(node.args);
      return { name, op: 'begins_with', prefix: valueOf(node.args[1]!) };
    }
    case 'in':
      throw invalidOperator('IN');
    default:
      throw invalidOperator(node.type.toUpperCase());
  }
}

/** Exactly one operand is a (top-level) attribute; returns it and whether it stood second. */
function attributeOf(operands: readonly ResolvedOperand[]): [string, boolean] {
  if (operands.some((operand) => operand.type === 'call' || operand.type === 'arithmetic')) {
    throw validationError('KeyConditionExpressions cannot contain nested operations');
  }
  const paths = operands.flatMap((operand, i) => (operand.type === 'path' ? [{ operand, i }] : []));
  if (paths.length > 1) {
    throw validationError(
      'Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition',
    );
  }
  const found = paths[0];
  if (found === undefined || found.operand.type !== 'path') {
    throw validationError(
      'Invalid condition in KeyConditionExpression: No key attribute specified',
    );
  }
  const path = found.operand.path;
  // Paths into key attributes were refused before (Query's scalar-key check); any other nested
  // path names no key.
  if (path.length > 1) {
    throw validationError('KeyConditionExpressions cannot have conditions on nested attributes');
  }
  return [path[0] as string, found.i > 0 && operands.length === 2];
}

function valueOf(operand: ResolvedOperand): AttributeValue {
  if (operand.type !== 'value') throw validationError('Query key condition not supported');
  return operand.value;
}

function termValues(term: KeyTerm): AttributeValue[] {
  if (term.op === 'BETWEEN') return [term.low, term.high];
  return [term.op === 'begins_with' ? term.prefix : term.value];
}

/** The AND-ed terms, each a key attribute against values; what needs no key schema is checked. */
export function keyConditionTerms(node: ResolvedCondition): KeyTerm[] {
  // Each condition is checked, then compared with those before it (DynamoDB Local 3.3:
  // `pk = :p AND pk = :p AND a <> :n` repeats a key before `<>` is refused).
  const names = new Set<string>();
  return leaves(node, []).map((leaf) => {
    const term = leafTerm(leaf);
    if (names.has(term.name)) {
      throw validationError('KeyConditionExpressions must only contain one condition per key');
    }
    names.add(term.name);
    return term;
  });
}

/** Partition key equality plus at most one sort-key condition (DynamoDB's Query rules). */
export function keyConditionParts(
  terms: readonly KeyTerm[],
  schema: KeySchemaNames,
): KeyConditionParts {
  if (schema.multiAttribute !== undefined) return multiAttributeParts(terms, schema.multiAttribute);
  // A repeated attribute anywhere before the count (DynamoDB Local 3.3): `pk = :p AND sk = :s AND
  // a = :a` is too long, `pk = :p AND a = :a AND a = :a` repeats a key condition.
  if (new Set(terms.map((term) => term.name)).size < terms.length) {
    throw validationError('KeyConditionExpressions must only contain one condition per key');
  }
  if (terms.length > 2) throw validationError('Conditions can be of length 1 or 2 only');
  const partition = terms.find((term) => term.name === schema.partitionKey);
  const sort = terms.find((term) => term.name !== schema.partitionKey);
  if (partition === undefined) {
    throw validationError(`Query condition missed key schema element: ${schema.partitionKey}`);
  }
  // A partition key value of the wrong type is reported before a wrong operator, `pk <= :n`
  // (DynamoDB Local 3.3); its emptiness and the sort key's type after (key-condition-values.ts).
  const type = schema.partitionKeyType;
  if (type !== undefined && termValues(partition).some((value) => !(type in value))) {
    throw validationError(
      'One or more parameter values were invalid: Condition parameter type does not match schema type',
    );
  }
  if (partition.op !== '=') throw validationError('Query key condition not supported');
  // A second condition on a table without a sort key (DynamoDB Local's answer).
  if (sort !== undefined && schema.sortKey === undefined) {
    throw validationError('Query key condition not supported');
  }
  if (sort !== undefined && sort.name !== schema.sortKey) {
    throw validationError(
      `Query condition missed key schema element: ${schema.sortKey ?? sort.name}`,
    );
  }
  return {
    partitionKey: { name: partition.name, value: partition.value },
    ...(sort ? { sortKey: sort } : {}),
  };
}

/**
 * A multi-attribute GSI key condition (measured on DynamoDB Local 3.3): equality on every
 * partition key attribute, then on the sort key attributes a left-to-right run of equalities,
 * optionally ended by one range condition; no other attribute.
 */
export function multiAttributeParts(
  terms: readonly KeyTerm[],
  schema: NonNullable<KeySchemaNames['multiAttribute']>,
): KeyConditionParts {
  const byName = new Map<string, KeyTerm>();
  for (const term of terms) {
    if (byName.has(term.name)) {
      throw validationError('KeyConditionExpressions must only contain one condition per key');
    }
    byName.set(term.name, term);
  }
  const missingHash = schema.partitionKeys.filter((name) => byName.get(name)?.op !== '=');
  if (missingHash.length > 0) {
    throw validationError(
      `HASH key attributes ${missingHash.join(', ')} must have equality conditions specified in the query`,
    );
  }
  const keys = new Set([...schema.partitionKeys, ...schema.sortKeys]);
  if (terms.some((term) => !keys.has(term.name))) {
    throw validationError('Query condition missed key schema element');
  }
  const last = schema.sortKeys.reduce((found, name, i) => (byName.has(name) ? i : found), -1);
  const before = schema.sortKeys.slice(0, Math.max(0, last));
  const missingRange = before.filter((name) => byName.get(name)?.op !== '=');
  if (missingRange.length > 0) {
    throw validationError(
      `RANGE key attributes ${missingRange.join(', ')} must have equality conditions specified in the query because a condition is present on key attribute ${schema.sortKeys[last]!}`,
    );
  }
  const equality = (name: string): NamedValue => {
    const term = byName.get(name)!;
    return { name, value: (term as { value: AttributeValue }).value };
  };
  const partitionKeys = schema.partitionKeys.map(equality);
  const sortKey = last < 0 ? undefined : byName.get(schema.sortKeys[last]!);
  return {
    partitionKey: partitionKeys[0]!,
    partitionKeys,
    sortKeyPrefix: before.map(equality),
    ...(sortKey ? { sortKey } : {}),
  };
}
