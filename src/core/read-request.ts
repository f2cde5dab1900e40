// The members Query and Scan share: Select, projections, filters, Limit and ExclusiveStartKey, checked as DynamoDB does.

import { assertScalarKeyPaths } from './key-paths.js';
import { validationError } from '../errors/dynamodb-error.js';
import {
  attributesToGetPaths,
  compileCondition,
  compileLegacyFilter,
  compileProjection,
  type CompiledCondition,
  type DocumentPath,
  type ExpressionScope,
} from '../expressions/api.js';
import type { Item } from '../model/attribute-value.js';
import { validateItem } from '../model/attribute-value-validation.js';
import { checkExpressionParameters } from './expression-parameters.js';
import { requestExpressionScope } from './request-expressions.js';

export type FilterKind = 'QueryFilter' | 'ScanFilter';

/** What a Query or Scan asks for, independent of where its items come from. */
export interface ReadRequest {
  readonly tableName: string;
  readonly indexName: string | undefined;
  readonly limit: number | undefined;
  readonly consistentRead: boolean;
  readonly capacityMode: unknown;
  /** Select COUNT: only Count and ScannedCount are returned. */
  readonly countOnly: boolean;
  /** Select ALL_ATTRIBUTES given explicitly (on an index it asks for unprojected attributes). */
  readonly allAttributes: boolean;
  /** Undefined: whole items. */
  readonly projection: readonly DocumentPath[] | undefined;
  readonly filter: CompiledCondition | undefined;
  readonly exclusiveStartKey: Item | undefined;
  /** Shared by every expression of the request; Query adds its key condition before the unused check. */
  readonly scope: ExpressionScope;
}

/**
 * Everything checkable before the table is read. `expressions` / `legacy` list the request's
 * expression members and the members they replace, in DynamoDB's order for its messages.
 */
export function readRequest(
  request: Record<string, unknown>,
  filterKind: FilterKind,
  expressions: readonly string[],
  legacy: readonly string[],
): ReadRequest {
  checkExpressionParameters(request, expressions, legacy);
  checkConditionalOperator(request, filterKind);
  const startKey = request.ExclusiveStartKey;
  const scope = requestExpressionScope(request);
  const projection = requestedPaths(request, scope);
  return {
    tableName: request.TableName as string,
    indexName: request.IndexName as string | undefined,
    limit: request.Limit as number | undefined,
    consistentRead: request.ConsistentRead === true,
    capacityMode: request.ReturnConsumedCapacity,
    countOnly: checkSelect(request) === 'COUNT',
    allAttributes: request.Select === 'ALL_ATTRIBUTES',
    projection,
    filter: requestFilter(request, filterKind, scope),
    exclusiveStartKey: startKey === undefined ? undefined : validateItem(startKey),
    scope,
  };
}

/** ConditionalOperator combines two or more QueryFilter / ScanFilter conditions. */
function checkConditionalOperator(request: Record<string, unknown>, filterKind: FilterKind): void {
  if (request.ConditionalOperator === undefined) return;
  const filter = request[filterKind] as Record<string, unknown> | undefined;
  if (filter === undefined) {
    throw validationError('ConditionalOperator cannot be used without Filter or Expected');
  }
  if (Object.keys(filter).length < 2) {
    throw validationError(
      'ConditionalOperator can only be used when Filter or Expected has two or more elements',
    );
  }
}

function requestedPaths(
  request: Record<string, unknown>,
  scope: ExpressionScope,
): DocumentPath[] | undefined {
  const attributesToGet = request.AttributesToGet as string[] | undefined;
  if (attributesToGet !== undefined) {
    // Query and Scan word a duplicate differently from GetItem (DynamoDB Local 3.3).
    if (new Set(attributesToGet).size !== attributesToGet.length) {
      throw validationError('Cannot have two attributes with the same name');
    }
    return attributesToGetPaths(attributesToGet);
  }
  const expression = request.ProjectionExpression as string | undefined;
  return expression === undefined ? undefined : compileProjection(scope, expression);
}

function requestFilter(
  request: Record<string, unknown>,
  filterKind: FilterKind,
  scope: ExpressionScope,
): CompiledCondition | undefined {
  const expression = request.FilterExpression as string | undefined;
  if (expression !== undefined) return compileCondition(scope, 'FilterExpression', expression);
  const legacy = request[filterKind] as Record<string, unknown> | undefined;
  if (legacy === undefined) return undefined;
  const operator = request.ConditionalOperator as 'AND' | 'OR' | undefined;
  return compileLegacyFilter(filterKind, legacy, operator);
}

/** DynamoDB's rules for combining Select with a projection. */
function checkSelect(request: Record<string, unknown>): string {
  const select = request.Select as string | undefined;
  const projectionMember =
    request.ProjectionExpression !== undefined
      ? 'ProjectionExpression'
      : request.AttributesToGet !== undefined
        ? 'AttributesToGet'
        : undefined;
  if (select === 'SPECIFIC_ATTRIBUTES' && projectionMember === undefined) {
    throw validationError(
      'Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES',
    );
  }
  if (select === 'ALL_ATTRIBUTES' && projectionMember !== undefined) {
    throw validationError(
      `Cannot specify the ${projectionMember} when choosing to get ALL_ATTRIBUTES`,
    );
  }
  if (select === 'COUNT' && projectionMember !== undefined) {
    throw validationError(
      `Cannot specify the ${projectionMember} when choosing to get only the Count`,
    );
  }
  if (select === 'ALL_PROJECTED_ATTRIBUTES' && request.IndexName === undefined) {
    throw validationError(
      'ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName',
    );
  }
  return select ?? (projectionMember === undefined ? 'ALL_ATTRIBUTES' : 'SPECIFIC_ATTRIBUTES');
}

/** Key attributes are scalars: a projection or filter may not look inside them (`.` or `[]`). */
export function checkKeyAttributePaths(read: ReadRequest, keyNames: readonly string[]): void {
  assertScalarKeyPaths(read.projection, keyNames);
  assertScalarKeyPaths(read.filter?.paths, keyNames);
}
