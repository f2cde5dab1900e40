// UpdateTable's GlobalSecondaryIndexUpdates (Create, Update, Delete) applied to a table definition.

import { DynamoDbError, resourceNotFound, validationError } from '../errors/dynamodb-error.js';
import { indexDraft } from './index-definitions.js';
import {
  checkGlobalIndex,
  checkProjectedAttributeCount,
  MAX_GLOBAL_INDEXES,
  type SecondaryIndexInput,
} from './index-schema-validation.js';
import type {
  AttributeDefinition,
  BillingMode,
  OnDemandThroughputSetting,
  ProvisionedThroughputState,
  SecondaryIndexDefinition,
  TableDefinition,
  WarmThroughputSetting,
} from './table-definition.js';
import {
  checkThroughputBounds,
  INVALID,
  type ProvisionedThroughputInput,
  unchangedThroughputError,
} from './table-settings.js';

export interface GlobalIndexUpdateInput {
  Create?: SecondaryIndexInput;
  Update?: {
    IndexName: string;
    ProvisionedThroughput?: ProvisionedThroughputInput;
    OnDemandThroughput?: OnDemandThroughputSetting;
    WarmThroughput?: WarmThroughputSetting;
  };
  Delete?: { IndexName: string };
}

const ONE_AT_A_TIME =
  'Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table';

function updatedIndexName(update: GlobalIndexUpdateInput): string | undefined {
  return update.Update?.IndexName ?? update.Create?.IndexName ?? update.Delete?.IndexName;
}

/** Checks that need no table, in DynamoDB's order (dynalite's validations/updateTable.js). */
export function checkGlobalIndexUpdates(updates: readonly GlobalIndexUpdateInput[]): void {
  const names = new Set<string>();
  for (const update of updates) {
    const name = updatedIndexName(update);
    if (name === undefined) {
      throw validationError(
        `${INVALID}One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, ` +
          'GlobalSecondaryIndexUpdate.Delete must not be null',
      );
    }
    if (names.has(name)) {
      throw validationError(
        `${INVALID}Only one global secondary index update per index is allowed simultaneously. Index: ${name}`,
      );
    }
    names.add(name);
  }
  // A Create and a Delete count twice even in one update element (as in DynamoDB Local).
  const createsAndDeletes = updates.reduce(
    (count, u) => count + (u.Create === undefined ? 0 : 1) + (u.Delete === undefined ? 0 : 1),
    0,
  );
  if (createsAndDeletes > 1) {
    throw new DynamoDbError('LimitExceededException', ONE_AT_A_TIME);
  }
}

/** What the index updates change in the table definition. */
export interface GlobalIndexChange {
  readonly attributeDefinitions: ReadonlyArray<AttributeDefinition>;
  readonly indexes: readonly SecondaryIndexDefinition[];
}

/** DynamoDB allows one index creation or deletion in progress per table. */
function checkNoIndexInFlight(table: TableDefinition, indexName: string): void {
  const busy = table.indexes?.find((i) => i.status === 'CREATING' || i.status === 'DELETING');
  if (busy === undefined) return;
  if (busy.indexName === indexName) {
    const doing = busy.status === 'CREATING' ? 'created' : 'deleted';
    throw new DynamoDbError(
      'ResourceInUseException',
      `Attempt to change a resource which is still in use: Index is being ${doing}.`,
    );
  }
  throw new DynamoDbError('LimitExceededException', ONE_AT_A_TIME);
}

/** The table's attribute definitions extended by the request's (a new index key may add some). */
function mergedDefinitions(
  table: TableDefinition,
  requested: ReadonlyArray<AttributeDefinition> | undefined,
): AttributeDefinition[] {
  const merged = [...table.attributeDefinitions];
  for (const definition of requested ?? []) {
    const known = merged.find((d) => d.AttributeName === definition.AttributeName);
    if (known === undefined) merged.push({ ...definition });
    else if (known.AttributeType !== definition.AttributeType) {
      throw validationError(
        `${INVALID}Cannot change the type of an existing key attribute: ${definition.AttributeName}`,
      );
    }
  }
  return merged;
}

function createIndex(
  table: TableDefinition,
  create: SecondaryIndexInput,
  requested: ReadonlyArray<AttributeDefinition> | undefined,
  billingMode: BillingMode,
  indexNumber: number,
): GlobalIndexChange {
  if (requested === undefined) throw validationError('No Attribute Schema Defined');
  const payPerRequest = billingMode === 'PAY_PER_REQUEST';
  const definitions = mergedDefinitions(table, requested);
  checkGlobalIndex(
    create,
    definitions.map((d) => d.AttributeName),
    payPerRequest,
  );
  checkNoIndexInFlight(table, create.IndexName);
  const existing = table.indexes ?? [];
  if (existing.some((i) => i.indexName === create.IndexName)) {
    throw validationError(`${INVALID}Index already exists: ${create.IndexName}`);
  }
  if (existing.filter((i) => i.kind === 'global').length >= MAX_GLOBAL_INDEXES) {
    throw validationError(
      `${INVALID}GlobalSecondaryIndex count exceeds the per-table limit of ${MAX_GLOBAL_INDEXES}`,
    );
  }
  checkProjectedAttributeCount([...existing.map(projectionInput), create]);
  const context = { tableArn: table.tableArn, attributeDefinitions: definitions, payPerRequest };
  const created = { ...indexDraft(create, 'global', context, 'CREATING'), indexNumber };
  return { attributeDefinitions: definitions, indexes: [...existing, created] };
}

function projectionInput(index: SecondaryIndexDefinition): SecondaryIndexInput {
  return {
    IndexName: index.indexName,
    KeySchema: [],
    Projection: {
      ProjectionType: index.projection.type,
      ...(index.projection.nonKeyAttributes === undefined
        ? {}
        : { NonKeyAttributes: [...index.projection.nonKeyAttributes] }),
    },
  };
}

function requireGlobalIndex(table: TableDefinition, indexName: string): SecondaryIndexDefinition {
  const index = table.indexes?.find((i) => i.kind === 'global' && i.indexName === indexName);
  if (index === undefined) throw resourceNotFound();
  return index;
}

function deleteIndex(table: TableDefinition, indexName: string): GlobalIndexChange {
  requireGlobalIndex(table, indexName);
  checkNoIndexInFlight(table, indexName);
  const indexes = (table.indexes ?? []).map((i): SecondaryIndexDefinition => {
    if (i.indexName !== indexName) return i;
    const { backfilling: _done, ...rest } = i;
    return { ...rest, status: 'DELETING' };
  });
  return { attributeDefinitions: table.attributeDefinitions, indexes };
}

function updateIndex(
  table: TableDefinition,
  update: NonNullable<GlobalIndexUpdateInput['Update']>,
  billingMode: BillingMode,
  changedThroughput: ThroughputChanger,
): GlobalIndexChange {
  const index = requireGlobalIndex(table, update.IndexName);
  const requested = update.ProvisionedThroughput;
  if (requested !== undefined && billingMode === 'PAY_PER_REQUEST') {
    throw validationError(
      `${INVALID}ProvisionedThroughput should not be specified for index: ${index.indexName} when BillingMode is PAY_PER_REQUEST`,
    );
  }
  if (requested !== undefined) checkThroughputBounds(requested);
  const current = index.provisionedThroughput;
  if (
    requested !== undefined &&
    current !== undefined &&
    requested.ReadCapacityUnits === current.ReadCapacityUnits &&
    requested.WriteCapacityUnits === current.WriteCapacityUnits
  ) {
    throw unchangedThroughputError(`index ${index.indexName}`, current, requested);
  }
  const updated: SecondaryIndexDefinition = {
    ...index,
    ...(requested === undefined || index.provisionedThroughput === undefined
      ? {}
      : { provisionedThroughput: changedThroughput(index.provisionedThroughput, requested) }),
    ...(update.OnDemandThroughput === undefined
      ? {}
      : { onDemandThroughput: { ...index.onDemandThroughput, ...update.OnDemandThroughput } }),
    ...(update.WarmThroughput === undefined
      ? {}
      : { warmThroughput: { ...index.warmThroughput, ...update.WarmThroughput } }),
  };
  const indexes = (table.indexes ?? []).map((i) => (i === index ? updated : i));
  return { attributeDefinitions: table.attributeDefinitions, indexes };
}

export type ThroughputChanger = (
  current: ProvisionedThroughputState,
  requested: ProvisionedThroughputInput,
) => ProvisionedThroughputState;

/**
 * Applies the request's index updates (checked by `checkGlobalIndexUpdates`) to `table`;
 * `newIndexNumber` numbers the index a Create adds.
 */
export function applyGlobalIndexUpdates(
  table: TableDefinition,
  request: {
    GlobalSecondaryIndexUpdates?: readonly GlobalIndexUpdateInput[];
    AttributeDefinitions?: ReadonlyArray<AttributeDefinition>;
  },
  billingMode: BillingMode,
  changedThroughput: ThroughputChanger,
  newIndexNumber: number,
): TableDefinition {
  let current: TableDefinition = table;
  for (const update of request.GlobalSecondaryIndexUpdates ?? []) {
    const change =
      update.Create !== undefined
        ? createIndex(
            current,
            update.Create,
            request.AttributeDefinitions,
            billingMode,
            newIndexNumber,
          )
        : update.Delete !== undefined
          ? deleteIndex(current, update.Delete.IndexName)
          : updateIndex(current, update.Update!, billingMode, changedThroughput);
    current = { ...current, ...change };
  }
  return current;
}
