// The expression front end as operations use it: compile (parse once, cached) → check → evaluate.
// Operations import only this file; the work is done in compile.ts, projection.ts and legacy.ts.

import type { DocumentPath } from './ast.js';
import * as compile from './compile.js';
import type { KeySchemaNames } from './key-condition.js';
import type {
  CompiledCondition,
  CompiledKeyCondition,
  CompiledUpdate,
  ExpressionAttributes,
  ExpressionScope,
} from './compiled.js';

/** One step of a document path after `#name` substitution: a map key or a list index. */
export type { DocumentPath, PathElement } from './ast.js';

export type { KeySchemaNames } from './key-condition.js';

export type {
  CompiledCondition,
  CompiledKeyCondition,
  CompiledUpdate,
  ExpressionAttributes,
  ExpressionKind,
  ExpressionScope,
  UpdateOutcome,
} from './compiled.js';

/** DynamoDB's checks of the ExpressionAttributeNames map, made before any expression is parsed. */
export {
  checkExpressionAttributeKeys,
  checkExpressionAttributeNameValues,
  checkExpressionAttributeNames,
  javaHashOrder,
} from './scope.js';

export function createExpressionScope(attributes: ExpressionAttributes): ExpressionScope {
  return compile.createExpressionScope(attributes);
}

export function compileCondition(
  scope: ExpressionScope,
  kind: 'ConditionExpression' | 'FilterExpression',
  text: string,
): CompiledCondition {
  return compile.compileCondition(scope, kind, text);
}

export function compileKeyCondition(
  scope: ExpressionScope,
  text: string,
  keySchema: KeySchemaNames,
): CompiledKeyCondition {
  return compile.compileKeyCondition(scope, text, keySchema);
}

/** A KeyConditionExpression parsed and resolved; its names and values count as used. */
export type ResolvedKeyCondition = ReturnType<typeof compile.resolveKeyCondition>;
/** Its AND-ed terms, checked as far as they can be without the key schema (OR, NOT, functions). */
export type KeyConditionTerms = readonly compile.KeyTerm[];

/**
 * compileKeyCondition in its three steps, for a caller that checks other things between them in
 * DynamoDB Local's order (Query: unused names and values, then ConsistentRead on a GSI).
 */
export function resolveKeyCondition(scope: ExpressionScope, text: string): ResolvedKeyCondition {
  return compile.resolveKeyCondition(scope, text);
}

/** Every document path a resolved key condition names, in the order written. */
export function keyConditionPaths(resolved: ResolvedKeyCondition): readonly DocumentPath[] {
  return compile.conditionPaths(resolved, []);
}

export function keyConditionTerms(resolved: ResolvedKeyCondition): KeyConditionTerms {
  return compile.keyConditionTerms(resolved);
}

export function keyConditionOnSchema(
  terms: KeyConditionTerms,
  keySchema: KeySchemaNames,
): CompiledKeyCondition {
  return compile.keyConditionParts(terms, keySchema);
}

/** `chainedArithmetic`: a PartiQL UPDATE's SET values (parser.ts `parseUpdate`). */
export function compileUpdate(
  scope: ExpressionScope,
  text: string,
  chainedArithmetic = false,
): CompiledUpdate {
  return compile.compileUpdate(scope, text, chainedArithmetic);
}

export function compileProjection(scope: ExpressionScope, text: string): DocumentPath[] {
  return compile.compileProjection(scope, text);
}

/** The item cut down to `paths`, in the shape DynamoDB returns (empty containers dropped). */
export { itemProjector, projectItem } from './projection.js';

// The legacy parameters, translated into the same compiled forms (implemented in legacy.ts by the
// legacy-parameters engineer, on the AST in ast.ts). `Condition` / `ExpectedAttributeValue` /
// `AttributeValueUpdate` are the wire shapes (ComparisonOperator, AttributeValueList, Value,
// Exists, Action), already through shape validation; attribute values NOT yet validated.

// compileExpected(expected, conditionalOperator): `Expected` + `ConditionalOperator`.
// compileLegacyFilter(kind, conditions, conditionalOperator, keyAttributeNames?): `QueryFilter` /
//   `ScanFilter`; pass the queried key's attribute names so a QueryFilter naming one is rejected.
// compileKeyConditions(conditions, keySchema): `KeyConditions` (Query); the caller checks the key
//   values' types against the schema, as for KeyConditionExpression.
// compileAttributeUpdates(updates): `AttributeUpdates` (UpdateItem); `targetPaths` for the key check.
// attributesToGetPaths(names): `AttributesToGet` as projection paths (empty names and duplicates
//   rejected).
export {
  attributesToGetPaths,
  compileAttributeUpdates,
  compileExpected,
  compileKeyConditions,
  compileLegacyFilter,
} from './legacy.js';
