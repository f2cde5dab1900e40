// The members Query and Scan share: Select, projections, filters, Limit and ExclusiveStartKey, checked as DynamoDB does.

import { assertScalarTableKeyPaths } from './key-paths.js';
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
import type { TableDefinition } from './table-definition.js';

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
  /** What checkSelect checks. */
  readonly selection: Selection;
  /** Select ALL_ATTRIBUTES given explicitly (on an index it asks for unprojected attributes). */
  readonly allAttributes: boolean;
  /** Undefined: whole items. */
  readonly projection: readonly DocumentPath[] | undefined;
  readonly filter: CompiledCondition | undefined;
  readonly exclusiveStartKey: Item | undefined;
  /** Shared by every expression of the request; Query adds its key condition before the unused check. */
  readonly scope: ExpressionScope;
}

/** Select, the projection member given (if any) and its AttributesToGet, as the request has them. */
interface Selection {
  readonly select: string | undefined;
  readonly projectionMember: 'ProjectionExpression' | 'AttributesToGet' | undefined;
  readonly attributesToGet: readonly string[] | undefined;
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
  // Scan alone refuses values beside an empty FilterExpression as if it were absent (DynamoDB Local 3.3).
  const emptyTakesNoValues = filterKind === 'ScanFilter';
  checkExpressionParameters(request, expressions, legacy, { emptyTakesNoValues });
  checkConditionalOperator(request, filterKind);
  const startKey = request.ExclusiveStartKey;
  const scope = requestExpressionScope(request);
  // The filter is compiled before the projection: its errors come first (DynamoDB Local 3.3).
  const filter = requestFilter(request, filterKind, scope);
  const projection = requestedPaths(request, scope);
  const read: ReadRequest = {
    tableName: request.TableName as string,
    indexName: request.IndexName as string | undefined,
    limit: request.Limit as number | undefined,
    consistentRead: request.ConsistentRead === true,
    capacityMode: request.ReturnConsumedCapacity,
    countOnly: request.Select === 'COUNT',
    selection: requestSelection(request),
    allAttributes: request.Select === 'ALL_ATTRIBUTES',
    projection,
    filter,
    exclusiveStartKey: startKey === undefined ? undefined : validateItem(startKey),
    scope,
  };
  checkSelect(read);
  return read;
}

/**
 * ConditionalOperator without a QueryFilter / ScanFilter (an empty one counts as none) is refused
 * before anything else; one with a single condition only after the conditions themselves are
 * checked (compileLegacyFilter), as DynamoDB Local 3.3 orders them.
 */
function checkConditionalOperator(request: Record<string, unknown>, filterKind: FilterKind): void {
  if (request.ConditionalOperator === undefined) return;
  const filter = request[filterKind] as Record<string, unknown> | undefined;
  if (filter === undefined || Object.keys(filter).length === 0) {
    throw validationError('ConditionalOperator cannot be used without Filter or Expected');
  }
}

function requestedPaths(
  request: Record<string, unknown>,
  scope: ExpressionScope,
): DocumentPath[] | undefined {
  const attributesToGet = request.AttributesToGet as string[] | undefined;
  // Names are checked by checkSelect, after the Select rules (DynamoDB Local 3.3).
  const expression = request.ProjectionExpression as string | undefined;
  // Beside AttributesToGet only an empty expression got this far; it is refused as empty.
  if (attributesToGet !== undefined && expression === undefined) {
    return [...new Set(attributesToGet)].map((name) => [name]);
  }
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

function requestSelection(request: Record<string, unknown>): Selection {
  return {
    select: request.Select as string | undefined,
    projectionMember:
      request.ProjectionExpression !== undefined
        ? 'ProjectionExpression'
        : request.AttributesToGet !== undefined
          ? 'AttributesToGet'
          : undefined,
    attributesToGet: request.AttributesToGet as string[] | undefined,
  };
}

/**
 * DynamoDB's rules for combining Select with a projection, before the table is read (DynamoDB
 * Local 3.3 checks them only after the table lookup, the key condition and the ExclusiveStartKey;
 * DYNAMODB-FACTS.md: DynamoDB validates the request first), then AttributesToGet duplicates.
 */
function checkSelect(read: ReadRequest): void {
  const { select, projectionMember, attributesToGet } = read.selection;
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
  if (select === 'ALL_PROJECTED_ATTRIBUTES' && projectionMember !== undefined) {
    throw validationError(
      `Cannot specify the ${projectionMember} when choosing to get ALL_PROJECTED_ATTRIBUTES`,
    );
  }
  if (select === 'ALL_PROJECTED_ATTRIBUTES' && read.indexName === undefined) {
    throw validationError(
      'ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName',
    );
  }
  // Query and Scan word a duplicate differently from GetItem (DynamoDB Local 3.3).
  if (attributesToGet !== undefined) {
    attributesToGetPaths(attributesToGet, () => 'Cannot have two attributes with the same name');
  }
}

/**
 * Key attributes (the table's and its indexes') are scalars: a filter or projection may not look
 * inside them (`.` or `[]`); DynamoDB Local 3.3 checks the filter first.
 */
export function checkKeyAttributePaths(
  read: ReadRequest,
  table: TableDefinition,
  keyConditionPaths?: readonly DocumentPath[],
): void {
  // The key condition's paths last (DynamoDB Local 3.3: `pk = :p AND sk.y > :n` projecting
  // `pk.q` names pk), but before its operators are checked.
  assertScalarTableKeyPaths(table, read.filter?.paths, read.projection, keyConditionPaths);
}
