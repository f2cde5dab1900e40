// ExclusiveStartKey of Query and Scan: checked against the table's key schema, mapped to a storage key.

import { validationError } from '../errors/dynamodb-error.js';
import { attributeOf, type Item } from '../model/attribute-value.js';
import { encodeItemKey } from '../model/key-encoding.js';
import { KeyPrefix, tableKeyPrefix } from './keyspace.js';
import type { TableDefinition } from './table-definition.js';

const INVALID = 'The provided starting key is invalid';

/**
 * The storage key of `startKey`, with DynamoDB's messages (recorded from DynamoDB Local 3.3) for
 * a key that has the wrong attributes, types or an empty string/binary. An empty partition key
 * gets DynamoDB's odd "at most one row" preamble; an empty sort key does not.
 */
export function exclusiveStartStorageKey(table: TableDefinition, startKey: Item): Uint8Array {
  const { partitionKey, sortKey } = table.keySchema;
  const schema = sortKey === undefined ? [partitionKey] : [partitionKey, sortKey];
  if (Object.keys(startKey).length !== schema.length) {
    throw validationError("Exclusive Start Key must have same size as table's key schema");
  }
  for (const attribute of schema) {
    const value = attributeOf(startKey, attribute.name);
    if (value === undefined) throw validationError(INVALID);
    if (!(attribute.type in value)) throw validationError('Type mismatch for attribute to update');
  }
  for (const attribute of schema) {
    const value = attributeOf(startKey, attribute.name)!;
    const text = 'S' in value ? value.S : 'B' in value ? value.B : undefined;
    if (text !== '') continue;
    const kind = attribute.type === 'S' ? 'string' : 'binary';
    const preamble =
      attribute === partitionKey
        ? 'The query can return at most one row and cannot be restarted. '
        : '';
    throw validationError(
      `${preamble}${INVALID}: One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${kind} value. Key: ${attribute.name}`,
    );
  }
  const prefix = tableKeyPrefix(KeyPrefix.items, table.tableNumber);
  const sortValue = sortKey === undefined ? undefined : attributeOf(startKey, sortKey.name);
  return encodeItemKey(prefix, attributeOf(startKey, partitionKey.name)!, sortValue);
}
