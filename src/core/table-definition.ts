// What the catalog keeps about a table: its schema and settings, as stored and described.

import type { ScalarAttributeType } from '../model/attribute-value.js';

export interface KeyAttribute {
  readonly name: string;
  readonly type: ScalarAttributeType;
}

/** A table's (or, later, an index's) primary key. */
export interface KeySchema {
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
}

export type TableStatus = 'CREATING' | 'UPDATING' | 'DELETING' | 'ACTIVE' | 'ARCHIVING' | 'ARCHIVED';
export type BillingMode = 'PROVISIONED' | 'PAY_PER_REQUEST';

export interface TableDefinition {
  readonly tableName: string;
  /** Internal number that prefixes the table's item keys; never reused. */
  readonly tableNumber: number;
  /** DynamoDB's TableId: a UUID. */
  readonly tableId: string;
  readonly tableArn: string;
  readonly keySchema: KeySchema;
  /** Exactly as given in CreateTable (AttributeName, AttributeType), in order. */
  readonly attributeDefinitions: ReadonlyArray<{ AttributeName: string; AttributeType: ScalarAttributeType }>;
  readonly status: TableStatus;
  /** Epoch milliseconds. */
  readonly creationTime: number;
  readonly billingMode: BillingMode;
  /** Wire-shaped settings kept as DescribeTable returns them. */
  readonly provisionedThroughput: {
    ReadCapacityUnits: number;
    WriteCapacityUnits: number;
    NumberOfDecreasesToday: number;
    LastIncreaseDateTime?: number;
    LastDecreaseDateTime?: number;
  };
  readonly billingModeLastUpdateTime?: number;
  readonly deletionProtectionEnabled: boolean;
  readonly tableClass?: 'STANDARD' | 'STANDARD_INFREQUENT_ACCESS';
  readonly sseDescription?: Record<string, unknown>;
  readonly onDemandThroughput?: { MaxReadRequestUnits?: number; MaxWriteRequestUnits?: number };
  readonly warmThroughput?: { ReadUnitsPerSecond?: number; WriteUnitsPerSecond?: number };
  readonly tags: ReadonlyArray<{ Key: string; Value: string }>;
}
