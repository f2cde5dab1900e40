// DynamoDB's checks on how expression and legacy (non-expression) parameters are combined.

import { validationError } from '../errors/dynamodb-error.js';

type Request = Readonly<Record<string, unknown>>;

/**
 * Expression parameters exclude their legacy counterparts, and ExpressionAttributeNames/-Values
 * need an expression that can use them. `expressions` are the request's expression members,
 * `legacy` the members they replace, both in DynamoDB's listing order. An empty expression counts
 * as none for the mixing rule (it is refused as empty later); `emptyTakesNoValues` (Scan) makes it
 * count as none for the values rule too (DynamoDB Local 3.3: "FilterExpression is null").
 */
export function checkExpressionParameters(
  request: Request,
  expressions: readonly string[],
  legacy: readonly string[],
  { emptyTakesNoValues = false } = {},
): void {
  const usedExpressions = expressions.filter((name) => nonEmpty(request[name]));
  if (usedExpressions.length > 0) {
    const usedLegacy = legacy.filter((name) => given(request[name]));
    if (usedLegacy.length > 0) {
      throw validationError(
        'Can not use both expression and non-expression parameters in the same request: ' +
          `Non-expression parameters: {${usedLegacy.join(', ')}} ` +
          `Expression parameters: {${usedExpressions.join(', ')}}`,
      );
    }
  }
  const present = (name: string) => request[name] !== undefined;
  if (given(request.ExpressionAttributeNames) && !expressions.some(present)) {
    throw validationError('ExpressionAttributeNames can only be specified when using expressions');
  }
  const valueExpressions = expressions.filter((name) => name !== 'ProjectionExpression');
  const usesValues = valueExpressions.some((name) =>
    emptyTakesNoValues ? nonEmpty(request[name]) : present(name),
  );
  if (valueExpressions.length > 0 && given(request.ExpressionAttributeValues) && !usesValues) {
    const verb = valueExpressions.length > 1 ? 'are' : 'is';
    throw validationError(
      'ExpressionAttributeValues can only be specified when using expressions: ' +
        `${valueExpressions.join(' and ')} ${verb} null`,
    );
  }
}

function nonEmpty(expression: unknown): boolean {
  return expression !== undefined && expression !== '';
}

/**
 * Whether a member counts as given for these rules: DynamoDB Local 3.3 treats an empty map
 * (`Expected: {}`, `AttributeUpdates: {}`, `ExpressionAttributeNames: {}`, …) as absent here.
 */
function given(member: unknown): boolean {
  if (member === undefined) return false;
  if (typeof member !== 'object' || member === null || Array.isArray(member)) return true;
  return Object.keys(member).length > 0;
}

/** PutItem/DeleteItem's condition parameters: DynamoDB's checks made before any is compiled. */
export function checkConditionParameters(request: Request): void {
  checkExpressionParameters(request, ['ConditionExpression'], ['Expected', 'ConditionalOperator']);
}
