// Where a Query or Scan reads: the table's items, or a secondary index's entries (IndexName), with
// DynamoDB's rules for what an index can return.

import { validationError } from '../errors/dynamodb-error.js';
import { javaHashOrder, type DocumentPath } from '../expressions/api.js';
import type { Item } from '../model/attribute-value.js';
import type { ReadTransaction } from '../storage/engine.js';
import { checkIndexStartKey, exclusiveStartStorageKey } from './exclusive-start-key.js';
import { indexEntryKey, indexKeyAttributes, projectedAttributeNames } from './index-entries.js';
import { keyAttributeNames, keyFromItem } from './item-keys.js';
import type { ReadRequest } from './read-request.js';
import { decodeStoredItem } from './stored-item.js';
import type {
  KeyAttribute,
  SecondaryIndexDefinition,
  TableDefinition,
} from './table-definition.js';

export interface ReadSource {
  readonly table: TableDefinition;
  readonly index: SecondaryIndexDefinition | undefined;
  /** The attributes of the source's own key (a Query filter may not name them). */
  readonly primaryKeyNames: readonly string[];
  /** LastEvaluatedKey's attributes: the index keys and the table keys. */
  readonly keyNames: readonly string[];
  /** LSI reads that need unprojected attributes fetch each entry's base item. */
  readonly fetchBase: boolean;
  /** Whether the base item is returned, or only filtered (the entry is returned, as DynamoDB Local does). */
  readonly returnsBase: boolean;
}

/** The table itself, or the index the request names, checked as DynamoDB checks it. */
export function readSource(table: TableDefinition, read: ReadRequest): ReadSource {
  const tableKeys = keyAttributeNames(table);
  if (read.indexName === undefined) {
    return {
      table,
      index: undefined,
      primaryKeyNames: tableKeys,
      keyNames: tableKeys,
      fetchBase: false,
      returnsBase: false,
    };
  }
  const index = table.indexes?.find(
    (candidate) => candidate.indexName === read.indexName && candidate.status !== 'DELETING',
  );
  if (index === undefined) {
    throw validationError(`The table does not have the specified index: ${read.indexName}`);
  }
  if (index.status === 'CREATING' || index.backfilling === true) {
    throw validationError(
      `Cannot read from backfilling global secondary index: ${index.indexName}`,
    );
  }
  const projected = projectedAttributeNames(table, index);
  const indexKeys = indexKeyAttributes(index).map((attribute) => attribute.name);
  const returnsBase =
    projected !== undefined &&
    (read.allAttributes || unprojected(read.projection, projected).length > 0);
  const fetchBase =
    returnsBase ||
    (projected !== undefined && unprojected(read.filter?.paths, projected).length > 0);
  return {
    table,
    index,
    primaryKeyNames: indexKeys,
    keyNames: [...new Set([...indexKeys, ...tableKeys])],
    fetchBase,
    returnsBase,
  };
}

/** A GSI is read eventually consistent only (checked by Query after its key condition's terms). */
export function checkConsistentRead(source: ReadSource, read: ReadRequest): void {
  if (source.index?.kind === 'global' && read.consistentRead) {
    throw validationError('Consistent reads are not supported on global secondary indexes');
  }
}

/**
 * A GSI returns only what it projects (an LSI fetches the rest from the table). A filter may name
 * only projected attributes; in a Query on an LSI too (DynamoDB Local 3.3), while a Scan of an LSI
 * fetches them. Checked last, after Select.
 */
export function checkIndexProjection(
  source: ReadSource,
  read: ReadRequest,
  operation: 'Query' | 'Scan',
): void {
  const { table, index } = source;
  if (index === undefined) return;
  const global = index.kind === 'global';
  const projected = projectedAttributeNames(table, index);
  if (global && read.allAttributes && projected !== undefined) {
    throw validationError(
      `One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index ${index.indexName} because its projection type is not ALL`,
    );
  }
  // DynamoDB Local lists the names sorted, then in the order of a java.util.HashSet of them.
  const missingProjected = unprojected(read.projection, projected).sort();
  if (global && missingProjected.length > 0) {
    const listed = javaHashOrder(missingProjected, missingProjected.length).join(', ');
    throw validationError(
      `One or more parameter values were invalid: Global secondary index ${index.indexName} does not project [${listed}]`,
    );
  }
  const missingFiltered = unprojected(read.filter?.paths, projected).sort();
  if ((global || operation === 'Query') && missingFiltered.length > 0) {
    throw validationError(
      `One or more parameter values were invalid: Secondary index ${index.indexName} does not project one or more filter attributes: [${missingFiltered.join(', ')}]`,
    );
  }
}

/** The top-level attributes `paths` name that the index does not hold. */
function unprojected(
  paths: readonly DocumentPath[] | undefined,
  projected: Set<string> | undefined,
): string[] {
  if (paths === undefined || projected === undefined) return [];
  const names = paths.map((path) => path[0] as string).filter((name) => !projected.has(name));
  return [...new Set(names)];
}

/** The key a key condition is written against; GSIs may have up to 4 attributes in each part. */
export interface QueryKeySchema {
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  /** Set when the key is a secondary index's. */
  readonly indexName?: string;
  /** Set for a GSI with more than one partition or sort key attribute. */
  readonly multiAttribute?: {
    readonly partitionKeys: readonly KeyAttribute[];
    readonly sortKeys: readonly KeyAttribute[];
  };
}

export function queryKeySchema(source: ReadSource): QueryKeySchema {
  const { index, table } = source;
  if (index === undefined) return table.keySchema;
  const partitionKey = index.partitionKey[0]!;
  const sortKey = index.sortKey[0];
  const multiAttribute =
    index.partitionKey.length > 1 || index.sortKey.length > 1
      ? { partitionKeys: index.partitionKey, sortKeys: index.sortKey }
      : undefined;
  return {
    partitionKey,
    indexName: index.indexName,
    ...(sortKey === undefined ? {} : { sortKey }),
    ...(multiAttribute === undefined ? {} : { multiAttribute }),
  };
}

/**
 * An index ExclusiveStartKey holds exactly the index keys and the table keys (what the index's
 * LastEvaluatedKey holds); its storage key is the entry key such an item would have.
 */
export function startStorageKey(source: ReadSource, startKey: Item): Uint8Array {
  const { index, table } = source;
  if (index === undefined) return exclusiveStartStorageKey(table, startKey);
  const tableStorageKey = checkIndexStartKey(table, index, startKey, source.keyNames.length);
  return indexEntryKey(index, startKey, tableStorageKey)!;
}

/** For LSI reads of unprojected attributes: the base item an entry stands for. */
export function baseItemFetcher(
  tx: ReadTransaction,
  source: ReadSource,
): ((entry: Uint8Array) => Promise<Uint8Array | undefined>) | undefined {
  if (!source.fetchBase) return undefined;
  return (entry) => tx.get(keyFromItem(source.table, decodeStoredItem(entry)).storageKey);
}
