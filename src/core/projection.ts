// ProjectionExpression / AttributesToGet of GetItem, BatchGetItem and TransactGetItems, on the expression front end.

import {
  attributesToGetPaths,
  checkExpressionAttributeNames,
  compileProjection,
  createExpressionScope,
  type DocumentPath,
  type ExpressionScope,
  itemProjector,
} from '../expressions/api.js';
import type { Item } from '../model/attribute-value.js';
import { assertScalarTableKeyPaths } from './key-paths.js';
import type { TableDefinition } from './table-definition.js';

export type { DocumentPath, PathElement } from '../expressions/api.js';

/**
 * Parses a ProjectionExpression into document paths, resolving `#names` through `scope`.
 * Errors come in DynamoDB's order: syntax, reserved words, undefined names, nesting, overlaps.
 */
export function parseProjectionExpression(
  expression: string,
  scope: ExpressionScope,
): DocumentPath[] {
  return compileProjection(scope, expression);
}

/** A compiled projection, reusable for every item of a request. */
export class Projection {
  private readonly project: (item: Item) => Item;

  constructor(readonly paths: readonly DocumentPath[]) {
    this.project = itemProjector(paths);
  }

  /** The item reduced to the projected paths; containers left empty are omitted, as DynamoDB does. */
  apply(item: Item): Item {
    return this.project(item);
  }
}

/** The legacy AttributesToGet: top-level names only, no duplicates. */
export function projectionFromAttributesToGet(names: readonly string[]): Projection {
  return new Projection(attributesToGetPaths(names));
}

/** The projection members GetItem and each BatchGetItem table accept. */
export interface ProjectionParameters {
  readonly ProjectionExpression?: string;
  readonly AttributesToGet?: readonly string[];
  readonly ExpressionAttributeNames?: Readonly<Record<string, string>>;
}

/**
 * The request's projection (undefined: whole items), checked in DynamoDB's order. Callers first
 * check expression/legacy mixing (checkExpressionParameters) and the key's attribute values.
 */
export function requestProjection(parameters: ProjectionParameters): Projection | undefined {
  // Beside AttributesToGet only an empty expression got this far; it is refused as empty.
  if (parameters.AttributesToGet !== undefined && parameters.ProjectionExpression === undefined) {
    return projectionFromAttributesToGet(parameters.AttributesToGet);
  }
  const names = parameters.ExpressionAttributeNames;
  const expression = parameters.ProjectionExpression;
  // Without an expression an empty names map is as good as none (DynamoDB Local 3.3).
  if (expression === undefined && (names === undefined || Object.keys(names).length === 0)) {
    return undefined;
  }
  if (names !== undefined) checkExpressionAttributeNames(names);
  if (expression === undefined) return undefined;
  const scope = createExpressionScope(names === undefined ? {} : { names });
  const paths = parseProjectionExpression(expression, scope);
  scope.assertAllUsed();
  return new Projection(paths);
}

/**
 * Key attributes, the table's and its indexes', are scalars: a projection may not look inside them
 * (checked once the table is known).
 */
export function checkKeyPaths(projection: Projection | undefined, table: TableDefinition): void {
  assertScalarTableKeyPaths(table, projection?.paths);
}
