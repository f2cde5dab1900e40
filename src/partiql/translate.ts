// PartiQL terms → DynamoDB expression text with #name / :value placeholders, so the one expression
// evaluator (src/expressions) runs PartiQL's conditions and updates too.

import assert from 'node:assert/strict';
import { validationError } from '../errors/dynamodb-error.js';
import {
  attributeOf,
  setAttribute,
  type AttributeValue,
  type Item,
} from '../model/attribute-value.js';
import { validateAttributeValue } from '../model/attribute-value-validation.js';
import type { Expr, PathStep, Statement, UpdateAction } from './ast.js';
import { canonicalNumber } from '../model/number.js';
import { valuesEqual } from '../expressions/compare-values.js';
import { KeyEqualityError, StatementError } from './errors.js';
import { unsupportedToken } from './tokenizer.js';

const NOT_BOOLEAN = 'WHERE clause must contain an expression that resolves to a boolean';
const AND_OR_NOT_BOOLEAN = 'The arguments to AND/OR must be Expressions';

/** Functions DynamoDB's PartiQL knows; any other name is unrecognized. */
const KNOWN_FUNCTIONS = new Set([
  'begins_with',
  'contains',
  'attribute_type',
  'attribute_exists',
  'attribute_not_exists',
  'size',
  'list_append',
  'if_not_exists',
  'set_add',
  'set_delete',
]);

const CONDITION_FUNCTIONS = new Set([
  'begins_with',
  'contains',
  'attribute_type',
  'attribute_exists',
  'attribute_not_exists',
]);

/** Expression text plus the names and values its placeholders stand for. */
export class ExpressionBuilder {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, AttributeValue> = {};
  private readonly nameRefs = new Map<string, string>();

  constructor(private readonly parameters: readonly AttributeValue[]) {}

  /** The members to add to a wire request (omitted when empty, as DynamoDB requires). */
  attributes(): Record<string, unknown> {
    const members: Record<string, unknown> = {};
    if (Object.keys(this.names).length > 0) members.ExpressionAttributeNames = this.names;
    if (Object.keys(this.values).length > 0) members.ExpressionAttributeValues = this.values;
    return members;
  }

  path(steps: readonly PathStep[]): string {
    return steps
      .map((step, i) =>
        typeof step === 'number' ? `[${step}]` : `${i === 0 ? '' : '.'}${this.name(step)}`,
      )
      .join('');
  }

  value(value: AttributeValue): string {
    const ref = `:v${Object.keys(this.values).length}`;
    this.values[ref] = value;
    return ref;
  }

  /**
   * A WHERE clause (or what is left of it) as a condition. Operators and functions are refused
   * as they come, left to right; a term that is not a boolean only once all of them passed
   * (DynamoDB Local 3.3: `size(x) AND y LIKE 'a'` is the LIKE error).
   */
  condition(expr: Expr): string {
    const notBoolean: string[] = [];
    const text = this.conditionTerm(expr, 'root', notBoolean);
    if (notBoolean.length > 0) throw validationError(notBoolean[0]!);
    return text;
  }

  private conditionTerm(expr: Expr, under: 'root' | 'and-or', notBoolean: string[]): string {
    const operand = (e: Expr): string => this.operand(e, true);
    const refuse = (): string => {
      notBoolean.push(under === 'root' ? NOT_BOOLEAN : AND_OR_NOT_BOOLEAN);
      return '';
    };
    switch (expr.t) {
      case 'compare':
        return `${operand(expr.left)} ${expr.op} ${operand(expr.right)}`;
      case 'between':
        return `${operand(expr.operand)} BETWEEN ${operand(expr.low)} AND ${operand(expr.high)}`;
      case 'in':
        return `${operand(expr.operand)} IN (${expr.list.map(operand).join(', ')})`;
      case 'and':
      case 'or': {
        const left = this.conditionTerm(expr.left, 'and-or', notBoolean);
        const right = this.conditionTerm(expr.right, 'and-or', notBoolean);
        return `(${left}) ${expr.t.toUpperCase()} (${right})`;
      }
      case 'not':
        return `NOT (${this.conditionTerm(expr.operand, 'root', notBoolean)})`;
      case 'is':
        return this.isCondition(expr.operand, expr.negated, expr.what);
      case 'arith':
        throw unsupportedOperator('Condition', expr.op);
      case 'call': {
        refuseUnsupportedToken(expr);
        if (!KNOWN_FUNCTIONS.has(expr.name)) throw unrecognizedFunction(expr.name);
        const text = `${expr.name}(${expr.args.map(operand).join(', ')})`;
        return CONDITION_FUNCTIONS.has(expr.name) ? text : refuse();
      }
      case 'negate':
        throw unsupportedOperator('Condition', '-');
      default:
        return refuse();
    }
  }

  private isCondition(operand: Expr, negated: boolean, what: 'MISSING' | 'NULL'): string {
    const path = this.operand(operand);
    if (what === 'MISSING')
      return `${negated ? 'attribute_exists' : 'attribute_not_exists'}(${path})`;
    const isNull = `attribute_type(${path}, ${this.value({ S: 'NULL' })})`;
    return negated ? `NOT ${isNull}` : isNull;
  }

  /** A value term; in a condition DynamoDB has no arithmetic. */
  operand(expr: Expr, inCondition = false): string {
    if (expr.t === 'path') return this.path(expr.path);
    if (expr.t === 'arith') {
      if (inCondition) throw unsupportedOperator('Condition', expr.op);
      if (expr.op !== '+' && expr.op !== '-') throw unsupportedOperator('Update', expr.op);
      // Left-associative: only a right-hand operation needs its parentheses back.
      const right = this.operand(expr.right);
      return `${this.operand(expr.left)} ${expr.op} ${expr.right.t === 'arith' ? `(${right})` : right}`;
    }
    // DynamoDB Local 3.3 parses `-x` and refuses it when it runs the statement.
    if (expr.t === 'negate') {
      if (inCondition) throw unsupportedOperator('Condition', '-');
      throw validationError(
        'Incorrect number of operands for operator or function; operator or function: -, number of operands: 1',
      );
    }
    if (expr.t === 'call') {
      if (inCondition) refuseUnsupportedToken(expr);
      // Known functions in the wrong place get the expression compiler's own message.
      if (!KNOWN_FUNCTIONS.has(expr.name)) throw unrecognizedFunction(expr.name);
      // set_add / set_delete exist only as a whole SET value (DynamoDB Local 3.3).
      if (!inCondition && (expr.name === 'set_add' || expr.name === 'set_delete'))
        throw unrecognizedFunction(expr.name);
      return `${expr.name}(${expr.args.map((e) => this.operand(e, inCondition)).join(', ')})`;
    }
    return this.value(this.literal(expr));
  }

  /** A literal (possibly holding `?` parameters) as an attribute value. */
  literal(expr: Expr): AttributeValue {
    switch (expr.t) {
      case 'string':
        return { S: expr.value };
      case 'number':
        return { N: checkedNumber(expr.value) };
      case 'bool':
        return { BOOL: expr.value };
      case 'null':
        return { NULL: true };
      case 'param':
        return this.parameters[expr.index]!;
      case 'list':
        return { L: expr.items.map((item) => this.literal(item)) };
      case 'map':
        return {
          M: Object.fromEntries(expr.entries.map(([k, v]) => [mapKey(k), this.literal(v)])),
        };
      case 'set':
        return setValue(expr.items.map((item) => this.literal(item)));
      default:
        throw validationError('Unsupported value in statement');
    }
  }

  /** An UPDATE's SET / REMOVE actions as an UpdateExpression (set_add / set_delete → ADD / DELETE). */
  update(actions: readonly UpdateAction[]): string {
    const clauses: Record<'SET' | 'REMOVE' | 'ADD' | 'DELETE', string[]> = {
      SET: [],
      REMOVE: [],
      ADD: [],
      DELETE: [],
    };
    for (const action of actions) {
      const path = this.path(action.path);
      if (action.type === 'REMOVE') {
        clauses.REMOVE.push(path);
        continue;
      }
      const value = action.value;
      if (value.t === 'call' && (value.name === 'set_add' || value.name === 'set_delete')) {
        checkSetTarget(value.name, value.args[0], action.path);
        const clause = value.name === 'set_add' ? 'ADD' : 'DELETE';
        clauses[clause].push(`${path} ${this.operand(value.args[1] ?? { t: 'missing' })}`);
      } else clauses.SET.push(`${path} = ${this.operand(value)}`);
    }
    return Object.entries(clauses)
      .filter(([, parts]) => parts.length > 0)
      .map(([clause, parts]) => `${clause} ${parts.join(', ')}`)
      .join(' ');
  }

  private name(name: string): string {
    let ref = this.nameRefs.get(name);
    if (ref === undefined) {
      ref = `#n${this.nameRefs.size}`;
      this.nameRefs.set(name, ref);
      this.names[ref] = name;
    }
    return ref;
  }
}

/** A map literal's key: literal-check.ts has refused any but a string. */
function mapKey(key: Expr): string {
  assert.equal(key.t, 'string');
  return key.value;
}

/**
 * A statement's WHERE clause and SET values, translated once to be refused early: DynamoDB checks
 * their operators, functions and booleans before it looks the table up (DynamoDB Local 3.3).
 */
export function checkStatementExpressions(
  statement: Statement,
  parameters: readonly AttributeValue[],
): void {
  if (statement.kind === 'exists') return checkStatementExpressions(statement.select, parameters);
  if (statement.kind !== 'select' && statement.kind !== 'update' && statement.kind !== 'delete') {
    return;
  }
  const builder = new ExpressionBuilder(parameters);
  if (statement.kind === 'update') builder.update(statement.actions);
  if (statement.where !== undefined) builder.condition(statement.where);
}

function unsupportedOperator(expression: 'Condition' | 'Update', op: string): Error {
  return validationError(`Unsupported operator in ${expression} Expression. Operator: ${op}`);
}

const AGGREGATES = new Set(['count', 'sum', 'avg', 'min', 'max']);

/**
 * An aggregate in a condition is a token DynamoDB does not support, reported where its name is;
 * a subquery (`EXISTS (SELECT …)`) is its SELECT token, where the parser positioned the call.
 */
function refuseUnsupportedToken(call: Expr & { t: 'call' }): void {
  const token = call.subquery === true ? 'SELECT' : AGGREGATES.has(call.name) ? call.name : '';
  if (token !== '' && call.at !== undefined) throw unsupportedToken(token, call.at);
}

function unrecognizedFunction(name: string): Error {
  return new StatementError(`Unrecognized function: ${name}`);
}

/** `SET s = set_add(s, <<…>>)`: the set changed must be the one assigned (DynamoDB Local 3.3). */
function checkSetTarget(
  name: string,
  target: Expr | undefined,
  assigned: readonly PathStep[],
): void {
  const same =
    target?.t === 'path' &&
    target.path.length === assigned.length &&
    target.path.every((step, i) => step === assigned[i]);
  if (!same)
    throw validationError(
      `The first argument to ${name.toUpperCase()} must equal the assignment value`,
    );
}

/** A number literal within DynamoDB's range and precision, in PartiQL's words. */
function checkedNumber(text: string): string {
  try {
    canonicalNumber(text);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes('38 significant digits')) throw error;
    throw validationError('DynamoDB only supports precision up to 38 digits');
  }
  return text;
}

/** `<<…>>`: a string, number or binary set; DynamoDB sets hold one type and at least one member. */
function setValue(members: readonly AttributeValue[]): AttributeValue {
  const first = members[0];
  if (first === undefined)
    throw validationError(
      'One or more parameter values were invalid: An number set  may not be empty',
    );
  const type = Object.keys(first)[0];
  const field = type === 'S' ? 'SS' : type === 'N' ? 'NS' : type === 'B' ? 'BS' : undefined;
  if (field === undefined || members.some((m) => Object.keys(m)[0] !== type)) {
    throw validationError(
      'Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags',
    );
  }
  const values = members.map((m) => (m as Record<string, string>)[type!]!);
  if (new Set(values).size !== values.length)
    throw validationError('Input collection contains duplicates');
  return validateAttributeValue({ [field]: values });
}

/** How a statement's WHERE clause names its item (DynamoDB Local 3.3). */
export interface KeySplitRules {
  /** `key IS NULL` names the key as NULL, as in UPDATE and DELETE (whose key check refuses it). */
  readonly isNullNamesKey?: boolean;
  /**
   * A second equality on a key with another value is refused; EXISTS keeps it as a condition.
   * The same value again (`sk = 1 AND 1 = sk`) is a condition that always holds.
   */
  readonly refuseConflicting?: boolean;
}

/** Splits `key = value AND …` into the item key and the remaining condition, if any. */
export function splitKeyEqualities(
  where: Expr | undefined,
  keyNames: readonly string[],
  builder: ExpressionBuilder,
  rules: KeySplitRules = {},
): { key: Item; rest: Expr | undefined } {
  const key: Item = {};
  const rest: Expr[] = [];
  for (const term of conjuncts(where)) {
    const equality =
      keyEquality(term, keyNames) ?? (rules.isNullNamesKey ? keyIsNull(term, keyNames) : undefined);
    if (equality === undefined) {
      rest.push(term);
      continue;
    }
    const value = builder.literal(equality.value);
    const named = attributeOf(key, equality.name);
    if (named === undefined) setAttribute(key, equality.name, value);
    else if (rules.refuseConflicting && !valuesEqual(canonical(named), canonical(value)))
      throw new KeyEqualityError(
        `Multiple conditions on same key ${equality.name}. Only single item Update/Insert/Delete are supported`,
      );
    else rest.push(term);
  }
  if (keyNames.some((name) => attributeOf(key, name) === undefined)) throw new KeyEqualityError();
  const remaining = rest.reduce<Expr | undefined>(
    (left, right) => (left === undefined ? right : { t: 'and', left, right }),
    undefined,
  );
  return { key, rest: remaining };
}

/** A literal's number as the expression evaluator compares it (`1.0` is `1`). */
function canonical(value: AttributeValue): AttributeValue {
  return 'N' in value ? { N: canonicalNumber(value.N) } : value;
}

/** `name IS NULL` for one of `keyNames`, as the equality `name = NULL`. */
function keyIsNull(
  term: Expr,
  keyNames: readonly string[],
): { name: string; value: Expr } | undefined {
  if (term.t !== 'is' || term.negated || term.what !== 'NULL') return undefined;
  const { operand } = term;
  if (operand.t !== 'path' || operand.path.length !== 1) return undefined;
  const name = operand.path[0];
  return typeof name === 'string' && keyNames.includes(name)
    ? { name, value: { t: 'null' } }
    : undefined;
}

/** Whether `expr` is key equalities only (`sk = 1 AND sk = 1`: a repeated one too). */
export function onlyKeyEqualities(expr: Expr, keyNames: readonly string[]): boolean {
  if (expr.t === 'and')
    return onlyKeyEqualities(expr.left, keyNames) && onlyKeyEqualities(expr.right, keyNames);
  return keyEquality(expr, keyNames) !== undefined;
}

export function conjuncts(where: Expr | undefined): Expr[] {
  if (where === undefined) return [];
  if (where.t === 'and') return [...conjuncts(where.left), ...conjuncts(where.right)];
  return [where];
}

/** `name = literal` or `literal = name` for one of `keyNames`. */
export function keyEquality(
  term: Expr,
  keyNames: readonly string[],
): { name: string; value: Expr } | undefined {
  if (term.t !== 'compare' || term.op !== '=') return undefined;
  for (const [side, other] of [
    [term.left, term.right],
    [term.right, term.left],
  ] as const) {
    if (side.t !== 'path' || side.path.length !== 1 || !keyNames.includes(side.path[0] as string))
      continue;
    if (other.t === 'path' || other.t === 'call' || other.t === 'arith') continue;
    return { name: side.path[0] as string, value: other };
  }
  return undefined;
}
