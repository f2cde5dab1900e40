// TransactGetItems: up to 100 Gets across tables, read from one consistent snapshot.

import { hasNullElement, validateRequest } from '../shapes/validate-request.js';
import { requireTable } from '../core/catalog.js';
import { consumedCapacity, readUnits, wantsCapacity } from '../core/capacity.js';
import { checkExpressionParameters } from '../core/expression-parameters.js';
import { keyFromKeyMap, storageKeyId } from '../core/item-keys.js';
import { checkKeyPaths, requestProjection, type Projection } from '../core/projection.js';
import { decodeStoredItem, storedItemSizeBytes } from '../core/stored-item.js';
import {
  DUPLICATE_ITEM_MESSAGE,
  MAX_TRANSACTION_PAYLOAD_BYTES,
  transactionCanceled,
  type CancellationReason,
} from '../core/transactions.js';
import { DynamoDbError, validationError } from '../errors/dynamodb-error.js';
import type { Item } from '../model/attribute-value.js';
import { validateItem } from '../model/attribute-value-validation.js';
import { itemSizeBytes } from '../model/item-size.js';
import type { ReadTransaction } from '../storage/engine.js';
import type { TableDefinition } from '../core/table-definition.js';
import type { Operation, OperationContext } from './operation.js';

interface GetPlan {
  readonly tableName: string;
  readonly key: Item;
  readonly projection: Projection | undefined;
}

function planGet(entry: Record<string, unknown>): GetPlan {
  const get = entry.Get as Record<string, unknown>;
  checkExpressionParameters(get, ['ProjectionExpression'], []);
  return {
    tableName: get.TableName as string,
    key: validateItem(get.Key),
    projection: requestProjection(get),
  };
}

interface Resolved {
  readonly get: GetPlan;
  readonly storageKey: Uint8Array | undefined;
  readonly reason: CancellationReason;
}

/** Tables first (ResourceNotFound), then keys: an invalid key cancels with ValidationError. */
async function resolveAll(
  tx: ReadTransaction,
  gets: readonly GetPlan[],
  checkPaths: boolean,
): Promise<Resolved[]> {
  const tables: TableDefinition[] = [];
  for (const get of gets) tables.push(await requireTable(tx, get.tableName));
  const resolved = gets.map((get, i): Resolved => {
    const table = tables[i]!;
    try {
      const { storageKey } = keyFromKeyMap(table, get.key);
      return { get, storageKey, reason: { Code: 'None' } };
    } catch (error) {
      if (!(error instanceof DynamoDbError) || error.type !== 'ValidationException') throw error;
      return {
        get,
        storageKey: undefined,
        reason: { Code: 'ValidationError', Message: error.message },
      };
    }
  });
  if (resolved.some((entry) => entry.reason.Code !== 'None')) {
    throw transactionCanceled(resolved.map((entry) => entry.reason));
  }
  const seen = new Set<string>();
  resolved.forEach(({ storageKey }, i) => {
    const id = storageKeyId(storageKey!);
    if (seen.has(id)) throw validationError(DUPLICATE_ITEM_MESSAGE);
    seen.add(id);
    if (checkPaths) checkKeyPaths(gets[i]!.projection, tables[i]!);
  });
  return resolved;
}

/** Each Get's response and the units per table (2 per 4 KB of the whole item, 2 for none). */
async function readAll(tx: ReadTransaction, gets: readonly GetPlan[], checkPaths: boolean) {
  const responses: Array<{ Item?: Item }> = [];
  const unitsByTable = new Map<string, number>();
  let responseBytes = 0;
  for (const { get, storageKey } of await resolveAll(tx, gets, checkPaths)) {
    const stored = await tx.get(storageKey!);
    const sizeBytes = stored === undefined ? undefined : storedItemSizeBytes(stored);
    const units = 2 * readUnits(sizeBytes, true);
    unitsByTable.set(get.tableName, (unitsByTable.get(get.tableName) ?? 0) + units);
    if (stored === undefined) {
      responses.push({});
      continue;
    }
    const item = decodeStoredItem(stored);
    const projected = get.projection === undefined ? item : get.projection.apply(item);
    // DynamoDB Local 3.3 counts 4 bytes per returned item beyond the items' own sizes.
    responseBytes += itemSizeBytes(projected) + 4;
    responses.push({ Item: projected });
  }
  if (responseBytes > MAX_TRANSACTION_PAYLOAD_BYTES) {
    throw validationError(`Payload in response is too large.${responseBytes}`);
  }
  return { responses, unitsByTable };
}

/**
 * TransactGetItems; ExecuteTransaction's SELECTs run through it too, without the check of paths
 * into key attributes (DynamoDB Local 3.3 projects `SELECT pk[0] …` there to nothing).
 */
export async function transactGet(
  request: Record<string, unknown>,
  context: OperationContext,
  options: { readonly checkKeyPaths: boolean },
): Promise<Record<string, unknown>> {
  const entries = request.TransactItems as Array<Record<string, unknown>>;
  // The framework passes an entry sent as null through; it is refused as an empty one would be
  // (DynamoDB Local 3.3 words both its own way).
  if (hasNullElement(entries)) {
    validateRequest('DynamoDB', 'TransactGetItems', { TransactItems: entries.map((e) => e ?? {}) });
  }
  const gets = entries.map(planGet);
  const { responses, unitsByTable } = await context.store.read((tx) =>
    readAll(tx, gets, options.checkKeyPaths),
  );
  const mode = request.ReturnConsumedCapacity;
  const response: Record<string, unknown> = {};
  if (wantsCapacity(mode)) {
    response.ConsumedCapacity = [...unitsByTable].map(([table, units]) =>
      consumedCapacity(mode, table, units),
    );
  }
  response.Responses = responses;
  return response;
}

export const transactGetItems: Operation = {
  name: 'TransactGetItems',
  execute: (request, context) => transactGet(request, context, { checkKeyPaths: true }),
};
