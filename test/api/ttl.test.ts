// Time to Live: UpdateTimeToLive / DescribeTimeToLive states and validation, and the sweeper that
// deletes expired items (driven by an injected clock and drainBackgroundJobs, never by waiting).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
  UpdateTimeToLiveCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { startServer, type RunningServer } from '../../src/index.js';
import {
  dynamoDbLocalDeviates,
  startTarget,
  TEST_CREDENTIALS,
  TEST_REGION,
  type TestTarget,
  uniqueTableName,
} from '../helpers/server.js';

const INJECTED_CLOCK = dynamoDbLocalDeviates(
  'its clock cannot be injected, so sweeps are untestable',
);

async function createTable(client: DynamoDBClient, stream = false): Promise<string> {
  const TableName = uniqueTableName('ttl');
  await client.send(
    new CreateTableCommand({
      TableName,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      ...(stream
        ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }
        : {}),
    }),
  );
  return TableName;
}

async function ttlStatus(client: DynamoDBClient, TableName: string) {
  const answer = await client.send(new DescribeTimeToLiveCommand({ TableName }));
  return answer.TimeToLiveDescription;
}

/** Polls (bounded) until the TTL change has finished: ENABLING/DISABLING are transient. */
async function settled(client: DynamoDBClient, TableName: string, status: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if ((await ttlStatus(client, TableName))?.TimeToLiveStatus === status) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`TTL of ${TableName} never became ${status}`);
}

function setTtl(
  client: DynamoDBClient,
  TableName: string,
  Enabled: boolean,
  AttributeName: string,
) {
  return client.send(
    new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { Enabled, AttributeName } }),
  );
}

async function rejects(promise: Promise<unknown>, name: string, message?: string): Promise<void> {
  await assert.rejects(promise, (error: Error) => {
    assert.equal(error.name, name);
    if (message !== undefined) assert.equal(error.message, message);
    return true;
  });
}

describe('UpdateTimeToLive and DescribeTimeToLive', () => {
  let target: TestTarget;
  before(async () => {
    target = await startTarget();
  });
  after(async () => {
    await target.close();
  });

  test('a table never configured is DISABLED without an attribute name', async () => {
    const table = await createTable(target.client);
    assert.deepEqual(await ttlStatus(target.client, table), { TimeToLiveStatus: 'DISABLED' });
  });

  test('a missing table is ResourceNotFoundException for both operations', async () => {
    const TableName = uniqueTableName('ttl-missing');
    await rejects(
      target.client.send(new DescribeTimeToLiveCommand({ TableName })),
      'ResourceNotFoundException',
    );
    await rejects(setTtl(target.client, TableName, true, 'exp'), 'ResourceNotFoundException');
  });

  test(
    'a constraint violation is reported before the table is looked up',
    dynamoDbLocalDeviates('it looks the table up first, and words the violation its own way'),
    async () => {
      const TableName = uniqueTableName('ttl-missing');
      await rejects(
        setTtl(target.client, TableName, false, ''),
        'ValidationException',
        "1 validation error detected: Value '' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
    },
  );

  test('both operations accept the table ARN for its name', async () => {
    const table = await createTable(target.client);
    const described = await target.client.send(new DescribeTableCommand({ TableName: table }));
    const arn = described.Table!.TableArn!;
    await setTtl(target.client, arn, true, 'exp');
    assert.equal((await ttlStatus(target.client, arn))?.AttributeName, 'exp');
  });

  test('enable, then the state rules of DynamoDB, then disable', async () => {
    const { client } = target;
    const table = await createTable(client);
    await rejects(
      setTtl(client, table, false, 'exp'),
      'ValidationException',
      'TimeToLive is already disabled',
    );
    const enabled = await setTtl(client, table, true, 'exp');
    assert.deepEqual(enabled.TimeToLiveSpecification, { Enabled: true, AttributeName: 'exp' });
    await settled(client, table, 'ENABLED');
    assert.deepEqual(await ttlStatus(client, table), {
      TimeToLiveStatus: 'ENABLED',
      AttributeName: 'exp',
    });
    await rejects(
      setTtl(client, table, true, 'exp'),
      'ValidationException',
      'TimeToLive is already enabled',
    );
    const different = 'TimeToLive is active on a different AttributeName';
    await rejects(setTtl(client, table, true, 'other'), 'ValidationException', different);
    await rejects(setTtl(client, table, false, 'other'), 'ValidationException', different);
    const disabled = await setTtl(client, table, false, 'exp');
    assert.deepEqual(disabled.TimeToLiveSpecification, { Enabled: false, AttributeName: 'exp' });
    await settled(client, table, 'DISABLED');
    assert.deepEqual(await ttlStatus(client, table), { TimeToLiveStatus: 'DISABLED' });
    await rejects(
      setTtl(client, table, false, 'exp'),
      'ValidationException',
      'TimeToLive is already disabled',
    );
    await setTtl(client, table, true, 'exp2');
    await settled(client, table, 'ENABLED');
    assert.equal((await ttlStatus(client, table))?.AttributeName, 'exp2');
  });

  test(
    'an attribute name outside 1..255 characters fails the constraint check',
    dynamoDbLocalDeviates('it answers with its own sentence, not the framework constraint message'),
    async () => {
      const table = await createTable(target.client);
      await rejects(
        setTtl(target.client, table, true, ''),
        'ValidationException',
        "1 validation error detected: Value '' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
      await rejects(setTtl(target.client, table, true, 'x'.repeat(256)), 'ValidationException');
    },
  );

  test('an attribute name of more than 255 UTF-8 bytes is refused', async () => {
    const table = await createTable(target.client);
    await rejects(
      setTtl(target.client, table, true, 'é'.repeat(128)),
      'ValidationException',
      'Names of key attributes and attributes projected into an index must be between 1 and 255 characters, inclusive',
    );
    await setTtl(target.client, table, true, `x${'é'.repeat(127)}`);
  });
});

describe('the TTL sweeper', INJECTED_CLOCK, () => {
  const startMs = Date.UTC(2026, 0, 1);
  const startSeconds = startMs / 1000;
  let clockMs = startMs;
  let server: RunningServer;
  let client: DynamoDBClient;
  const DELAY_SECONDS = 60;

  before(async () => {
    server = await startServer({
      port: 0,
      inMemory: true,
      logLevel: 'error',
      now: () => clockMs,
      ttlDelaySeconds: DELAY_SECONDS,
    });
    client = new DynamoDBClient({
      endpoint: server.endpoint,
      region: TEST_REGION,
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    });
  });
  after(async () => {
    client.destroy();
    await server.close();
  });

  const put = (TableName: string, pk: string, exp?: AttributeValue) =>
    client.send(
      new PutItemCommand({ TableName, Item: { pk: { S: pk }, ...(exp ? { exp } : {}) } }),
    );
  const exists = async (TableName: string, pk: string) =>
    (await client.send(new GetItemCommand({ TableName, Key: { pk: { S: pk } } }))).Item !==
    undefined;
  const keys = async (TableName: string) =>
    ((await client.send(new ScanCommand({ TableName }))).Items ?? []).map((i) => i.pk!.S).sort();

  async function enabledTable(stream = false): Promise<string> {
    const table = await createTable(client, stream);
    await setTtl(client, table, true, 'exp');
    await server.drainBackgroundJobs();
    assert.equal((await ttlStatus(client, table))?.TimeToLiveStatus, 'ENABLED');
    return table;
  }

  test('deletes only Number expiries that are past, after the configured delay', async () => {
    clockMs = startMs;
    const table = await enabledTable();
    await put(table, 'expired', { N: String(startSeconds - 10) });
    await put(table, 'fraction', { N: `${startSeconds - 10}.5` });
    await put(table, 'future', { N: String(startSeconds + 3600) });
    await put(table, 'string', { S: String(startSeconds - 10) });
    await put(table, 'list', { L: [{ N: String(startSeconds - 10) }] });
    await put(table, 'negative', { N: '-5' });
    await put(table, 'none');
    await server.drainBackgroundJobs();
    // Expired but within the delay: still returned, as DynamoDB returns expired items until deleted.
    assert.equal(await exists(table, 'expired'), true);
    clockMs = startMs + DELAY_SECONDS * 1000;
    await server.drainBackgroundJobs();
    assert.deepEqual(await keys(table), ['future', 'list', 'negative', 'none', 'string']);
    clockMs = startMs + 3600_000 + DELAY_SECONDS * 1000;
    await server.drainBackgroundJobs();
    assert.deepEqual(await keys(table), ['list', 'negative', 'none', 'string']);
  });

  test('never deletes items expired more than five years ago', async () => {
    clockMs = startMs;
    const fiveYearsSeconds = 5 * 365 * 24 * 3600;
    const table = await enabledTable();
    await put(table, 'ancient', { N: String(startSeconds - fiveYearsSeconds - 100) });
    // Less than five years old when written, more than five years old when the sweeper runs.
    await put(table, 'aging', { N: String(startSeconds - fiveYearsSeconds + 30) });
    clockMs = startMs + 120_000;
    await server.drainBackgroundJobs();
    assert.deepEqual(await keys(table), ['aging', 'ancient']);
  });

  test('an expiry re-set before the sweep is honoured; removal and deletion keep the index', async () => {
    clockMs = startMs;
    const table = await enabledTable();
    await put(table, 'renewed', { N: String(startSeconds + 10) });
    await put(table, 'cleared', { N: String(startSeconds + 10) });
    await put(table, 'deleted', { N: String(startSeconds + 10) });
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: 'renewed' } },
        UpdateExpression: 'SET exp = :e',
        ExpressionAttributeValues: { ':e': { N: String(startSeconds + 1000) } },
      }),
    );
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: 'cleared' } },
        UpdateExpression: 'REMOVE exp',
      }),
    );
    await client.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'deleted' } } }));
    await put(table, 'deleted', { S: 'recreated without expiry' });
    clockMs = startMs + 100_000;
    await server.drainBackgroundJobs();
    assert.deepEqual(await keys(table), ['cleared', 'deleted', 'renewed']);
    clockMs = startMs + 1100_000;
    await server.drainBackgroundJobs();
    assert.deepEqual(await keys(table), ['cleared', 'deleted']);
  });

  test('enabling TTL on a table with items indexes them (in bounded steps)', async () => {
    clockMs = startMs;
    const table = await createTable(client);
    for (let i = 0; i < 250; i++) {
      await put(table, `item-${String(i).padStart(3, '0')}`, {
        N: String(startSeconds + (i % 2 === 0 ? -5 : 5000)),
      });
    }
    await setTtl(client, table, true, 'exp');
    clockMs = startMs + 100_000;
    await server.drainBackgroundJobs();
    assert.equal((await ttlStatus(client, table))?.TimeToLiveStatus, 'ENABLED');
    const left = await keys(table);
    assert.equal(left.length, 125);
    assert.ok(left.every((key) => Number(key!.slice(5)) % 2 === 1));
  });

  test('disabling TTL stops deletion', async () => {
    clockMs = startMs;
    const table = await enabledTable();
    await put(table, 'kept', { N: String(startSeconds) });
    await setTtl(client, table, false, 'exp');
    clockMs = startMs + 100_000;
    await server.drainBackgroundJobs();
    assert.deepEqual(await ttlStatus(client, table), { TimeToLiveStatus: 'DISABLED' });
    assert.deepEqual(await keys(table), ['kept']);
  });

  test('deletes items of a table with a stream', async () => {
    clockMs = startMs;
    const table = await enabledTable(true);
    await put(table, 'gone', { N: String(startSeconds) });
    await put(table, 'stays', { N: String(startSeconds + 5000) });
    clockMs = startMs + 100_000;
    await server.drainBackgroundJobs();
    assert.deepEqual(await keys(table), ['stays']);
  });
});
