// GetItem: read one item by its key, whole (straight from storage) or projected.

import { requireTable } from '../core/catalog.js';
import { consumedCapacity, readUnits, wantsCapacity } from '../core/capacity.js';
import { checkExpressionParameters } from '../core/expression-parameters.js';
import { keyFromKeyMap } from '../core/item-keys.js';
import { checkKeyPaths, requestProjection, type Projection } from '../core/projection.js';
import { decodeStoredItem, storedItemJsonBytes, storedItemSizeBytes } from '../core/stored-item.js';
import type { Item } from '../model/attribute-value.js';
import { validateItem } from '../model/attribute-value-validation.js';
import { RawJson, type JsonPiece, type Operation, type OperationResult } from './operation.js';

interface GetPlan {
  readonly tableName: string;
  readonly key: Item;
  readonly projection: Projection | undefined;
  readonly consistentRead: boolean;
  readonly capacityMode: unknown;
}

function plan(request: Record<string, unknown>): GetPlan {
  checkExpressionParameters(request, ['ProjectionExpression'], ['AttributesToGet']);
  const key = validateItem(request.Key);
  return {
    tableName: request.TableName as string,
    key,
    projection: requestProjection(request),
    consistentRead: request.ConsistentRead === true,
    capacityMode: request.ReturnConsumedCapacity,
  };
}

/** Without a projection the stored JSON is spliced into the response as is (no parse). */
function respond(get: GetPlan, stored: Uint8Array | undefined): OperationResult {
  let capacity: string | undefined;
  if (wantsCapacity(get.capacityMode)) {
    const sizeBytes = stored === undefined ? undefined : storedItemSizeBytes(stored);
    const units = readUnits(sizeBytes, get.consistentRead);
    capacity = JSON.stringify(consumedCapacity(get.capacityMode, get.tableName, units));
  }
  const pieces: JsonPiece[] = ['{'];
  if (stored !== undefined) {
    pieces.push(
      '"Item":',
      get.projection === undefined
        ? storedItemJsonBytes(stored)
        : JSON.stringify(get.projection.apply(decodeStoredItem(stored))),
    );
  }
  if (capacity !== undefined) {
    pieces.push(`${stored === undefined ? '' : ','}"ConsumedCapacity":${capacity}`);
  }
  pieces.push('}');
  return new RawJson(...pieces);
}

export const getItem: Operation = {
  name: 'GetItem',
  async execute(request, context) {
    const get = plan(request);
    return context.store.read(async (tx) => {
      const table = await requireTable(tx, get.tableName);
      const { storageKey } = keyFromKeyMap(table, get.key);
      checkKeyPaths(get.projection, table);
      return respond(get, await tx.get(storageKey));
    });
  },
};
