// ExclusiveStartKey of Query and Scan: checked against the table's (or index's) key schema, mapped
// to a storage key.

import { validationError } from '../errors/dynamodb-error.js';
import { attributeOf, type Item } from '../model/attribute-value.js';
import { encodeItemKey } from '../model/key-encoding.js';
import { KeyPrefix, tableKeyPrefix } from './keyspace.js';
import type {
  KeyAttribute,
  SecondaryIndexDefinition,
  TableDefinition,
} from './table-definition.js';

const INVALID = 'The provided starting key is invalid';
const WRONG_SIZE = "Exclusive Start Key must have same size as table's key schema";

/**
 * The storage key of `startKey`, with DynamoDB's messages (recorded from DynamoDB Local 3.3) for
 * a key that has the wrong attributes, types or an empty string/binary. An empty partition key
 * gets DynamoDB's odd "at most one row" preamble; an empty sort key does not.
 */
export function exclusiveStartStorageKey(table: TableDefinition, startKey: Item): Uint8Array {
  const schema = tableKeySchema(table);
  checkStartKeySize(startKey, schema.length, WRONG_SIZE);
  checkStartKeyTypes(startKey, schema);
  checkEmptyTableKeys(table, startKey);
  return tableStorageKey(table, startKey);
}

/**
 * The checks of an index ExclusiveStartKey (the index keys and the table keys, what the index's
 * LastEvaluatedKey holds), in DynamoDB Local 3.3's order: size (its wording differs between LSIs
 * and GSIs), then the table keys' attributes and types, then the index keys', then empty values.
 * Answers the start key's table storage key.
 */
export function checkIndexStartKey(
  table: TableDefinition,
  index: SecondaryIndexDefinition,
  startKey: Item,
  keyCount: number,
): Uint8Array {
  checkStartKeySize(startKey, keyCount, index.kind === 'local' ? WRONG_SIZE : INVALID);
  const indexKeys = [...index.partitionKey, ...index.sortKey];
  checkStartKeyTypes(startKey, [...tableKeySchema(table), ...indexKeys]);
  checkEmptyTableKeys(table, startKey);
  for (const attribute of indexKeys) {
    const kind = emptyKind(attribute, startKey);
    if (kind === undefined) continue;
    const preamble = index.partitionKey.includes(attribute)
      ? 'The query can return at most one row and cannot be restarted. '
      : '';
    throw validationError(
      `${preamble}${INVALID}: One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${kind} value. IndexName: ${index.indexName}, IndexKey: ${attribute.name}`,
    );
  }
  return tableStorageKey(table, startKey);
}

function tableKeySchema(table: TableDefinition): KeyAttribute[] {
  const { partitionKey, sortKey } = table.keySchema;
  return sortKey === undefined ? [partitionKey] : [partitionKey, sortKey];
}

/** An empty start key is invalid whatever the schema; another count has the caller's wording. */
function checkStartKeySize(startKey: Item, keyCount: number, message: string): void {
  const count = Object.keys(startKey).length;
  if (count === 0) throw validationError(INVALID);
  if (count !== keyCount) throw validationError(message);
}

function checkStartKeyTypes(startKey: Item, attributes: readonly KeyAttribute[]): void {
  for (const attribute of attributes) {
    const value = attributeOf(startKey, attribute.name);
    if (value === undefined) throw validationError(INVALID);
    if (!(attribute.type in value)) throw validationError('Type mismatch for attribute to update');
  }
}

function checkEmptyTableKeys(table: TableDefinition, startKey: Item): void {
  for (const attribute of tableKeySchema(table)) {
    const kind = emptyKind(attribute, startKey);
    if (kind === undefined) continue;
    const preamble =
      attribute === table.keySchema.partitionKey
        ? 'The query can return at most one row and cannot be restarted. '
        : '';
    throw validationError(
      `${preamble}${INVALID}: One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${kind} value. Key: ${attribute.name}`,
    );
  }
}

/** 'string' or 'binary' when the (type-checked) value of `attribute` is empty. */
function emptyKind(attribute: KeyAttribute, startKey: Item): string | undefined {
  const value = attributeOf(startKey, attribute.name)!;
  const text = 'S' in value ? value.S : 'B' in value ? value.B : undefined;
  if (text !== '') return undefined;
  return attribute.type === 'S' ? 'string' : 'binary';
}

function tableStorageKey(table: TableDefinition, startKey: Item): Uint8Array {
  const { partitionKey, sortKey } = table.keySchema;
  const prefix = tableKeyPrefix(KeyPrefix.items, table.tableNumber);
  const sortValue = sortKey === undefined ? undefined : attributeOf(startKey, sortKey.name);
  return encodeItemKey(prefix, attributeOf(startKey, partitionKey.name)!, sortValue);
}
