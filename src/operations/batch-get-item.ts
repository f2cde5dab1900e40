// BatchGetItem: read up to 100 items from one or more tables in one consistent snapshot.

import { requireTable } from '../core/catalog.js';
import { batchReadUnits, CapacityTally, wantsCapacity } from '../core/capacity.js';
import { checkExpressionParameters } from '../core/expression-parameters.js';
import { keyFromKeyMap } from '../core/item-keys.js';
import {
  checkKeyPaths,
  requestProjection,
  type Projection,
  type ProjectionParameters,
} from '../core/projection.js';
import {
  decodeStoredItem,
  pushJsonArray,
  storedItemJsonBytes,
  storedItemSizeBytes,
} from '../core/stored-item.js';
import { validationError } from '../errors/dynamodb-error.js';
import { attributeOf, type Item } from '../model/attribute-value.js';
import { validateItem } from '../model/attribute-value-validation.js';
import type { ReadTransaction } from '../storage/engine.js';
import { RawJson, type JsonPiece, type Operation } from './operation.js';

/** DynamoDB's limits: 100 keys per call, 16 MB of items per response. */
const MAX_KEYS = 100;
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

type KeysAndAttributes = Record<string, unknown> & { Keys: unknown[] };

interface TableRead {
  readonly tableName: string;
  /** The request's KeysAndAttributes, echoed (with the leftover keys) in UnprocessedKeys. */
  readonly settings: KeysAndAttributes;
  readonly keys: Item[];
  readonly projection: Projection | undefined;
  readonly consistentRead: boolean;
}

function plan(request: Record<string, unknown>): TableRead[] {
  const requestItems = request.RequestItems as Record<string, KeysAndAttributes>;
  const tables = Object.entries(requestItems);
  if (tables.length === 0) {
    throw validationError('The requestItems parameter is required for BatchGetItem');
  }
  // A table sent as null (the framework passes null map values through): DynamoDB Local's answer.
  const missing = tables.find(([, settings]) => settings === null || settings === undefined);
  if (missing !== undefined) {
    throw validationError(
      `The list of keys in RequestItems for BatchGetItem is required: ${missing[0]} has empty list`,
    );
  }
  // DynamoDB checks the mix of ProjectionExpression and AttributesToGet across all tables.
  checkExpressionParameters(
    {
      ProjectionExpression: tables
        .map(([, t]) => t.ProjectionExpression)
        .find((expression) => expression !== undefined && expression !== ''),
      AttributesToGet: tables.find(([, t]) => t.AttributesToGet !== undefined)?.[1],
    },
    ['ProjectionExpression'],
    ['AttributesToGet'],
  );
  // A key sent as null or empty, in any table: DynamoDB Local's answer, before projections.
  const emptyKeys = tables.find(([, { Keys }]) => Keys.some(isNullOrEmpty));
  if (emptyKeys !== undefined) {
    throw validationError(
      `The list of keys in RequestItems for BatchGetItem may not contain null or empty values: ${emptyKeys[0]} has one or more empty keys`,
    );
  }
  let keyCount = 0;
  return tables.map(([tableName, settings]) => {
    checkExpressionParameters(settings, ['ProjectionExpression'], ['AttributesToGet']);
    const projection = requestProjection(settings as ProjectionParameters);
    const seen = new Set<string>();
    const keys = settings.Keys.map((raw) => {
      const key = validateItem(raw);
      const id = keyIdentity(key);
      if (seen.has(id)) throw validationError('Provided list of item keys contains duplicates');
      seen.add(id);
      if (++keyCount > MAX_KEYS) {
        throw validationError('Too many items requested for the BatchGetItem call');
      }
      return key;
    });
    return {
      tableName,
      settings,
      keys,
      projection,
      consistentRead: settings.ConsistentRead === true,
    };
  });
}

/** Two keys are the same when they have the same attributes with the same canonical values. */
function keyIdentity(key: Item): string {
  return JSON.stringify(
    Object.keys(key)
      .sort()
      .map((name) => [name, attributeOf(key, name)]),
  );
}

interface BatchResult {
  readonly responses: Map<string, JsonPiece[]>;
  readonly unprocessed: Map<string, KeysAndAttributes>;
  readonly capacity: CapacityTally;
}

async function readAll(tx: ReadTransaction, reads: readonly TableRead[]): Promise<BatchResult> {
  const storageKeys: Uint8Array[][] = [];
  for (const read of reads) {
    const table = await requireTable(tx, read.tableName);
    storageKeys.push(read.keys.map((key) => keyFromKeyMap(table, key).storageKey));
    checkKeyPaths(read.projection, table);
  }
  const result: BatchResult = {
    responses: new Map(),
    unprocessed: new Map(),
    capacity: new CapacityTally(),
  };
  let responseBytes = 0;
  for (const [t, read] of reads.entries()) {
    const items: JsonPiece[] = [];
    result.responses.set(read.tableName, items);
    result.capacity.add(read.tableName, 0);
    for (const [k, storageKey] of storageKeys[t]!.entries()) {
      const stored = await tx.get(storageKey);
      const sizeBytes = stored === undefined ? undefined : storedItemSizeBytes(stored);
      if (sizeBytes !== undefined && responseBytes + sizeBytes > MAX_RESPONSE_BYTES) {
        leaveUnprocessed(result, read, read.keys[k]!);
        continue;
      }
      responseBytes += sizeBytes ?? 0;
      result.capacity.add(read.tableName, batchReadUnits(sizeBytes, read.consistentRead));
      if (stored !== undefined) items.push(itemJson(stored, read.projection));
    }
  }
  return result;
}

/** Keys past the 16 MB limit are returned with their table's settings, for the caller to retry. */
function leaveUnprocessed(result: BatchResult, read: TableRead, key: Item): void {
  let entry = result.unprocessed.get(read.tableName);
  if (entry === undefined) {
    entry = { ...read.settings, Keys: [] };
    result.unprocessed.set(read.tableName, entry);
  }
  entry.Keys.push(key);
}

function itemJson(stored: Uint8Array, projection: Projection | undefined): JsonPiece {
  if (projection === undefined) return storedItemJsonBytes(stored);
  return JSON.stringify(projection.apply(decodeStoredItem(stored)));
}

/** Spliced by hand so stored items go out without a parse and re-stringify. */
function responsePieces(result: BatchResult, capacityMode: unknown): JsonPiece[] {
  const pieces: JsonPiece[] = ['{"Responses":{'];
  let separator = '';
  for (const [name, items] of result.responses) {
    pieces.push(`${separator}${JSON.stringify(name)}:`);
    pushJsonArray(pieces, items);
    separator = ',';
  }
  let rest = `},"UnprocessedKeys":${JSON.stringify(Object.fromEntries(result.unprocessed))}`;
  if (wantsCapacity(capacityMode)) {
    rest += `,"ConsumedCapacity":${JSON.stringify(result.capacity.toWire(capacityMode))}`;
  }
  pieces.push(rest, '}');
  return pieces;
}

export const batchGetItem: Operation = {
  name: 'BatchGetItem',
  async execute(request, context) {
    const reads = plan(request);
    const result = await context.store.read((tx) => readAll(tx, reads));
    return new RawJson(...responsePieces(result, request.ReturnConsumedCapacity));
  },
};

function isNullOrEmpty(key: unknown): boolean {
  return key === null || key === undefined || Object.keys(key).length === 0;
}
