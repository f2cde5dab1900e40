// CreateTable's semantic checks of LocalSecondaryIndexes and GlobalSecondaryIndexes, in DynamoDB's order.

import { validationError } from '../errors/dynamodb-error.js';
import type {
  AttributeDefinition,
  BillingMode,
  OnDemandThroughputSetting,
  WarmThroughputSetting,
} from './table-definition.js';
import {
  checkAttributeNameBytes,
  checkKeySchemaElements,
  type KeySchemaElementInput,
} from './table-schema-validation.js';
import {
  checkThroughputBounds,
  INVALID,
  type ProvisionedThroughputInput,
} from './table-settings.js';

export interface SecondaryIndexInput {
  IndexName: string;
  KeySchema: KeySchemaElementInput[];
  Projection: { ProjectionType?: string; NonKeyAttributes?: string[] };
  ProvisionedThroughput?: ProvisionedThroughputInput;
  OnDemandThroughput?: OnDemandThroughputSetting;
  WarmThroughput?: WarmThroughputSetting;
}

export interface IndexedTableInput {
  AttributeDefinitions: ReadonlyArray<AttributeDefinition>;
  KeySchema: ReadonlyArray<KeySchemaElementInput>;
  BillingMode?: BillingMode;
  LocalSecondaryIndexes?: SecondaryIndexInput[];
  GlobalSecondaryIndexes?: SecondaryIndexInput[];
}

const MAX_LOCAL_INDEXES = 5;
export const MAX_GLOBAL_INDEXES = 20;

/** DynamoDB 2025: a GSI key may have up to four partition and four sort key attributes. */
const MAX_GSI_KEY_ATTRIBUTES_PER_ROLE = 4;
/** NonKeyAttributes summed over all of a table's indexes (an attribute in two indexes counts twice). */
export const MAX_PROJECTED_ATTRIBUTES = 100;

function checkKeysDefined(keyNames: string[], definedNames: readonly string[]): void {
  if (keyNames.some((name) => !definedNames.includes(name))) {
    throw validationError(
      `${INVALID}Some index key attributes are not defined in AttributeDefinitions. ` +
        `Keys: [${keyNames.join(', ')}], AttributeDefinitions: [${definedNames.join(', ')}]`,
    );
  }
}

/** A plain key: one HASH, optionally followed by one RANGE (all an LSI or a table may have). */
function isPlainKeySchema(keys: readonly KeySchemaElementInput[]): boolean {
  return keys.length === 1 || (keys.length === 2 && keys[1]!.KeyType === 'RANGE');
}

/** dynalite's validations/createTable.js records DynamoDB's words for plain key schemas. */
function checkPlainKeySchema(keys: readonly KeySchemaElementInput[]): void {
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
}

/** Multi-attribute GSI keys, with the words DynamoDB (Local 3.3) uses for them. */
function checkMultiAttributeKeySchema(keys: readonly KeySchemaElementInput[]): void {
  const hashCount = keys.filter((k) => k.KeyType === 'HASH').length;
  const rangeCount = keys.length - hashCount;
  if (hashCount > MAX_GSI_KEY_ATTRIBUTES_PER_ROLE) {
    throw validationError(
      `Too many partition keys. GSI can have at most ${MAX_GSI_KEY_ATTRIBUTES_PER_ROLE} partition keys`,
    );
  }
  if (rangeCount > MAX_GSI_KEY_ATTRIBUTES_PER_ROLE) {
    throw validationError(
      `Too many sort keys. GSI can have at most ${MAX_GSI_KEY_ATTRIBUTES_PER_ROLE} sort keys`,
    );
  }
  // Every HASH element comes before every RANGE element.
  const ordered = keys.every((k, i) =>
    i < hashCount ? k.KeyType === 'HASH' : k.KeyType === 'RANGE',
  );
  if (!ordered) {
    throw validationError(
      'Invalid key order. Hash Key must be specified first in key schema, Range Key must be specifed second',
    );
  }
  if (new Set(keys.map((k) => k.AttributeName)).size !== keys.length) {
    throw validationError('Two keys can not have the same name');
  }
}

/** Checks one index's key schema against the attribute definitions. */
export function checkIndexKeySchema(
  keys: readonly KeySchemaElementInput[],
  definedNames: readonly string[],
): void {
  checkKeySchemaElements(keys);
  checkKeysDefined(
    keys.map((k) => k.AttributeName),
    definedNames,
  );
  if (isPlainKeySchema(keys) || keys[0]!.KeyType !== 'HASH') checkPlainKeySchema(keys);
  else checkMultiAttributeKeySchema(keys);
}

/** Projection checks; the INCLUDE ones use DynamoDB Local's words (dynalite has none). */
export function checkProjection(index: SecondaryIndexInput): void {
  const projectionType = index.Projection.ProjectionType;
  const nonKey = index.Projection.NonKeyAttributes;
  if (projectionType === undefined) throw validationError(`${INVALID}Unknown ProjectionType: null`);
  if (nonKey !== undefined && projectionType !== 'INCLUDE') {
    throw validationError(
      `${INVALID}ProjectionType is ${projectionType}, but NonKeyAttributes is specified`,
    );
  }
  if (projectionType !== 'INCLUDE') return;
  if (nonKey === undefined || nonKey.length === 0) {
    throw validationError(
      'If Projection type INCLUDE is specified, some non-key attributes to include in the projection must be specified as well',
    );
  }
  if ((nonKey as readonly (string | null)[]).includes(null)) {
    throw validationError('Attribute name must be specified.');
  }
  checkAttributeNameBytes(nonKey);
  if (new Set(nonKey).size !== nonKey.length) {
    throw validationError('Cannot have two attributes with the same name');
  }
}

/** At most 100 NonKeyAttributes across all of a table's indexes. */
export function checkProjectedAttributeCount(indexes: readonly SecondaryIndexInput[]): void {
  const count = indexes.reduce((n, i) => n + (i.Projection.NonKeyAttributes?.length ?? 0), 0);
  if (count > MAX_PROJECTED_ATTRIBUTES) {
    throw validationError(
      `${INVALID}Number of projected attributes in all indexes exceeds limit of ${MAX_PROJECTED_ATTRIBUTES}, ` +
        `number of projected attributes: ${count}`,
    );
  }
}

function checkUniqueName(index: SecondaryIndexInput, seen: Set<string>): void {
  if (seen.has(index.IndexName)) {
    throw validationError(`${INVALID}Duplicate index name: ${index.IndexName}`);
  }
  seen.add(index.IndexName);
}

function checkLocalIndexes(
  table: IndexedTableInput,
  definedNames: string[],
  seen: Set<string>,
): void {
  const indexes = table.LocalSecondaryIndexes;
  if (indexes === undefined) return;
  if (indexes.length === 0)
    throw validationError(`${INVALID}List of LocalSecondaryIndexes is empty`);
  if (table.KeySchema.length !== 2) {
    throw validationError(
      `${INVALID}Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex`,
    );
  }
  const tableHash = table.KeySchema[0]!.AttributeName;
  for (const index of indexes) {
    checkIndexKeySchema(index.KeySchema, definedNames);
    if (index.KeySchema.length !== 2) {
      throw validationError(
        `${INVALID}Index KeySchema does not have a range key for index: ${index.IndexName}`,
      );
    }
    const indexHash = index.KeySchema[0]!.AttributeName;
    if (indexHash !== tableHash) {
      throw validationError(
        `${INVALID}Index KeySchema does not have the same leading hash key as table KeySchema for index: ` +
          `${index.IndexName}. index hash key: ${indexHash}, table hash key: ${tableHash}`,
      );
    }
    checkProjection(index);
    checkUniqueName(index, seen);
  }
  if (indexes.length > MAX_LOCAL_INDEXES) {
    throw validationError(
      `${INVALID}Number of LocalSecondaryIndexes exceeds per-table limit of ${MAX_LOCAL_INDEXES}`,
    );
  }
}

/** One GSI's definition (CreateTable, or UpdateTable's Create). */
export function checkGlobalIndex(
  index: SecondaryIndexInput,
  definedNames: readonly string[],
  payPerRequest: boolean,
): void {
  checkIndexKeySchema(index.KeySchema, definedNames);
  checkProjection(index);
  if (payPerRequest && index.ProvisionedThroughput !== undefined) {
    throw validationError(
      `${INVALID}ProvisionedThroughput should not be specified for index: ${index.IndexName} when BillingMode is PAY_PER_REQUEST`,
    );
  }
  if (!payPerRequest && index.ProvisionedThroughput === undefined) {
    throw validationError(
      `${INVALID}ProvisionedThroughput must be specified for index: ${index.IndexName}`,
    );
  }
  if (index.ProvisionedThroughput !== undefined) checkThroughputBounds(index.ProvisionedThroughput);
}

function checkGlobalIndexes(
  table: IndexedTableInput,
  definedNames: string[],
  seen: Set<string>,
): void {
  const indexes = table.GlobalSecondaryIndexes;
  if (indexes === undefined) return;
  if (indexes.length === 0)
    throw validationError(`${INVALID}List of GlobalSecondaryIndexes is empty`);
  const payPerRequest = table.BillingMode === 'PAY_PER_REQUEST';
  for (const index of indexes) {
    checkGlobalIndex(index, definedNames, payPerRequest);
    checkUniqueName(index, seen);
  }
  if (indexes.length > MAX_GLOBAL_INDEXES) {
    throw validationError(
      `${INVALID}GlobalSecondaryIndex count exceeds the per-table limit of ${MAX_GLOBAL_INDEXES}`,
    );
  }
}

/** Every attribute definition must be a key of the table or of an index. */
function checkAllDefinitionsUsed(table: IndexedTableInput, definedNames: string[]): void {
  const used = new Set<string>(table.KeySchema.map((k) => k.AttributeName));
  for (const index of [
    ...(table.LocalSecondaryIndexes ?? []),
    ...(table.GlobalSecondaryIndexes ?? []),
  ]) {
    for (const key of index.KeySchema) used.add(key.AttributeName);
  }
  if (definedNames.some((name) => !used.has(name))) {
    throw validationError(
      `${INVALID}Some AttributeDefinitions are not used. AttributeDefinitions: [${definedNames.join(', ')}], ` +
        `keys used: [${[...used].join(', ')}]`,
    );
  }
}

/** Checks the secondary indexes of a CreateTable request whose table key schema is valid. */
export function checkSecondaryIndexes(table: IndexedTableInput): void {
  const definedNames = table.AttributeDefinitions.map((d) => d.AttributeName);
  const seen = new Set<string>();
  checkLocalIndexes(table, definedNames, seen);
  checkGlobalIndexes(table, definedNames, seen);
  checkAllDefinitionsUsed(table, definedNames);
  checkProjectedAttributeCount([
    ...(table.LocalSecondaryIndexes ?? []),
    ...(table.GlobalSecondaryIndexes ?? []),
  ]);
}
