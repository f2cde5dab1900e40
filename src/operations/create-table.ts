// CreateTable: semantic checks in DynamoDB's order, then one transaction that adds the catalog entry.

import { randomUUID } from 'node:crypto';
import type { ServerConfig } from '../config/server-config.js';
import { tableArn, tableNameFromArnOrName } from '../core/arn.js';
import { getTable, putTable } from '../core/catalog.js';
import type {
  AttributeDefinition,
  BillingMode,
  OnDemandThroughputSetting,
  TableClass,
  TableDefinition,
  Tag,
  WarmThroughputSetting,
} from '../core/table-definition.js';
import {
  createTableIndexDrafts,
  numberIndexes,
  type IndexDraft,
} from '../core/index-definitions.js';
import { tableDescription } from '../core/table-description.js';
import {
  checkSecondaryIndexes,
  type SecondaryIndexInput,
} from '../core/index-schema-validation.js';
import {
  checkAttributeNameBytes,
  checkKeySchema,
  checkKeySchemaElements,
  checkNoUnusedDefinitions,
  checkUniqueDefinitions,
  type KeySchemaElementInput,
} from '../core/table-schema-validation.js';
import {
  checkStreamSpecification,
  checkThroughputBounds,
  enabledStream,
  INVALID,
  payPerRequestWithThroughputError,
  sseDescription,
  type ProvisionedThroughputInput,
  type SseSpecificationInput,
  type StreamSpecificationInput,
} from '../core/table-settings.js';
import { checkNewTags, MAX_TAGS_PER_RESOURCE } from '../core/table-tags.js';
import { DynamoDbError, validationError } from '../errors/dynamodb-error.js';
import { nextSequenceValue } from '../storage/sequence.js';
import type { Operation } from './operation.js';

/** The request after shape validation (types, required members, enums and lengths hold). */
interface CreateTableRequest {
  TableName: string;
  AttributeDefinitions: AttributeDefinition[];
  KeySchema: KeySchemaElementInput[];
  BillingMode?: BillingMode;
  ProvisionedThroughput?: ProvisionedThroughputInput;
  LocalSecondaryIndexes?: SecondaryIndexInput[];
  GlobalSecondaryIndexes?: SecondaryIndexInput[];
  StreamSpecification?: StreamSpecificationInput;
  SSESpecification?: SseSpecificationInput;
  Tags?: Tag[];
  TableClass?: TableClass;
  DeletionProtectionEnabled?: boolean;
  OnDemandThroughput?: OnDemandThroughputSetting;
  WarmThroughput?: WarmThroughputSetting;
}

/** Billing checks come first in DynamoDB (dynalite's validations/createTable.js). */
function checkBilling(request: CreateTableRequest): void {
  const throughput = request.ProvisionedThroughput;
  if (request.BillingMode === 'PAY_PER_REQUEST') {
    if (throughput !== undefined) throw payPerRequestWithThroughputError();
    return;
  }
  if (throughput?.ReadCapacityUnits === undefined || throughput.WriteCapacityUnits === undefined) {
    throw validationError(
      INVALID +
        'ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED',
    );
  }
  checkThroughputBounds(throughput);
}

function checkIndexes(request: CreateTableRequest): void {
  if (request.LocalSecondaryIndexes === undefined && request.GlobalSecondaryIndexes === undefined) {
    checkNoUnusedDefinitions(request.KeySchema, request.AttributeDefinitions);
    return;
  }
  checkSecondaryIndexes(request);
}

function checkRequest(request: CreateTableRequest): void {
  checkKeySchemaElements(request.KeySchema);
  checkAttributeNameBytes(request.AttributeDefinitions.map((d) => d.AttributeName));
  checkBilling(request);
  checkUniqueDefinitions(request.AttributeDefinitions);
  checkKeySchema(request.KeySchema, request.AttributeDefinitions);
  checkIndexes(request);
  if (request.StreamSpecification !== undefined)
    checkStreamSpecification(request.StreamSpecification);
  const tags = request.Tags ?? [];
  checkNewTags(tags);
  if (tags.length > MAX_TAGS_PER_RESOURCE) {
    throw validationError(
      `${INVALID}The number of tags exceeds the limit of ${MAX_TAGS_PER_RESOURCE}`,
    );
  }
}

/** The definition to store, apart from the table number the transaction assigns. */
function newDefinition(
  request: CreateTableRequest,
  tableName: string,
  config: ServerConfig,
  nowMs: number,
): Omit<TableDefinition, 'tableNumber'> {
  const payPerRequest = request.BillingMode === 'PAY_PER_REQUEST';
  const throughput = request.ProvisionedThroughput;
  const stream = request.StreamSpecification;
  return {
    tableName,
    tableId: randomUUID(),
    tableArn: tableArn(config, tableName),
    keySchema: checkKeySchema(request.KeySchema, request.AttributeDefinitions),
    attributeDefinitions: request.AttributeDefinitions.map((d) => ({
      AttributeName: d.AttributeName,
      AttributeType: d.AttributeType,
    })),
    // DynamoDB answers CREATING, then the table turns ACTIVE; ours is ready at once.
    status: 'ACTIVE',
    creationTime: nowMs,
    billingMode: payPerRequest ? 'PAY_PER_REQUEST' : 'PROVISIONED',
    provisionedThroughput: {
      ReadCapacityUnits: payPerRequest ? 0 : throughput!.ReadCapacityUnits!,
      WriteCapacityUnits: payPerRequest ? 0 : throughput!.WriteCapacityUnits!,
      NumberOfDecreasesToday: 0,
    },
    ...(payPerRequest ? { billingModeLastUpdateTime: nowMs } : {}),
    deletionProtectionEnabled: request.DeletionProtectionEnabled ?? false,
    ...(request.TableClass === undefined ? {} : { tableClass: request.TableClass }),
    ...optional('sseDescription', sseDescription(request.SSESpecification, config)),
    ...optional('onDemandThroughput', request.OnDemandThroughput),
    ...optional('warmThroughput', request.WarmThroughput),
    ...(stream?.StreamEnabled === true ? { stream: enabledStream(stream, nowMs) } : {}),
    tags: (request.Tags ?? []).map((tag) => ({ Key: tag.Key, Value: tag.Value })),
  };
}

function indexDrafts(
  request: CreateTableRequest,
  definition: Omit<TableDefinition, 'tableNumber'>,
): IndexDraft[] {
  return createTableIndexDrafts(request, {
    tableArn: definition.tableArn,
    attributeDefinitions: definition.attributeDefinitions,
    payPerRequest: definition.billingMode === 'PAY_PER_REQUEST',
  });
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

export const createTable: Operation = {
  name: 'CreateTable',
  async execute(body, context) {
    const request = body as unknown as CreateTableRequest;
    checkRequest(request);
    const tableName = tableNameFromArnOrName(request.TableName, context.config);
    if (tableName === undefined) throw validationError(`Invalid TableName: ${request.TableName}`);
    const definition = newDefinition(request, tableName, context.config, context.now());
    const table = await context.store.write(async (tx) => {
      if ((await getTable(tx, tableName)) !== undefined) {
        throw new DynamoDbError('ResourceInUseException', `Table already exists: ${tableName}`);
      }
      const tableNumber = Number(await nextSequenceValue(tx, 'table-number'));
      const indexes = await numberIndexes(tx, indexDrafts(request, definition));
      const created: TableDefinition = {
        ...definition,
        tableNumber,
        ...(indexes.length === 0 ? {} : { indexes }),
      };
      putTable(tx, created);
      return created;
    });
    // The CreateTable answer shows the table as DynamoDB does while it is being created.
    const shown: TableDefinition = { ...table, billingModeLastUpdateTime: undefined };
    return {
      TableDescription: tableDescription(shown, context.config, { status: 'CREATING' }),
    };
  },
};
