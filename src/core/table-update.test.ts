import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../config/server-config.js';
import { DynamoDbError } from '../errors/dynamodb-error.js';
import type { TableDefinition } from './table-definition.js';
import { applyUpdate } from './table-update.js';

const DAY_MS = 86_400_000;
const T0 = 1_700_000_000_000;

const table: TableDefinition = {
  tableName: 't',
  tableNumber: 1,
  tableId: '00000000-0000-4000-8000-000000000000',
  tableArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/t',
  keySchema: { partitionKey: { name: 'a', type: 'S' } },
  attributeDefinitions: [{ AttributeName: 'a', AttributeType: 'S' }],
  status: 'ACTIVE',
  creationTime: T0,
  billingMode: 'PROVISIONED',
  provisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5, NumberOfDecreasesToday: 0 },
  deletionProtectionEnabled: false,
  tags: [],
};

const update = (t: TableDefinition, request: object, nowMs = T0) =>
  applyUpdate(t, { TableName: 't', ...request }, DEFAULT_CONFIG, nowMs);

function rejectsWith(fn: () => unknown, pattern: RegExp): void {
  assert.throws(
    fn,
    (error: unknown) => error instanceof DynamoDbError && pattern.test(error.message),
  );
}

test('an increase is stored at once and shown as still in progress', () => {
  const result = update(table, {
    ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 5 },
  });
  assert.equal(result.updated.provisionedThroughput.ReadCapacityUnits, 10);
  assert.equal(result.updated.provisionedThroughput.LastIncreaseDateTime, T0);
  assert.equal(result.shown.provisionedThroughput.ReadCapacityUnits, 5);
  assert.equal(result.transitioning, true);
});

test('decreases count per UTC day', () => {
  const once = update(table, {
    ProvisionedThroughput: { ReadCapacityUnits: 4, WriteCapacityUnits: 5 },
  }).updated;
  assert.equal(once.provisionedThroughput.NumberOfDecreasesToday, 1);
  const twice = update(once, {
    ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 5 },
  }).updated;
  assert.equal(twice.provisionedThroughput.NumberOfDecreasesToday, 2);
  const nextDay = update(
    twice,
    { ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 5 } },
    T0 + DAY_MS,
  );
  assert.equal(nextDay.updated.provisionedThroughput.NumberOfDecreasesToday, 1);
});

test('same throughput is refused; on-demand refuses throughput', () => {
  rejectsWith(
    () => update(table, { ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } }),
    /^The provisioned throughput for the table will not change/,
  );
  rejectsWith(
    () =>
      update(table, {
        BillingMode: 'PAY_PER_REQUEST',
        ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
      }),
    /Neither ReadCapacityUnits nor WriteCapacityUnits/,
  );
});

test('switching to on-demand zeroes capacity and records the time', () => {
  const { updated } = update(table, { BillingMode: 'PAY_PER_REQUEST' }, T0 + 5);
  assert.equal(updated.billingMode, 'PAY_PER_REQUEST');
  assert.equal(updated.billingModeLastUpdateTime, T0 + 5);
  assert.equal(updated.provisionedThroughput.ReadCapacityUnits, 0);
});

test('settings without a transition answer ACTIVE; SSE can be turned off', () => {
  const protectedTable = update(table, { DeletionProtectionEnabled: true });
  assert.equal(protectedTable.updated.deletionProtectionEnabled, true);
  assert.equal(protectedTable.transitioning, false);
  const encrypted = update(table, { SSESpecification: { Enabled: true } }).updated;
  assert.equal(encrypted.sseDescription?.SSEType, 'KMS');
  assert.equal(
    update(encrypted, { SSESpecification: { Enabled: false } }).updated.sseDescription,
    undefined,
  );
});

test('streams: enable once, disable once, label kept', () => {
  const enabled = update(table, {
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
  }).updated;
  assert.equal(enabled.stream?.latestLabel, new Date(T0).toISOString().slice(0, -1));
  rejectsWith(
    () =>
      update(enabled, {
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
      }),
    /already has an enabled stream/,
  );
  const disabled = update(enabled, { StreamSpecification: { StreamEnabled: false } }).updated;
  // The view type stays, so DescribeStream can still describe the disabled stream.
  assert.deepEqual(disabled.stream, {
    enabled: false,
    viewType: 'KEYS_ONLY',
    latestLabel: enabled.stream?.latestLabel,
  });
  rejectsWith(
    () => update(disabled, { StreamSpecification: { StreamEnabled: false } }),
    /no stream to disable/,
  );
});

test('a stream enabled again within the same millisecond gets a label of its own', () => {
  const spec = { StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } };
  const first = update(table, spec).updated;
  const disabled = update(first, { StreamSpecification: { StreamEnabled: false } }).updated;
  const second = update(disabled, spec).updated;
  const label = (ms: number) => new Date(ms).toISOString().slice(0, -1);
  assert.equal(first.stream?.latestLabel, label(T0));
  assert.equal(second.stream?.latestLabel, label(T0 + 1));
  assert.deepEqual(
    second.stream?.previousStreams?.map((previous) => previous.label),
    [label(T0)],
  );
});
