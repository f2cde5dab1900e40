// PartiQL terms → DynamoDB expression text with #name / :value placeholders, so the one expression
// evaluator (src/expressions) runs PartiQL's conditions and updates too.

import { validationError } from '../errors/dynamodb-error.js';
import type { AttributeValue, Item } from '../model/attribute-value.js';
import { validateAttributeValue } from '../model/attribute-value-validation.js';
import type { Expr, PathStep, UpdateAction } from './ast.js';
import { KEY_EQUALITY_REQUIRED } from './errors.js';

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

  condition(expr: Expr): string {
    switch (expr.t) {
      case 'compare':
        return `${this.operand(expr.left)} ${expr.op} ${this.operand(expr.right)}`;
      case 'between':
        return `${this.operand(expr.operand)} BETWEEN ${this.operand(expr.low)} AND ${this.operand(expr.high)}`;
      case 'in':
        return `${this.operand(expr.operand)} IN (${expr.list.map((e) => this.operand(e)).join(', ')})`;
      case 'and':
      case 'or':
        return `(${this.condition(expr.left)}) ${expr.t.toUpperCase()} (${this.condition(expr.right)})`;
      case 'not':
        return `NOT (${this.condition(expr.operand)})`;
      case 'is':
        return this.isCondition(expr.operand, expr.negated, expr.what);
      case 'call':
        if (!CONDITION_FUNCTIONS.has(expr.name)) throw unsupportedFunction(expr.name);
        return `${expr.name}(${expr.args.map((e) => this.operand(e)).join(', ')})`;
      default:
        throw validationError('Unsupported expression in WHERE clause');
    }
  }

  private isCondition(operand: Expr, negated: boolean, what: 'MISSING' | 'NULL'): string {
    const path = this.operand(operand);
    if (what === 'MISSING')
      return `${negated ? 'attribute_exists' : 'attribute_not_exists'}(${path})`;
    const isNull = `attribute_type(${path}, ${this.value({ S: 'NULL' })})`;
    return negated ? `NOT ${isNull}` : isNull;
  }

  operand(expr: Expr): string {
    if (expr.t === 'path') return this.path(expr.path);
    if (expr.t === 'arith')
      return `${this.operand(expr.left)} ${expr.op} ${this.operand(expr.right)}`;
    if (expr.t === 'call') {
      if (!['size', 'list_append', 'if_not_exists'].includes(expr.name))
        throw unsupportedFunction(expr.name);
      return `${expr.name}(${expr.args.map((e) => this.operand(e)).join(', ')})`;
    }
    return this.value(this.literal(expr));
  }

  /** A literal (possibly holding `?` parameters) as an attribute value. */
  literal(expr: Expr): AttributeValue {
    switch (expr.t) {
      case 'string':
        return { S: expr.value };
      case 'number':
        return { N: expr.value };
      case 'bool':
        return { BOOL: expr.value };
      case 'null':
        return { NULL: true };
      case 'param':
        return this.parameters[expr.index]!;
      case 'list':
        return { L: expr.items.map((item) => this.literal(item)) };
      case 'map':
        return { M: Object.fromEntries(expr.entries.map(([k, v]) => [k, this.literal(v)])) };
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

function unsupportedFunction(name: string): Error {
  return validationError(`Unsupported function ${name}`);
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
    throw validationError('Unsupported set type in statement');
  }
  const values = members.map((m) => (m as Record<string, string>)[type!]!);
  return validateAttributeValue({ [field]: values });
}

/** Splits `key = value AND …` into the item key and the remaining condition, if any. */
export function splitKeyEqualities(
  where: Expr | undefined,
  keyNames: readonly string[],
  builder: ExpressionBuilder,
): { key: Item; rest: Expr | undefined } {
  const key: Item = {};
  const rest: Expr[] = [];
  for (const term of conjuncts(where)) {
    const equality = keyEquality(term, keyNames);
    if (equality !== undefined && key[equality.name] === undefined) {
      key[equality.name] = builder.literal(equality.value);
    } else rest.push(term);
  }
  if (keyNames.some((name) => key[name] === undefined))
    throw validationError(KEY_EQUALITY_REQUIRED);
  const remaining = rest.reduce<Expr | undefined>(
    (left, right) => (left === undefined ? right : { t: 'and', left, right }),
    undefined,
  );
  return { key, rest: remaining };
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
