// The compile entry points behind api.ts: cached parse → per-request resolution and checks → compiled forms.

import type { AttributeValue, Item } from '../model/attribute-value.js';
import type { DocumentPath, ResolvedCondition, ResolvedOperand, ResolvedUpdate } from './ast.js';
import { evaluateCondition } from './evaluate.js';
import { type KeyConditionParts, type KeySchemaNames, keyConditionParts } from './key-condition.js';
import { parsedCondition, parsedProjection, parsedUpdate } from './parse-cache.js';
import { checkOverlaps } from './projection.js';
import { Resolver } from './resolve.js';
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
  const node = new Resolver(kind, asRequestScope(scope)).condition(parsedCondition(kind, text));
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
  const kind = 'KeyConditionExpression';
  const node = new Resolver(kind, asRequestScope(scope)).condition(parsedCondition(kind, text));
  return keyConditionParts(node, keySchema);
}

export interface UpdateProgram {
  readonly targetPaths: readonly DocumentPath[];
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
  checkOverlaps('UpdateExpression', targetPaths);
  resolver.checkUpdate(node);
  return { targetPaths, apply: (item, key) => applyUpdateActions(node, item, key) };
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
  checkOverlaps('ProjectionExpression', paths);
  return paths;
}
