// CreateTable's semantic checks of LocalSecondaryIndexes and GlobalSecondaryIndexes, in DynamoDB's order.

import { validationError } from '../errors/dynamodb-error.js';
import type { AttributeDefinition, BillingMode } from './table-definition.js';
import type { KeySchemaElementInput } from './table-schema-validation.js';
import { INVALID, type ProvisionedThroughputInput } from './table-settings.js';

export interface SecondaryIndexInput {
  IndexName: string;
  KeySchema: KeySchemaElementInput[];
  Projection: { ProjectionType?: string; NonKeyAttributes?: string[] };
  ProvisionedThroughput?: ProvisionedThroughputInput;
}

export interface IndexedTableInput {
  AttributeDefinitions: ReadonlyArray<AttributeDefinition>;
  KeySchema: ReadonlyArray<KeySchemaElementInput>;
  BillingMode?: BillingMode;
  LocalSecondaryIndexes?: SecondaryIndexInput[];
  GlobalSecondaryIndexes?: SecondaryIndexInput[];
}

const MAX_LOCAL_INDEXES = 5;
const MAX_GLOBAL_INDEXES = 20;

/** The checks every index's key schema and projection get (dynalite's validations/createTable.js). */
function checkIndexKeysAndProjection(index: SecondaryIndexInput, definedNames: string[]): void {
  const keyNames = index.KeySchema.map((k) => k.AttributeName);
  if (keyNames.some((name) => !definedNames.includes(name))) {
    throw validationError(
      `${INVALID}Some index key attributes are not defined in AttributeDefinitions. ` +
        `Keys: [${keyNames.join(', ')}], AttributeDefinitions: [${definedNames.join(', ')}]`,
    );
  }
  const [hash, range] = index.KeySchema;
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

function checkProjection(index: SecondaryIndexInput): void {
  const projectionType = index.Projection.ProjectionType;
  if (projectionType === undefined) throw validationError(`${INVALID}Unknown ProjectionType: null`);
  if (index.Projection.NonKeyAttributes !== undefined && projectionType !== 'INCLUDE') {
    throw validationError(
      `${INVALID}ProjectionType is ${projectionType}, but NonKeyAttributes is specified`,
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
    checkIndexKeysAndProjection(index, definedNames);
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
    checkIndexKeysAndProjection(index, definedNames);
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
}
