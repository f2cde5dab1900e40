// The legacy (pre-expression) parameters: Expected, QueryFilter, ScanFilter, KeyConditions,
// AttributeUpdates, AttributesToGet, translated into the resolved AST and checked as DynamoDB does.
//
// Messages recorded from DynamoDB Local (test/corpus/legacy.json); dynalite's validations/index.js
// records the same texts for the service.

import { validationError } from '../errors/dynamodb-error.js';
import {
  type AttributeType,
  type AttributeValue,
  type Item,
  typeOf,
} from '../model/attribute-value.js';
import { validateAttributeValue } from '../model/attribute-value-validation.js';
import type { DocumentPath, ResolvedCondition, ResolvedOperand } from './ast.js';
import type {
  CompiledCondition,
  CompiledKeyCondition,
  CompiledUpdate,
  UpdateOutcome,
} from './compiled.js';
import { compareOrdered, setMemberKeys } from './compare-values.js';
import { addNumbers } from './decimal-arithmetic.js';
import { evaluateCondition } from './evaluate.js';
import { type KeySchemaNames, multiAttributeParts } from './key-condition.js';

const INVALID = 'One or more parameter values were invalid: ';

type Operator =
  | 'EQ'
  | 'NE'
  | 'LE'
  | 'LT'
  | 'GE'
  | 'GT'
  | 'NOT_NULL'
  | 'NULL'
  | 'CONTAINS'
  | 'NOT_CONTAINS'
  | 'BEGINS_WITH'
  | 'IN'
  | 'BETWEEN';

const SCALARS: readonly AttributeType[] = ['S', 'N', 'B'];
/** Argument counts per operator: exact, or `[min]` for IN. */
const ARGUMENT_COUNTS: Record<Operator, number | readonly [number]> = {
  EQ: 1,
  NE: 1,
  LE: 1,
  LT: 1,
  GE: 1,
  GT: 1,
  CONTAINS: 1,
  NOT_CONTAINS: 1,
  BEGINS_WITH: 1,
  NOT_NULL: 0,
  NULL: 0,
  IN: [1],
  BETWEEN: 2,
};
/** Argument types each operator accepts (EQ and NE take any type). */
const ARGUMENT_TYPES: Partial<Record<Operator, readonly AttributeType[]>> = {
  LE: SCALARS,
  LT: SCALARS,
  GE: SCALARS,
  GT: SCALARS,
  IN: SCALARS,
  BETWEEN: SCALARS,
  BEGINS_WITH: ['S', 'B'],
  CONTAINS: ['S', 'N', 'B', 'BOOL', 'NULL'],
  NOT_CONTAINS: ['S', 'N', 'B', 'BOOL', 'NULL'],
};

/** A legacy condition after validation: operator and canonical arguments. */
interface LegacyCondition {
  readonly op: Operator;
  readonly args: readonly AttributeValue[];
}

type Wire = Readonly<Record<string, unknown>>;

function isOperator(op: unknown): op is Operator {
  return typeof op === 'string' && Object.hasOwn(ARGUMENT_COUNTS, op);
}

/** Count, same-type, per-operator type and BETWEEN-order checks, in DynamoDB's order. */
function checkArguments(op: Operator, args: readonly AttributeValue[]): void {
  const count = ARGUMENT_COUNTS[op];
  const countOk = typeof count === 'number' ? args.length === count : args.length >= count[0];
  if (!countOk) {
    throw validationError(
      `${INVALID}Invalid number of argument(s) for the ${op} ComparisonOperator`,
    );
  }
  if (args.length === 0) return;
  const type = typeOf(args[0]!);
  if (args.some((arg) => typeOf(arg) !== type)) {
    throw validationError(
      `${INVALID}AttributeValues inside AttributeValueList must be of same type`,
    );
  }
  const allowed = ARGUMENT_TYPES[op];
  if (allowed !== undefined && !allowed.includes(type)) {
    throw validationError(
      `${INVALID}ComparisonOperator ${op} is not valid for ${type} AttributeValue type`,
    );
  }
  if (op === 'BETWEEN' && (compareOrdered(args[0]!, args[1]!) ?? 0) > 0) {
    throw validationError(
      'The BETWEEN condition was provided a range where the lower bound is greater than the upper bound',
    );
  }
}

function validatedList(list: unknown): AttributeValue[] {
  return Array.isArray(list) ? list.map((value) => validateAttributeValue(value, true)) : [];
}

function requireOperator(op: unknown): Operator {
  // Shape validation rejects unknown enum values first; this is DynamoDB Local's fallback text.
  if (!isOperator(op)) throw validationError('Comparison type does not exist in DynamoDB');
  return op;
}

/** One `Condition` of QueryFilter / ScanFilter / KeyConditions. */
function readCondition(name: string, raw: unknown): LegacyCondition {
  // A condition sent as null (the framework passes null map values through): DynamoDB Local's answer.
  if (raw === null) {
    throw validationError(`The filter condition for an attribute cannot be null: ${name}`);
  }
  const wire = raw as Wire;
  const args = validatedList(wire.AttributeValueList);
  const op = requireOperator(wire.ComparisonOperator);
  checkArguments(op, args);
  return { op, args };
}

/** One `ExpectedAttributeValue`: Value / Exists, or ComparisonOperator + arguments. */
function readExpected(name: string, wire: Wire): LegacyCondition {
  const value = wire.Value === undefined ? undefined : validateAttributeValue(wire.Value, true);
  const list =
    wire.AttributeValueList === undefined ? undefined : validatedList(wire.AttributeValueList);
  if (value !== undefined && list !== undefined) {
    throw validationError(
      `${INVALID}Value and AttributeValueList cannot be used together for Attribute: ${name}`,
    );
  }
  if (wire.ComparisonOperator !== undefined) {
    if (wire.Exists !== undefined) {
      throw validationError(
        `${INVALID}Exists and ComparisonOperator cannot be used together for Attribute: ${name}`,
      );
    }
    const op = requireOperator(wire.ComparisonOperator);
    if (op !== 'NULL' && op !== 'NOT_NULL' && value === undefined && list === undefined) {
      throw validationError(
        `${INVALID}Value or AttributeValueList must be used with ComparisonOperator: ${op} for Attribute: ${name}`,
      );
    }
    const args = list ?? (value === undefined ? [] : [value]);
    checkArguments(op, args);
    return { op, args };
  }
  if (list !== undefined) {
    throw validationError(
      `${INVALID}AttributeValueList can only be used with a ComparisonOperator for Attribute: ${name}`,
    );
  }
  const exists = wire.Exists === undefined ? true : wire.Exists === true;
  if (exists && value === undefined) {
    const shown = wire.Exists === undefined ? 'null' : 'true';
    throw validationError(
      `${INVALID}Value must be provided when Exists is ${shown} for Attribute: ${name}`,
    );
  }
  if (!exists && value !== undefined) {
    throw validationError(
      `${INVALID}Value cannot be used when Exists is false for Attribute: ${name}`,
    );
  }
  return exists ? { op: 'EQ', args: [value!] } : { op: 'NULL', args: [] };
}

// --- translation into the AST -------------------------------------------------------------------

const path = (name: string): ResolvedOperand => ({ type: 'path', path: [name] });
const value = (v: AttributeValue): ResolvedOperand => ({ type: 'value', value: v });
const call = (name: string, args: ResolvedOperand[]): ResolvedCondition => ({
  type: 'call',
  name,
  args,
});
const not = (operand: ResolvedCondition): ResolvedCondition => ({ type: 'not', operand });
const COMPARISONS = { EQ: '=', LT: '<', LE: '<=', GT: '>', GE: '>=' } as const;

/** The AST for `<name> <op> <args>`, with the legacy operators' meaning on missing attributes. */
export function legacyConditionNode(name: string, condition: LegacyCondition): ResolvedCondition {
  const { op, args } = condition;
  const target = path(name);
  switch (op) {
    case 'EQ':
    case 'LT':
    case 'LE':
    case 'GT':
    case 'GE':
      return { type: 'compare', op: COMPARISONS[op], left: target, right: value(args[0]!) };
    case 'NE':
      // True also when the attribute is missing (DynamoDB Local: NE on a missing attribute passes).
      return not({ type: 'compare', op: '=', left: target, right: value(args[0]!) });
    case 'NULL':
      return call('attribute_not_exists', [target]);
    case 'NOT_NULL':
      return call('attribute_exists', [target]);
    case 'CONTAINS':
      return call('contains', [target, value(args[0]!)]);
    case 'NOT_CONTAINS':
      // False when the attribute is missing, unlike `NOT contains(a, :v)`.
      return {
        type: 'and',
        left: call('attribute_exists', [target]),
        right: not(call('contains', [target, value(args[0]!)])),
      };
    case 'BEGINS_WITH':
      return call('begins_with', [target, value(args[0]!)]);
    case 'IN':
      return { type: 'in', operand: target, list: args.map(value) };
    case 'BETWEEN':
      return { type: 'between', operand: target, low: value(args[0]!), high: value(args[1]!) };
  }
}

function combine(
  nodes: ResolvedCondition[],
  operator: 'AND' | 'OR' | undefined,
): ResolvedCondition | undefined {
  const type = operator === 'OR' ? 'or' : 'and';
  return nodes.reduce<ResolvedCondition | undefined>(
    (left, right) => (left === undefined ? right : { type, left, right }),
    undefined,
  );
}

function compiled(
  node: ResolvedCondition | undefined,
  names: readonly string[],
): CompiledCondition {
  return {
    matches: (item) => node === undefined || evaluateCondition(node, item),
    paths: names.map((name) => [name]),
  };
}

/**
 * ConditionalOperator needs two or more conditions; an empty map counts as none. Checked after
 * the conditions themselves (DynamoDB Local 3.3 reports a bad entry first).
 */
function checkConditionalOperator(count: number, operator: 'AND' | 'OR' | undefined): void {
  if (operator !== undefined && count === 0) {
    throw validationError('ConditionalOperator cannot be used without Filter or Expected');
  }
  if (operator !== undefined && count < 2) {
    throw validationError(
      'ConditionalOperator can only be used when Filter or Expected has two or more elements',
    );
  }
}

/** `Expected` + `ConditionalOperator` (PutItem, DeleteItem, UpdateItem). */
export function compileExpected(
  expected: Readonly<Record<string, unknown>>,
  conditionalOperator: 'AND' | 'OR' | undefined,
): CompiledCondition {
  const entries = Object.entries(expected);
  const nodes = entries.map(([name, wire]) => {
    // An entry sent as null (the framework passes null map values through): DynamoDB Local's answer.
    if (wire === null) {
      throw validationError(
        `${INVALID}ExpectedAttributeValue must not be null for Attribute: ${name}`,
      );
    }
    const condition = readExpected(name, wire as Wire);
    // Checked after the entry's own rules (DynamoDB Local 3.3), unlike AttributeUpdates.
    checkAttributeName(name);
    return legacyConditionNode(name, condition);
  });
  checkConditionalOperator(entries.length, conditionalOperator);
  return compiled(
    combine(nodes, conditionalOperator),
    entries.map(([name]) => name),
  );
}

/** Legacy parameters name attributes by their map keys, which may not be empty. */
function checkAttributeName(name: string): void {
  if (name === '') throw validationError('Empty attribute name');
}

/**
 * `QueryFilter` / `ScanFilter` + `ConditionalOperator`. A QueryFilter may not name key attributes
 * (`keyAttributeNames`: the table's or index's key, when known).
 */
export function compileLegacyFilter(
  kind: 'QueryFilter' | 'ScanFilter',
  conditions: Readonly<Record<string, unknown>>,
  conditionalOperator: 'AND' | 'OR' | undefined,
  keyAttributeNames: readonly string[] = [],
): CompiledCondition {
  const entries = Object.entries(conditions);
  const nodes = entries.map(([name, wire]) => legacyConditionNode(name, readCondition(name, wire)));
  checkConditionalOperator(entries.length, conditionalOperator);
  if (kind === 'QueryFilter') {
    const key = entries.find(([name]) => keyAttributeNames.includes(name));
    if (key !== undefined) {
      throw validationError(
        `QueryFilter can only contain non-primary key attributes: Primary key attribute: ${key[0]}`,
      );
    }
  }
  return compiled(
    combine(nodes, conditionalOperator),
    entries.map(([name]) => name),
  );
}

const SORT_KEY_OPERATORS = { EQ: '=', LT: '<', LE: '<=', GT: '>', GE: '>=' } as const;

/** `KeyConditions` (Query): partition key EQ, plus at most one indexable sort-key condition. */
export function compileKeyConditions(
  conditions: Readonly<Record<string, unknown>>,
  keySchema: KeySchemaNames,
): CompiledKeyCondition {
  const entries = Object.entries(conditions).map(
    ([name, wire]) => [name, readCondition(name, wire)] as const,
  );
  if (entries.length === 0) throw validationError('Conditions must be at least length 1');
  if (keySchema.multiAttribute !== undefined) {
    // Multi-attribute GSI keys take up to 8 conditions (DynamoDB Local 3.3 accepts them here too).
    const terms = entries.map(([name, condition]) => sortKeyCondition(name, condition)!);
    return multiAttributeParts(terms, keySchema.multiAttribute);
  }
  if (entries.length > 2) throw validationError('Conditions can be of length 1 or 2 only');
  const partition = entries.find(([name]) => name === keySchema.partitionKey);
  const sort = entries.find(([name]) => name !== keySchema.partitionKey);
  if (partition === undefined || (sort !== undefined && sort[0] !== keySchema.sortKey)) {
    // A hash-only table's second condition is on a non-key attribute.
    if (partition !== undefined && keySchema.sortKey === undefined) {
      throw validationError('Query key condition not supported');
    }
    throw validationError('Query condition missed key schema element');
  }
  const [, hash] = partition;
  if (hash.op !== 'EQ') throw validationError('Query key condition not supported');
  const partitionKey = { name: keySchema.partitionKey, value: hash.args[0]! };
  if (sort === undefined) return { partitionKey };
  return { partitionKey, sortKey: sortKeyCondition(sort[0], sort[1]) };
}

function sortKeyCondition(
  name: string,
  condition: LegacyCondition,
): CompiledKeyCondition['sortKey'] {
  const { op, args } = condition;
  if (op === 'BETWEEN') return { name, op, low: args[0]!, high: args[1]! };
  if (op === 'BEGINS_WITH') return { name, op: 'begins_with', prefix: args[0]! };
  if (op === 'NULL' || op === 'NOT_NULL') {
    throw validationError('Only scalar types can be used as Range Key values');
  }
  if (op === 'EQ' || op === 'LT' || op === 'LE' || op === 'GT' || op === 'GE') {
    return { name, op: SORT_KEY_OPERATORS[op], value: args[0]! };
  }
  throw validationError('Attempted conditional constraint is not an indexable operation');
}

// --- AttributeUpdates ---------------------------------------------------------------------------

type Action = 'PUT' | 'ADD' | 'DELETE';

interface AttributeUpdate {
  readonly name: string;
  readonly action: Action;
  readonly value: AttributeValue | undefined;
}

/** DynamoDB's type names in AttributeUpdates messages. */
const TYPE_NAMES: Record<AttributeType, string> = {
  S: 'STRING',
  N: 'NUMBER',
  B: 'BINARY',
  BOOL: 'BOOLEAN',
  NULL: 'NULL',
  M: 'MAP',
  L: 'LIST',
  SS: 'STRING_SET',
  NS: 'NUMBER_SET',
  BS: 'BINARY_SET',
};
const SET_TYPES: readonly AttributeType[] = ['SS', 'NS', 'BS'];
const ADDABLE: readonly AttributeType[] = ['N', 'L', 'SS', 'NS', 'BS'];

function readAttributeUpdate(name: string, wire: Wire): AttributeUpdate {
  checkAttributeName(name);
  const action = (wire.Action ?? 'PUT') as Action;
  const v = wire.Value === undefined ? undefined : validateAttributeValue(wire.Value, true);
  if (v === undefined && action !== 'DELETE') {
    throw validationError(
      `${INVALID}Only DELETE action is allowed when no attribute value is specified`,
    );
  }
  if (v !== undefined && action === 'DELETE' && !SET_TYPES.includes(typeOf(v))) {
    throw validationError(
      `${INVALID}DELETE action with value is not supported for the type ${TYPE_NAMES[typeOf(v)]}`,
    );
  }
  if (v !== undefined && action === 'ADD' && !ADDABLE.includes(typeOf(v))) {
    throw validationError(
      `${INVALID}ADD action is not supported for the type ${TYPE_NAMES[typeOf(v)]}`,
    );
  }
  return { name, action, value: v };
}

const typeMismatch = () => validationError('Type mismatch for attribute to update');

/** ADD: numbers add, sets unite, lists append; a missing attribute takes the value. */
function added(old: AttributeValue | undefined, v: AttributeValue): AttributeValue {
  if (old === undefined) return v;
  if (typeOf(old) !== typeOf(v)) throw typeMismatch();
  if ('N' in old && 'N' in v) return { N: addNumbers(old.N, v.N) };
  if ('L' in old && 'L' in v) return { L: [...old.L, ...v.L] };
  return setOf(old, [...setValues(old), ...setValues(v).filter((m) => !hasMember(old, m, v))]);
}

/** DELETE with a value: set difference; an emptied set disappears (undefined). */
function deleted(old: AttributeValue | undefined, v: AttributeValue): AttributeValue | undefined {
  if (old === undefined) return undefined;
  if (typeOf(old) !== typeOf(v)) throw typeMismatch();
  const removed = new Set(setMemberKeys(v));
  const keys = setMemberKeys(old);
  const kept = setValues(old).filter((_, i) => !removed.has(keys[i]!));
  return kept.length === 0 ? undefined : setOf(old, kept);
}

function setValues(v: AttributeValue): string[] {
  if ('SS' in v) return v.SS;
  if ('NS' in v) return v.NS;
  if ('BS' in v) return v.BS;
  return [];
}

function hasMember(set: AttributeValue, member: string, source: AttributeValue): boolean {
  const keys = new Set(setMemberKeys(set));
  const memberKey = setMemberKeys(setOf(source, [member]))[0]!;
  return keys.has(memberKey);
}

function setOf(like: AttributeValue, members: string[]): AttributeValue {
  if ('SS' in like) return { SS: members };
  if ('NS' in like) return { NS: members };
  return { BS: members };
}

/** `AttributeUpdates` (UpdateItem): top-level attributes only (a dotted name is one attribute). */
export function compileAttributeUpdates(
  updates: Readonly<Record<string, unknown>>,
): CompiledUpdate {
  // An entry sent as null counts as an empty one (DynamoDB Local 3.3 answers 500).
  const actions = Object.entries(updates).map(([name, wire]) =>
    readAttributeUpdate(name, (wire ?? {}) as Wire),
  );
  return {
    targetPaths: actions.map(({ name }) => [name]),
    apply(item: Item | undefined, key: Item): UpdateOutcome {
      const next: Item = { ...(item ?? key) };
      for (const { name, action, value: v } of actions) {
        const result =
          action === 'PUT'
            ? v
            : action === 'ADD'
              ? added(next[name], v!)
              : v === undefined
                ? undefined
                : deleted(next[name], v);
        if (result === undefined) delete next[name];
        else next[name] = result;
      }
      return { item: next, updatedPaths: actions.map(({ name }) => [name]) };
    },
  };
}

/**
 * `AttributesToGet` as projection paths, its names checked in order: one empty (or sent as null) is
 * refused, then a duplicate (`duplicateMessage`: Query and Scan word it differently, DynamoDB
 * Local 3.3).
 */
export function attributesToGetPaths(
  names: readonly string[],
  duplicateMessage = (name: string) => `${INVALID}Duplicate value in attribute name: ${name}`,
): DocumentPath[] {
  const seen = new Set<string>();
  for (const name of names) {
    if (name === '' || name === null) throw validationError('Empty attribute name');
    if (seen.has(name)) throw validationError(duplicateMessage(name));
    seen.add(name);
  }
  return names.map((name) => [name]);
}
