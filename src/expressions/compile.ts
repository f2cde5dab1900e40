// The compile entry points behind api.ts: cached parse → per-request resolution and checks → compiled forms.

import { validationError } from '../errors/dynamodb-error.js';
import type { AttributeValue, Item } from '../model/attribute-value.js';
import { attributeValueSizeBytes, utf8Bytes } from '../model/item-size.js';
import type { DocumentPath, ResolvedCondition, ResolvedOperand, ResolvedUpdate } from './ast.js';
import { evaluateCondition } from './evaluate.js';
import {
  type KeyConditionParts,
  type KeySchemaNames,
  type KeyTerm,
  keyConditionParts,
  keyConditionTerms,
} from './key-condition.js';
import { parsedCondition, parsedProjection, parsedUpdate } from './parse-cache.js';
import { Resolver } from './resolve.js';
import { checkOperatorCount } from './static-check.js';
import { RequestScope } from './scope.js';
import { type AppliedUpdate, applyUpdateActions } from './update.js';

export interface ScopeAttributes {
  readonly names?: Readonly<Record<string, string>>;
  readonly values?: Readonly<Record<string, AttributeValue>>;
}

export function createExpressionScope(attributes: ScopeAttributes): RequestScope {
  return new RequestScope(attributes.names, attributes.values);
}

/** The scope as created by `createExpressionScope` (the contract keeps its type opaque). */
function asRequestScope(scope: unknown): RequestScope {
  if (!(scope instanceof RequestScope))
    throw new TypeError('not an expression scope from createExpressionScope');
  return scope;
}

export function compileCondition(
  scope: unknown,
  kind: 'ConditionExpression' | 'FilterExpression',
  text: string,
): { matches(item: Item | undefined): boolean; readonly paths: readonly DocumentPath[] } {
  const parsed = parsedCondition(kind, text);
  const node = new Resolver(kind, asRequestScope(scope)).condition(parsed);
  checkOperatorCount(kind, parsed);
  return { matches: (item) => evaluateCondition(node, item), paths: conditionPaths(node, []) };
}

/** Every document path a condition reads, in the order written. */
export function conditionPaths(node: ResolvedCondition, out: DocumentPath[]): DocumentPath[] {
  switch (node.type) {
    case 'and':
    case 'or':
      conditionPaths(node.left, out);
      return conditionPaths(node.right, out);
    case 'not':
      return conditionPaths(node.operand, out);
    case 'compare':
      return operandPaths([node.left, node.right], out);
    case 'between':
      return operandPaths([node.operand, node.low, node.high], out);
    case 'in':
      return operandPaths([node.operand, ...node.list], out);
    case 'call':
      return operandPaths(node.args, out);
  }
}

function operandPaths(operands: readonly ResolvedOperand[], out: DocumentPath[]): DocumentPath[] {
  for (const operand of operands) {
    if (operand.type === 'path') out.push(operand.path);
    else if (operand.type === 'call') operandPaths(operand.args, out);
    else if (operand.type === 'arithmetic') operandPaths([operand.left, operand.right], out);
  }
  return out;
}

export function compileKeyCondition(
  scope: unknown,
  text: string,
  keySchema: KeySchemaNames,
): KeyConditionParts {
  const resolved = resolveKeyCondition(scope, text);
  // Paths into key attributes are refused before the operators are looked at (Query makes this
  // check with the table's and its indexes' keys).
  const keys = [
    keySchema.partitionKey,
    ...(keySchema.sortKey === undefined ? [] : [keySchema.sortKey]),
  ];
  const paths = conditionPaths(resolved, []);
  const nested = keys.find((key) => paths.some((path) => path.length > 1 && path[0] === key));
  if (nested !== undefined) {
    throw validationError(
      `Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: ${nested}`,
    );
  }
  return keyConditionParts(keyConditionTerms(resolved), keySchema);
}

/** Parsed, with its names and values resolved (and so marked used). */
export function resolveKeyCondition(scope: unknown, text: string): ResolvedCondition {
  const kind = 'KeyConditionExpression';
  const parsed = parsedCondition(kind, text);
  const resolved = new Resolver(kind, asRequestScope(scope)).condition(parsed);
  checkOperatorCount(kind, parsed);
  return resolved;
}

export { keyConditionParts, keyConditionTerms, type KeyTerm };

export interface UpdateProgram {
  readonly targetPaths: readonly DocumentPath[];
  readonly keysInSchemaOrder: true;
  readonly readPaths: readonly DocumentPath[];
  readonly valuesSizeBytes: number;
  apply(item: Item | undefined, key: Item): AppliedUpdate;
}

export function compileUpdate(
  scope: unknown,
  text: string,
  chainedArithmetic = false,
): UpdateProgram {
  const resolver = new Resolver('UpdateExpression', asRequestScope(scope));
  const node = resolver.update(parsedUpdate(text, chainedArithmetic));
  const targetPaths = updateTargets(node);
  return {
    targetPaths,
    keysInSchemaOrder: true,
    readPaths: node.clauses.flatMap((clause) =>
      clause.type === 'REMOVE'
        ? []
        : operandPaths(
            clause.actions.map((a) => a.value),
            [],
          ),
    ),
    valuesSizeBytes: updateValuesSizeBytes(node),
    apply: (item, key) => applyUpdateActions(node, item, key),
  };
}

/**
 * The size DynamoDB Local checks against the item limit before it reads the item, measured: the
 * UTF-8 bytes of each SET and ADD target's names (list indexes count nothing), plus the size of
 * every value operand in its value, each time it appears (`list_append(:l, :l)` counts :l twice;
 * `if_not_exists(b, :v)` counts :v). Paths read, REMOVE and DELETE count nothing.
 */
function updateValuesSizeBytes(node: ResolvedUpdate): number {
  let size = 0;
  for (const clause of node.clauses) {
    if (clause.type !== 'SET' && clause.type !== 'ADD') continue;
    for (const action of clause.actions) {
      for (const step of action.path) if (typeof step === 'string') size += utf8Bytes(step);
      size += operandValuesSizeBytes(action.value);
    }
  }
  return size;
}

function operandValuesSizeBytes(operand: ResolvedOperand): number {
  switch (operand.type) {
    case 'value':
      return attributeValueSizeBytes(operand.value);
    case 'path':
      return 0;
    case 'call':
      return operand.args.reduce((sum, arg) => sum + operandValuesSizeBytes(arg), 0);
    case 'arithmetic':
      return operandValuesSizeBytes(operand.left) + operandValuesSizeBytes(operand.right);
  }
}

/** Every path an update writes, in the order written. */
export function updateTargets(node: ResolvedUpdate): DocumentPath[] {
  return node.clauses.flatMap((clause) =>
    clause.type === 'REMOVE' ? clause.paths : clause.actions.map((action) => action.path),
  );
}

export function compileProjection(scope: unknown, text: string): DocumentPath[] {
  const paths = new Resolver('ProjectionExpression', asRequestScope(scope)).projection(
    parsedProjection(text),
  );
  return paths;
}
