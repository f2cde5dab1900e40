// CreateTable's semantic checks of KeySchema and AttributeDefinitions, in DynamoDB's order and words.

import { validationError } from '../errors/dynamodb-error.js';
import { utf8Bytes } from '../model/item-size.js';
import type { AttributeDefinition, KeySchema } from './table-definition.js';
import { INVALID } from './table-settings.js';

export interface KeySchemaElementInput {
  AttributeName: string;
  KeyType: 'HASH' | 'RANGE';
}

/** DynamoDB's limit on key attribute and projected attribute names, in UTF-8 bytes. */
const MAX_ATTRIBUTE_NAME_BYTES = 255;

/**
 * Key attribute names (as defined), projected attribute names and the TTL attribute name take at
 * most 255 UTF-8 bytes; the request shape's limit of 255 counts characters. DynamoDB Local's words.
 */
export function checkAttributeNameBytes(names: Iterable<string>): void {
  for (const name of names) {
    if (utf8Bytes(name) > MAX_ATTRIBUTE_NAME_BYTES) {
      throw validationError(
        'Names of key attributes and attributes projected into an index must be between 1 and 255 characters, inclusive',
      );
    }
  }
}

/** Each attribute is defined once (DynamoDB Local's words; without this, indexes hid duplicates). */
export function checkUniqueDefinitions(definitions: ReadonlyArray<AttributeDefinition>): void {
  const names = new Set(definitions.map((d) => d.AttributeName));
  if (names.size !== definitions.length) {
    throw validationError('Cannot have two attributes with the same name');
  }
}

/**
 * A null element in a key schema (the shape check lets null list elements through); DynamoDB
 * Local's words, checked before the billing settings.
 */
export function checkKeySchemaElements(keys: ReadonlyArray<KeySchemaElementInput>): void {
  if ((keys as ReadonlyArray<KeySchemaElementInput | null>).includes(null)) {
    throw validationError('Key schema element is invalid.');
  }
}

/**
 * Checks a key schema against the attribute definitions (dynalite records DynamoDB's order:
 * definitions, duplicate names, HASH first, RANGE second) and returns the typed key schema.
 */
export function checkKeySchema(
  keys: ReadonlyArray<KeySchemaElementInput>,
  definitions: ReadonlyArray<AttributeDefinition>,
): KeySchema {
  const definedNames = definitions.map((d) => d.AttributeName);
  const keyNames = keys.map((k) => k.AttributeName);
  if (keyNames.length > definedNames.length) {
    throw validationError('Invalid KeySchema: Some index key attribute have no definition');
  }
  if (keyNames.some((name) => !definedNames.includes(name))) {
    throw validationError(
      `${INVALID}Some index key attributes are not defined in AttributeDefinitions. ` +
        `Keys: [${keyNames.join(', ')}], AttributeDefinitions: [${definedNames.join(', ')}]`,
    );
  }
  const [hash, range] = keys;
  if (range !== undefined && hash!.AttributeName === range.AttributeName) {
    throw validationError(
      'Both the Hash Key and the Range Key element in the KeySchema have the same name',
    );
  }
  if (hash!.KeyType !== 'HASH') {
    throw validationError('Invalid KeySchema: The first KeySchemaElement is not a HASH key type');
  }
  if (range !== undefined && range.KeyType !== 'RANGE') {
    throw validationError('Invalid KeySchema: The second KeySchemaElement is not a RANGE key type');
  }
  const typeOf = (name: string) => definitions.find((d) => d.AttributeName === name)!.AttributeType;
  return {
    partitionKey: { name: hash!.AttributeName, type: typeOf(hash!.AttributeName) },
    ...(range === undefined
      ? {}
      : { sortKey: { name: range.AttributeName, type: typeOf(range.AttributeName) } }),
  };
}

/** Without indexes, every attribute definition must be a key attribute. */
export function checkNoUnusedDefinitions(
  keys: ReadonlyArray<KeySchemaElementInput>,
  definitions: ReadonlyArray<AttributeDefinition>,
): void {
  if (keys.length !== definitions.length) {
    throw validationError(
      `${INVALID}Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions`,
    );
  }
}
