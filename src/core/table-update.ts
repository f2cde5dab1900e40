// UpdateTable's pure part: an UpdateTable request applied to a table definition, with DynamoDB's rules.

import type { ServerConfig } from '../config/server-config.js';
import { validationError } from '../errors/dynamodb-error.js';
import { applyGlobalIndexUpdates, type GlobalIndexUpdateInput } from './global-index-updates.js';
import type {
  AttributeDefinition,
  BillingMode,
  OnDemandThroughputSetting,
  ProvisionedThroughputState,
  StreamSetting,
  TableClass,
  TableDefinition,
  WarmThroughputSetting,
} from './table-definition.js';
import {
  enabledStream,
  payPerRequestWithThroughputError,
  sseDescription,
  type ProvisionedThroughputInput,
  type SseSpecificationInput,
  type StreamSpecificationInput,
  unchangedThroughputError,
} from './table-settings.js';

/** The request after shape validation. */
export interface UpdateTableRequest {
  TableName: string;
  BillingMode?: BillingMode;
  ProvisionedThroughput?: ProvisionedThroughputInput;
  AttributeDefinitions?: AttributeDefinition[];
  GlobalSecondaryIndexUpdates?: GlobalIndexUpdateInput[];
  StreamSpecification?: StreamSpecificationInput;
  SSESpecification?: SseSpecificationInput;
  ReplicaUpdates?: unknown[];
  TableClass?: TableClass;
  DeletionProtectionEnabled?: boolean;
  OnDemandThroughput?: OnDemandThroughputSetting;
  WarmThroughput?: WarmThroughputSetting;
  MultiRegionConsistency?: string;
  GlobalTableWitnessUpdates?: unknown[];
}

export interface TableUpdate {
  /** The definition to store (already ACTIVE: changes apply at once). */
  readonly updated: TableDefinition;
  /** What the UpdateTable answer shows (old capacity while a throughput change is "in progress"). */
  readonly shown: TableDefinition;
  /** True when DynamoDB would answer UPDATING. */
  readonly transitioning: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function sameUtcDay(aMs: number, bMs: number): boolean {
  return Math.floor(aMs / DAY_MS) === Math.floor(bMs / DAY_MS);
}

/** New provisioned throughput state, with DynamoDB's increase/decrease bookkeeping. */
export function changedThroughput(
  current: ProvisionedThroughputState,
  requested: ProvisionedThroughputInput,
  nowMs: number,
): ProvisionedThroughputState {
  const read = requested.ReadCapacityUnits ?? current.ReadCapacityUnits;
  const write = requested.WriteCapacityUnits ?? current.WriteCapacityUnits;
  const next: ProvisionedThroughputState = {
    ...current,
    ReadCapacityUnits: read,
    WriteCapacityUnits: write,
  };
  if (read > current.ReadCapacityUnits || write > current.WriteCapacityUnits) {
    next.LastIncreaseDateTime = nowMs;
  }
  if (read < current.ReadCapacityUnits || write < current.WriteCapacityUnits) {
    const decreasesToday =
      current.LastDecreaseDateTime !== undefined && sameUtcDay(current.LastDecreaseDateTime, nowMs)
        ? current.NumberOfDecreasesToday
        : 0;
    next.LastDecreaseDateTime = nowMs;
    next.NumberOfDecreasesToday = decreasesToday + 1;
  }
  return next;
}

interface BillingChange {
  readonly fields: Partial<TableDefinition>;
  /** Fields the answer shows instead (the old capacity while the change is in progress). */
  readonly shownFields: Partial<TableDefinition>;
  readonly changed: boolean;
}

function billingChange(
  table: TableDefinition,
  request: UpdateTableRequest,
  nowMs: number,
): BillingChange {
  const target = request.BillingMode ?? table.billingMode;
  const requested = request.ProvisionedThroughput;
  if (target === 'PAY_PER_REQUEST') {
    if (requested !== undefined) throw payPerRequestWithThroughputError();
    if (table.billingMode === 'PAY_PER_REQUEST')
      return { fields: {}, shownFields: {}, changed: false };
    const provisionedThroughput = {
      ...table.provisionedThroughput,
      ReadCapacityUnits: 0,
      WriteCapacityUnits: 0,
    };
    const fields = { billingMode: target, billingModeLastUpdateTime: nowMs, provisionedThroughput };
    return { fields, shownFields: fields, changed: true };
  }
  if (requested === undefined) return { fields: {}, shownFields: {}, changed: false };
  const current = table.provisionedThroughput;
  const provisionedThroughput = changedThroughput(current, requested, nowMs);
  if (table.billingMode === 'PAY_PER_REQUEST') {
    const fields = { billingMode: target, provisionedThroughput };
    return { fields, shownFields: fields, changed: true };
  }
  if (
    provisionedThroughput.ReadCapacityUnits === current.ReadCapacityUnits &&
    provisionedThroughput.WriteCapacityUnits === current.WriteCapacityUnits
  ) {
    throw unchangedThroughputError('table', current, requested);
  }
  const shownThroughput = {
    ...provisionedThroughput,
    ReadCapacityUnits: current.ReadCapacityUnits,
    WriteCapacityUnits: current.WriteCapacityUnits,
    NumberOfDecreasesToday: current.NumberOfDecreasesToday,
  };
  return {
    fields: { provisionedThroughput },
    shownFields: { provisionedThroughput: shownThroughput },
    changed: true,
  };
}

function streamChange(
  table: TableDefinition,
  spec: StreamSpecificationInput | undefined,
  nowMs: number,
): StreamSetting | undefined {
  if (spec === undefined) return table.stream;
  const enabled = table.stream?.enabled === true;
  if (spec.StreamEnabled === true) {
    if (enabled) throw validationError('Table already has an enabled stream');
    // A stream is named by its label (the enabling time, in milliseconds): a stream enabled again
    // within the same millisecond still gets a label, and so an ARN, of its own.
    const previousLabel = table.stream?.latestLabel;
    const labelMs =
      previousLabel === undefined ? nowMs : Math.max(nowMs, Date.parse(`${previousLabel}Z`) + 1);
    return { ...enabledStream(spec, labelMs), ...earlierStreams(table.stream) };
  }
  if (!enabled) throw validationError('Table has no stream to disable');
  // The view type stays: the disabled stream is still described (DescribeStream) until trimmed.
  const { enabled: _enabled, ...kept } = table.stream ?? {};
  return { enabled: false, ...kept };
}

/** When a stream is enabled again, the previous one is kept for ListStreams (at most five). */
function earlierStreams(old: StreamSetting | undefined): Pick<StreamSetting, 'previousStreams'> {
  if (old?.latestLabel === undefined) return {};
  const previous = { label: old.latestLabel, ...(old.viewType ? { viewType: old.viewType } : {}) };
  return { previousStreams: [previous, ...(old.previousStreams ?? [])].slice(0, 5) };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * GSIs follow the table's billing mode: switching to on-demand zeroes their throughput; switching
 * to provisioned needs throughput for each (dynalite's actions/updateTable.js records the message).
 */
function indexesForBilling(
  table: TableDefinition,
  request: UpdateTableRequest,
): TableDefinition['indexes'] {
  const target = request.BillingMode ?? table.billingMode;
  if (target === table.billingMode || table.indexes === undefined) return table.indexes;
  const globals = table.indexes.filter((i) => i.kind === 'global');
  if (target === 'PROVISIONED') {
    const given = new Set(
      (request.GlobalSecondaryIndexUpdates ?? []).flatMap((u) =>
        u.Update?.ProvisionedThroughput === undefined ? [] : [u.Update.IndexName],
      ),
    );
    const missing = globals.filter((i) => !given.has(i.indexName)).map((i) => i.indexName);
    if (missing.length > 0) {
      throw validationError(
        `One or more parameter values were invalid: ProvisionedThroughput must be specified for index: ${missing.join(',')}`,
      );
    }
    return table.indexes;
  }
  return table.indexes.map((i) =>
    i.provisionedThroughput === undefined
      ? i
      : {
          ...i,
          provisionedThroughput: {
            ...i.provisionedThroughput,
            ReadCapacityUnits: 0,
            WriteCapacityUnits: 0,
          },
        },
  );
}

/** Applies the index updates; `newIndexNumber` numbers the index a Create adds. */
function withIndexUpdates(
  table: TableDefinition,
  request: UpdateTableRequest,
  nowMs: number,
  newIndexNumber: number,
): TableDefinition {
  const indexes = indexesForBilling(table, request);
  const billingMode = request.BillingMode ?? table.billingMode;
  const adjusted: TableDefinition = indexes === undefined ? table : { ...table, indexes };
  return applyGlobalIndexUpdates(
    adjusted,
    request,
    billingMode,
    (current, requested) => changedThroughput(current, requested, nowMs),
    newIndexNumber,
  );
}

/** Applies `request` to `table`; throws DynamoDB's ValidationException for a disallowed change. */
export function applyUpdate(
  table: TableDefinition,
  request: UpdateTableRequest,
  config: ServerConfig,
  nowMs: number,
  newIndexNumber = 0,
): TableUpdate {
  const billing = billingChange(table, request, nowMs);
  const stream = streamChange(table, request.StreamSpecification, nowMs);
  const settings: Partial<TableDefinition> = withoutUndefined({
    stream,
    deletionProtectionEnabled: request.DeletionProtectionEnabled,
    ...(request.TableClass === undefined
      ? {}
      : { tableClass: request.TableClass, tableClassLastUpdateTime: nowMs }),
    onDemandThroughput:
      request.OnDemandThroughput === undefined
        ? undefined
        : { ...table.onDemandThroughput, ...request.OnDemandThroughput },
    warmThroughput:
      request.WarmThroughput === undefined
        ? undefined
        : { ...table.warmThroughput, ...request.WarmThroughput },
  });
  const indexed = withIndexUpdates(table, request, nowMs, newIndexNumber);
  let updated: TableDefinition = { ...indexed, ...billing.fields, ...settings, status: 'ACTIVE' };
  if (request.SSESpecification !== undefined) {
    const { sseDescription: _previous, ...rest } = updated;
    const sse = sseDescription(request.SSESpecification, config);
    updated = sse === undefined ? rest : { ...rest, sseDescription: sse };
  }
  const transitioning =
    billing.changed ||
    request.StreamSpecification !== undefined ||
    request.SSESpecification !== undefined ||
    request.TableClass !== undefined ||
    request.WarmThroughput !== undefined ||
    (request.GlobalSecondaryIndexUpdates ?? []).length > 0;
  return { updated, shown: { ...updated, ...billing.shownFields }, transitioning };
}
