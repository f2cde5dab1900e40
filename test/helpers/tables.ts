// Table set-up shared by the API tests: a PAY_PER_REQUEST table with a given key, and bulk loads.

import {
  BatchWriteItemCommand,
  CreateTableCommand,
  waitUntilTableExists,
  type AttributeValue,
  type DynamoDBClient,
  type ScalarAttributeType,
} from '@aws-sdk/client-dynamodb';

export type KeyAttribute = [name: string, type: ScalarAttributeType];

/** A global secondary index projecting ALL attributes, keyed by `partition` (and `sort`). */
export interface GlobalIndex {
  readonly name: string;
  readonly partition: KeyAttribute;
  readonly sort?: KeyAttribute;
}

/**
 * Creates an on-demand table keyed by `partition` (and `sort`), with `globalIndexes` if given,
 * and waits until it is ACTIVE.
 */
export async function createKeyedTable(
  client: DynamoDBClient,
  name: string,
  partition: KeyAttribute,
  sort?: KeyAttribute,
  globalIndexes: readonly GlobalIndex[] = [],
): Promise<void> {
  const attributes = new Map<string, ScalarAttributeType>();
  const keySchema = (hash: KeyAttribute, range: KeyAttribute | undefined) =>
    (range === undefined ? [hash] : [hash, range]).map(([AttributeName, type], i) => {
      attributes.set(AttributeName, type);
      return { AttributeName, KeyType: i === 0 ? ('HASH' as const) : ('RANGE' as const) };
    });
  const KeySchema = keySchema(partition, sort);
  const GlobalSecondaryIndexes = globalIndexes.map((index) => ({
    IndexName: index.name,
    KeySchema: keySchema(index.partition, index.sort),
    Projection: { ProjectionType: 'ALL' as const },
  }));
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema,
      AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
        AttributeName,
        AttributeType,
      })),
      ...(GlobalSecondaryIndexes.length > 0 ? { GlobalSecondaryIndexes } : {}),
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: name });
}

/** Writes `items` with BatchWriteItem, `batchSize` (at most 25) per request. */
export async function putAll(
  client: DynamoDBClient,
  table: string,
  items: readonly Record<string, AttributeValue>[],
  batchSize = 25,
): Promise<void> {
  for (let i = 0; i < items.length; i += batchSize) {
    const requests = items.slice(i, i + batchSize).map((Item) => ({ PutRequest: { Item } }));
    await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
  }
}
