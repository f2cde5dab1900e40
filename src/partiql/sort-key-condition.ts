// The sort-key term of a SELECT's WHERE clause that narrows its Query, as DynamoDB plans it.

import type { KeyAttribute } from '../core/table-definition.js';
import type { AttributeValue } from '../model/attribute-value.js';
import type { Expr } from './ast.js';
import { keyTypeMismatch } from './errors.js';
import type { ExpressionBuilder } from './translate.js';

const KEY_OPERATORS = new Set(['=', '<', '<=', '>', '>=']);

/**
 * KeyConditionExpression text for the one top-level `sk op literal`, `sk BETWEEN a AND b` or
 * `begins_with(sk, literal)`: DynamoDB reads only that key range, so Limit and capacity count the
 * items in it (DynamoDB Local 3.3). Other terms only filter.
 */
export function sortKeyCondition(
  terms: readonly Expr[],
  sortKey: KeyAttribute,
  builder: ExpressionBuilder,
): string | undefined {
  const onSortKey = terms.filter((term) => mentionsSortKey(term, sortKey));
  if (onSortKey.length !== 1) return undefined;
  return termCondition(onSortKey[0]!, sortKey, builder);
}

/** DynamoDB Local 3.3 narrows by no sort-key term when there are two (`sk > 2 AND sk < 4`). */
function mentionsSortKey(term: Expr, sortKey: KeyAttribute): boolean {
  // `sk = x` compares with another attribute: not a key term (DynamoDB Local 3.3).
  if (term.t === 'compare')
    return (
      (isSortKey(term.left, sortKey) && term.right.t !== 'path') ||
      (isSortKey(term.right, sortKey) && term.left.t !== 'path')
    );
  if (term.t === 'is') return term.what === 'NULL' && isSortKey(term.operand, sortKey);
  if (term.t === 'between') return isSortKey(term.operand, sortKey);
  return term.t === 'call' && term.name === 'begins_with' && isSortKey(term.args[0]!, sortKey);
}

function termCondition(
  term: Expr,
  sortKey: KeyAttribute,
  builder: ExpressionBuilder,
): string | undefined {
  const value = (expr: Expr): string | undefined => literalOfType(expr, sortKey, builder);
  const key = (): string => builder.path([sortKey.name]);
  if (term.t === 'compare' && KEY_OPERATORS.has(term.op)) {
    if (isSortKey(term.left, sortKey)) return joined(key, term.op, value(term.right));
    // `2 < sk` only filters in DynamoDB Local 3.3 (the key must be on the left), but its
    // literal is still the key's value and must have its type.
    checkLiteralType(term.left, sortKey, builder);
    return undefined;
  }
  // The only sort-key term: DynamoDB Local 3.3 takes `sk IS NULL` for the key's value.
  if (term.t === 'is' && !term.negated) throw keyTypeMismatch(sortKey.name);
  if (term.t === 'between' && isSortKey(term.operand, sortKey)) {
    // Bounds of two types: the filter's own BETWEEN error comes first (DynamoDB Local 3.3).
    if (!sameLiteralTypes(term.low, term.high, builder)) return undefined;
    const low = value(term.low);
    const high = low === undefined ? undefined : value(term.high);
    return high === undefined ? undefined : `${key()} BETWEEN ${low!} AND ${high}`;
  }
  if (term.t === 'call' && term.name === 'begins_with' && term.args.length === 2) {
    if (!isSortKey(term.args[0]!, sortKey)) return undefined;
    const prefix = value(term.args[1]!);
    // A number key has no prefixes: the term only filters.
    if (prefix === undefined || sortKey.type === 'N') return undefined;
    return `begins_with(${key()}, ${prefix})`;
  }
  return undefined;
}

function joined(key: () => string, op: string, value: string | undefined): string | undefined {
  return value === undefined ? undefined : `${key()} ${op} ${value}`;
}

function isSortKey(expr: Expr, sortKey: KeyAttribute): boolean {
  return expr.t === 'path' && expr.path.length === 1 && expr.path[0] === sortKey.name;
}

/** The literal's placeholder; a literal of another type is DynamoDB Local 3.3's key type error. */
function literalOfType(
  expr: Expr,
  key: KeyAttribute,
  builder: ExpressionBuilder,
): string | undefined {
  const literal = checkLiteralType(expr, key, builder);
  return literal === undefined ? undefined : builder.value(literal);
}

function checkLiteralType(
  expr: Expr,
  { name, type }: KeyAttribute,
  builder: ExpressionBuilder,
): AttributeValue | undefined {
  if (!isScalarLiteral(expr)) return undefined;
  const literal = builder.literal(expr);
  if (!(type in literal)) throw keyTypeMismatch(name);
  return literal;
}

/** Whether two bounds are not both literals, or literals of one type. */
export function sameLiteralTypes(low: Expr, high: Expr, builder: ExpressionBuilder): boolean {
  if (!isScalarLiteral(low) || !isScalarLiteral(high)) return true;
  return Object.keys(builder.literal(low))[0] === Object.keys(builder.literal(high))[0];
}

function isScalarLiteral(expr: Expr): boolean {
  return expr.t === 'string' || expr.t === 'number' || expr.t === 'param';
}
