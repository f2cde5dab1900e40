// DynamoDB's checks of a parsed statement's literals, before parameters, tables or keys: the
// messages and `at line:column:length` positions of DynamoDB Local 3.3's PartiQL front end.

import type { DynamoDbError } from '../errors/dynamodb-error.js';
import { canonicalNumber } from '../model/number.js';
import type { Expr, Statement } from './ast.js';
import { StatementError } from './errors.js';
import { formatPosition, type Position } from './tokenizer.js';

const BAG_TYPES =
  'Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags';
const INSERT_FORMAT =
  'Unsupported format in item expression. Please use struct format {...} to express item values for insert statement.';

/** ExecuteTransaction reports these as `Validation failed in TransactStatements[i]: …`. */
function positioned(message: string, at?: Position): DynamoDbError {
  return new StatementError(at === undefined ? message : `${message} at ${formatPosition(at)}`);
}

/**
 * Walks the statement in source order (projection, INSERT item, SET values, WHERE) and throws
 * DynamoDB's error for the first literal it cannot turn into an attribute value.
 */
export function checkLiterals(statement: Statement): void {
  switch (statement.kind) {
    case 'select':
      if (statement.projectionError !== undefined)
        throw positioned('Unexpected path component', statement.projectionError);
      visit(statement.where);
      return;
    case 'insert':
      checkItem(statement.value);
      return;
    case 'update':
      for (const action of statement.actions) if (action.type === 'SET') visit(action.value);
      visit(statement.where);
      return;
    case 'delete':
      visit(statement.where);
      return;
    case 'exists':
      checkLiterals(statement.select);
      return;
    case 'expression':
      return;
  }
}

/** A condition or value term: its collection literals become attribute values. */
function visit(expr: Expr | undefined): void {
  if (expr === undefined) return;
  switch (expr.t) {
    case 'set':
    case 'list':
    case 'map':
      return convert(expr, 'root', false);
    case 'compare':
    case 'arith':
    case 'and':
    case 'or':
      visit(expr.left);
      return visit(expr.right);
    case 'between':
      return [expr.operand, expr.low, expr.high].forEach(visit);
    case 'in':
      // The list after IN holds operands, so a `?` or a name there is fine.
      return [expr.operand, ...expr.list].forEach(visit);
    case 'not':
    case 'negate':
    case 'is':
      return visit(expr.operand);
    case 'call':
      return expr.args.forEach(visit);
    default:
      return;
  }
}

/** INSERT's VALUE: a map literal, whose attributes are checked by name at the item's root. */
function checkItem(value: Expr): void {
  if (value.t !== 'map') throw positioned(INSERT_FORMAT, value.at);
  const seen = new Set<string>();
  for (const [key, attribute] of value.entries) {
    const name = tupleKey(key, 'root');
    if (attribute.t !== 'param') convert(attribute, 'root', true);
    if (seen.has(name)) throw duplicateKey(name, 'root', key.at);
    seen.add(name);
  }
}

/**
 * A value under `path` (`root`, then map keys and list indexes joined by dots; set members do
 * not add a step). An INSERT's own attributes name what they refuse in PartiQL's words
 * (`a`, `+`, `size`), anything deeper by the parser's node class (`VariableReference`, `NAry`).
 */
function convert(expr: Expr, path: string, itemAttribute: boolean): void {
  switch (expr.t) {
    case 'string':
    case 'number':
    case 'bool':
    case 'null':
      return;
    case 'list':
      return expr.items.forEach((item, i) => convert(item, `${path}.${i}`, false));
    case 'map':
      return convertMap(expr, path);
    case 'set':
      return convertSet(expr, path);
    default: {
      const name = itemAttribute ? operationName(expr) : nodeClass(expr);
      throw positioned(`Unsupported data type: ${name} under key ${path}`, expr.at);
    }
  }
}

function convertMap(map: Expr & { t: 'map' }, path: string): void {
  const seen = new Set<string>();
  for (const [key, value] of map.entries) {
    const name = tupleKey(key, path);
    convert(value, `${path}.${name}`, false);
    // A nested map's duplicate is placed at the map, the item's own at the key.
    if (seen.has(name)) throw duplicateKey(name, path, map.at);
    seen.add(name);
  }
}

function tupleKey(key: Expr, path: string): string {
  if (key.t === 'string' && key.value === '')
    throw positioned('Path component cannot be an empty string');
  if (key.t === 'string') return key.value;
  throw positioned(
    `Tuple keys must be of type String. Actual type: ${keyType(key)} under ${path}`,
    key.at,
  );
}

function duplicateKey(name: string, path: string, at: Position | undefined): DynamoDbError {
  return positioned(`Duplicate keys in tuple. Key: ${name} under ${path}`, at);
}

/** `<<…>>`: not empty; the first member a string or number, the rest of its type, no repeats. */
function convertSet(set: Expr & { t: 'set' }, path: string): void {
  const first = set.items[0];
  if (first === undefined) throw positioned('Empty bags are not supported', set.at);
  if (first.t !== 'string' && first.t !== 'number') throw positioned(BAG_TYPES, first.at);
  const members = new Set<string>();
  for (const item of set.items) {
    convert(item, path, false);
    // A string set places a member of another type; a number set does not (DynamoDB Local 3.3).
    if (item.t !== first.t) throw positioned(BAG_TYPES, first.t === 'string' ? item.at : undefined);
    if (item.t === 'string') members.add(`S${item.value}`);
    else if (item.t === 'number') members.add(canonicalMember(item.value));
  }
  if (members.size !== set.items.length) throw positioned('Input collection contains duplicates');
}

/** A number set member compared by value (`1` and `1.0` repeat); bad numbers fail later. */
function canonicalMember(text: string): string {
  try {
    return `N${canonicalNumber(text)}`;
  } catch {
    return `N${text}`;
  }
}

/** The Ion type PartiQL names for a literal key, or the node's class. */
function keyType(key: Expr): string {
  switch (key.t) {
    case 'number':
      return /^-?\d+$/.test(key.value) ? 'INT' : 'DECIMAL';
    case 'bool':
      return 'BOOL';
    case 'null':
      return 'NULL';
    default:
      return nodeClass(key);
  }
}

/** PartiQL's AST class of a term, as DynamoDB names it when the term is nested in a literal. */
function nodeClass(expr: Expr): string {
  switch (expr.t) {
    case 'path':
      return expr.path.length === 1 ? 'VariableReference' : 'Path';
    case 'missing':
      return 'LiteralMissing';
    case 'param':
      return 'Parameter';
    case 'list':
    case 'set':
      return 'Seq';
    case 'map':
      return 'Struct';
    case 'is':
      return expr.negated ? 'NAry' : 'Typed';
    default:
      return 'NAry';
  }
}

/** How DynamoDB names a term given as one of an INSERT's attribute values. */
function operationName(expr: Expr): string {
  switch (expr.t) {
    case 'path':
      return expr.path.length === 1 ? String(expr.path[0]) : 'PATH';
    case 'missing':
      return 'MISSING';
    case 'arith':
    case 'compare':
      return expr.op;
    case 'negate':
      return '-';
    case 'call':
      return expr.name;
    case 'is':
      return expr.negated ? 'not' : 'is';
    default:
      return expr.t;
  }
}
