// Resolves the ResourceArn of TagResource/UntagResource/ListTagsOfResource, with DynamoDB's errors.

import type { ServerConfig } from '../config/server-config.js';
import { DynamoDbError, validationError } from '../errors/dynamodb-error.js';
import type { ReadTransaction } from '../storage/engine.js';
import { getTable } from './catalog.js';
import type { TableDefinition } from './table-definition.js';

/** Anything shaped like an ARN with a resource path (dynalite records DynamoDB's test). */
const ARN_LIKE = /^.+:.+:.+:.+:.+:.+\/.+$/;
const TABLE_ARN = /^arn:aws:dynamodb:.+:\d+:table\/[^/]{2}[^/]+$/;

function accessDenied(operation: string, resourceArn: string, config: ServerConfig): DynamoDbError {
  return new DynamoDbError(
    'AccessDeniedException',
    `User: arn:aws:iam::${config.accountId}:root is not authorized to perform: ` +
      `dynamodb:${operation} on resource: ${resourceArn}`,
  );
}

/** A member the tagging operation requires, checked between the ARN's form and its kind. */
export interface RequiredMember {
  /** The member's name as the framework prints it, e.g. `tags`. */
  readonly name: string;
  readonly value: unknown;
}

/**
 * Checks the request in DynamoDB's order (dynalite records it): a missing ARN, an ARN-like value
 * (anything else is refused as unauthorized), the operation's required member, then that the
 * ARN names a table.
 */
export function checkResourceArn(
  operation: string,
  resourceArn: string | undefined,
  config: ServerConfig,
  required?: RequiredMember,
): asserts resourceArn is string {
  if (resourceArn === undefined) throw validationError('Invalid TableArn');
  if (!ARN_LIKE.test(resourceArn)) throw accessDenied(operation, resourceArn || '*', config);
  if (required !== undefined && required.value === undefined) {
    throw validationError(
      `1 validation error detected: Value null at '${required.name}' failed to satisfy ` +
        'constraint: Member must not be null',
    );
  }
  if (!TABLE_ARN.test(resourceArn)) {
    throw validationError(`Invalid TableArn: Invalid ResourceArn provided as input ${resourceArn}`);
  }
}

/**
 * The table the ARN names. DynamoDB authorizes against the resource before looking it up, so a
 * table that does not exist (here: in this region and account) is AccessDeniedException.
 */
export async function requireTaggedTable(
  tx: ReadTransaction,
  operation: string,
  resourceArn: string,
  config: ServerConfig,
): Promise<TableDefinition> {
  const table = await getTable(tx, resourceArn);
  if (table === undefined) throw accessDenied(operation, resourceArn, config);
  return table;
}
