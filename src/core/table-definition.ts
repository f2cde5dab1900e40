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

export type TableStatus =
  'CREATING' | 'UPDATING' | 'DELETING' | 'ACTIVE' | 'ARCHIVING' | 'ARCHIVED';
export type BillingMode = 'PROVISIONED' | 'PAY_PER_REQUEST';
export type TableClass = 'STANDARD' | 'STANDARD_INFREQUENT_ACCESS';
export type StreamViewType = 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES' | 'KEYS_ONLY';

export interface AttributeDefinition {
  AttributeName: string;
  AttributeType: ScalarAttributeType;
}

/** Wire-shaped, as DescribeTable returns it; dates are epoch milliseconds here. */
export interface ProvisionedThroughputState {
  ReadCapacityUnits: number;
  WriteCapacityUnits: number;
  NumberOfDecreasesToday: number;
  LastIncreaseDateTime?: number;
  LastDecreaseDateTime?: number;
}

/** SSEDescription as DescribeTable returns it (only present for KMS encryption). */
export interface SseDescription {
  Status: 'ENABLED';
  SSEType: 'KMS';
  KMSMasterKeyArn: string;
}

export interface OnDemandThroughputSetting {
  MaxReadRequestUnits?: number;
  MaxWriteRequestUnits?: number;
}

export interface WarmThroughputSetting {
  ReadUnitsPerSecond?: number;
  WriteUnitsPerSecond?: number;
}

/** The stream settings; records are produced by the change log (a later issue). */
export interface StreamSetting {
  readonly enabled: boolean;
  readonly viewType?: StreamViewType;
  /** The label of the latest stream ever enabled (DynamoDB keeps it after disabling). */
  readonly latestLabel?: string;
  /** Earlier streams, newest first: still listed and readable (DynamoDB keeps them 24 hours). */
  readonly previousStreams?: readonly {
    readonly label: string;
    readonly viewType?: StreamViewType;
  }[];
}

/**
 * Time to Live (UpdateTimeToLive). Absent means DISABLED. ENABLING lasts while existing items are
 * indexed (`backfilledThrough` is the hex storage key of the last one done); DISABLING until the
 * TTL job notices it (src/core/ttl-sweeper.ts).
 */
export interface TtlSetting {
  readonly attributeName: string;
  readonly status: 'ENABLING' | 'ENABLED' | 'DISABLING';
  readonly backfilledThrough?: string;
}

/**
 * Point-in-time recovery (UpdateContinuousBackups). Absent means DISABLED. Only the setting is
 * kept: OpenDDB cannot restore to a point in time yet (docs/compatibility.md).
 */
export interface PointInTimeRecoverySetting {
  /** Epoch milliseconds of the UpdateContinuousBackups that enabled it. */
  readonly enabledTime: number;
  readonly recoveryPeriodInDays: number;
}

export type ProjectionType = 'ALL' | 'KEYS_ONLY' | 'INCLUDE';

export interface IndexProjection {
  readonly type: ProjectionType;
  /** INCLUDE only: the projected non-key attributes, as given. */
  readonly nonKeyAttributes?: readonly string[];
}

export type IndexStatus = 'CREATING' | 'UPDATING' | 'DELETING' | 'ACTIVE';

/** A local or global secondary index, as the catalog keeps it. */
export interface SecondaryIndexDefinition {
  readonly kind: 'local' | 'global';
  readonly indexName: string;
  /** Internal number that prefixes this index's entries (KeyPrefix.indexEntries); never reused. */
  readonly indexNumber: number;
  readonly indexArn: string;
  /**
   * The index key. A GSI may have up to four partition and four sort key attributes (multi-attribute
   * keys, DynamoDB 2025); an LSI has the table's partition key and one sort key.
   */
  readonly partitionKey: readonly KeyAttribute[];
  readonly sortKey: readonly KeyAttribute[];
  readonly projection: IndexProjection;
  readonly status: IndexStatus;
  /** GSI being filled from existing items (UpdateTable Create); DescribeTable's Backfilling. */
  readonly backfilling?: boolean;
  /** GSIs: their own throughput settings; LSIs share the table's. */
  readonly provisionedThroughput?: ProvisionedThroughputState;
  readonly onDemandThroughput?: OnDemandThroughputSetting;
  readonly warmThroughput?: WarmThroughputSetting;
}

export interface Tag {
  Key: string;
  Value: string;
}

export interface TableDefinition {
  readonly tableName: string;
  /** Internal number that prefixes the table's item keys; never reused. */
  readonly tableNumber: number;
  /** DynamoDB's TableId: a UUID. */
  readonly tableId: string;
  readonly tableArn: string;
  readonly keySchema: KeySchema;
  /** Exactly as given in CreateTable (AttributeName, AttributeType), in order. */
  readonly attributeDefinitions: ReadonlyArray<AttributeDefinition>;
  readonly status: TableStatus;
  /** Epoch milliseconds. */
  readonly creationTime: number;
  readonly billingMode: BillingMode;
  /** Wire-shaped settings kept as DescribeTable returns them (0/0 for PAY_PER_REQUEST). */
  readonly provisionedThroughput: ProvisionedThroughputState;
  /** Epoch milliseconds of the last switch to PAY_PER_REQUEST (or creation in that mode). */
  readonly billingModeLastUpdateTime?: number;
  readonly deletionProtectionEnabled: boolean;
  /** Only set once given (CreateTable/UpdateTable): DynamoDB omits TableClassSummary otherwise. */
  readonly tableClass?: TableClass;
  /** Epoch milliseconds of the last UpdateTable that changed the table class. */
  readonly tableClassLastUpdateTime?: number;
  readonly sseDescription?: SseDescription;
  /** -1 means "no maximum", as DynamoDB reports it. */
  readonly onDemandThroughput?: OnDemandThroughputSetting;
  readonly warmThroughput?: WarmThroughputSetting;
  readonly stream?: StreamSetting;
  readonly ttl?: TtlSetting;
  readonly pointInTimeRecovery?: PointInTimeRecoverySetting;
  /** Secondary indexes (LSIs and GSIs) in the order DescribeTable lists them. */
  readonly indexes?: readonly SecondaryIndexDefinition[];
  readonly tags: ReadonlyArray<Tag>;
}
