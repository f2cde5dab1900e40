// A table's primary key taken from a request's Key map or Item, checked as DynamoDB checks it.

import { validationError } from '../errors/dynamodb-error.js';
import {
  attributeOf,
  setAttribute,
  type AttributeValue,
  type Item,
} from '../model/attribute-value.js';
import { encodeItemKey } from '../model/key-encoding.js';
import { KeyPrefix, tableKeyPrefix } from './keyspace.js';
import type { KeyAttribute, KeySchema, TableDefinition } from './table-definition.js';

/** DynamoDB's key size limits (numbers are always within them). */
export const MAX_PARTITION_KEY_BYTES = 2048;
export const MAX_SORT_KEY_BYTES = 1024;

const NO_MATCH = 'The provided key element does not match the schema';
const INVALID = 'One or more parameter values were invalid: ';

/** A checked primary key: the key attributes and the storage key they map to. */
export interface ItemKey {
  /** Only the key attributes, as a Key map. */
  readonly key: Item;
  readonly storageKey: Uint8Array;
}

/** From a Key map (GetItem, DeleteItem, batches): exactly the schema's attributes and types. */
export function keyFromKeyMap(table: TableDefinition, key: Item): ItemKey {
  const schema = table.keySchema;
  const expected = schema.sortKey === undefined ? 1 : 2;
  if (Object.keys(key).length !== expected) throw validationError(NO_MATCH);
  for (const attribute of schemaAttributes(schema)) {
    const value = attributeOf(key, attribute.name);
    if (value === undefined || !(attribute.type in value)) throw validationError(NO_MATCH);
    checkKeyValue(attribute, value, attribute === schema.partitionKey);
  }
  return buildKey(table, key);
}

/**
 * From an Item (PutItem, BatchWriteItem): the key attributes must be present with the right type.
 * `strict` answers like BatchWriteItem, which reports a missing or mistyped key as a schema mismatch.
 */
export function keyFromItem(table: TableDefinition, item: Item, strict = false): ItemKey {
  const schema = table.keySchema;
  for (const attribute of schemaAttributes(schema)) {
    const value = attributeOf(item, attribute.name);
    if (value === undefined) {
      throw validationError(
        strict ? NO_MATCH : `${INVALID}Missing the key ${attribute.name} in the item`,
      );
    }
    if (!(attribute.type in value)) {
      const actual = Object.keys(value)[0];
      throw validationError(
        strict
          ? NO_MATCH
          : `${INVALID}Type mismatch for key ${attribute.name} expected: ${attribute.type} actual: ${actual}`,
      );
    }
    checkKeyValue(attribute, value, attribute === schema.partitionKey);
  }
  return buildKey(table, item);
}

function schemaAttributes(schema: KeySchema): KeyAttribute[] {
  return schema.sortKey === undefined
    ? [schema.partitionKey]
    : [schema.partitionKey, schema.sortKey];
}

/** The names of the table's key attributes, partition key first. */
export function keyAttributeNames(table: TableDefinition): string[] {
  return schemaAttributes(table.keySchema).map((attribute) => attribute.name);
}

function checkKeyValue(attribute: KeyAttribute, value: AttributeValue, isPartition: boolean): void {
  if (attribute.type === 'N') return;
  const text = 'S' in value ? value.S : 'B' in value ? value.B : '';
  if (text === '') {
    const kind = attribute.type === 'S' ? 'string' : 'binary';
    throw validationError(
      `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${kind} value. Key: ${attribute.name}`,
    );
  }
  const sizeBytes = Buffer.byteLength(text, attribute.type === 'S' ? 'utf8' : 'base64');
  // DynamoDB's own spacing: "limit of2048 bytes".
  if (isPartition && sizeBytes > MAX_PARTITION_KEY_BYTES) {
    throw validationError(
      `${INVALID}Size of hashkey has exceeded the maximum size limit of2048 bytes`,
    );
  }
  if (!isPartition && sizeBytes > MAX_SORT_KEY_BYTES) {
    throw validationError(
      `${INVALID}Aggregated size of all range keys has exceeded the size limit of 1024 bytes`,
    );
  }
}

function buildKey(table: TableDefinition, source: Item): ItemKey {
  const { partitionKey, sortKey } = table.keySchema;
  const partitionValue = attributeOf(source, partitionKey.name)!;
  const key: Item = { [partitionKey.name]: partitionValue };
  let sortValue: AttributeValue | undefined;
  if (sortKey !== undefined) {
    sortValue = attributeOf(source, sortKey.name)!;
    setAttribute(key, sortKey.name, sortValue);
  }
  const prefix = tableKeyPrefix(KeyPrefix.items, table.tableNumber);
  return { key, storageKey: encodeItemKey(prefix, partitionValue, sortValue) };
}

/** A stable text form of a storage key, to find duplicate keys within one batch. */
export function storageKeyId(storageKey: Uint8Array): string {
  return Buffer.from(storageKey).toString('latin1');
}
