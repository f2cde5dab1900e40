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

/** Creates an on-demand table keyed by `partition` (and `sort`), and waits until it is ACTIVE. */
export async function createKeyedTable(
  client: DynamoDBClient,
  name: string,
  partition: KeyAttribute,
  sort?: KeyAttribute,
): Promise<void> {
  const keys = sort === undefined ? [partition] : [partition, sort];
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: keys.map(([AttributeName], i) => ({
        AttributeName,
        KeyType: i === 0 ? 'HASH' : 'RANGE',
      })),
      AttributeDefinitions: keys.map(([AttributeName, AttributeType]) => ({
        AttributeName,
        AttributeType,
      })),
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
