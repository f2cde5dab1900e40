// Triggers (Lambda-style event source mappings): retries, bisection, partial batch failure,
// on-failure destinations and resume after restart, driven by an injected clock.

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  CreateTableCommand,
  DynamoDBClient,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { startServer, type RunningServer } from '../../src/index.js';
import { dynamoDbLocalDeviates, TEST_CREDENTIALS, TEST_REGION } from '../helpers/server.js';

const NO_TRIGGERS = dynamoDbLocalDeviates('DynamoDB Local has no triggers');

// A handler that logs each batch's keys to LOG and fails as the FAIL file's rule says.
const HANDLER = `
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
export async function handler(event, context) {
  const keys = event.Records.map((r) => r.dynamodb.Keys.pk.S);
  const dir = new URL('.', import.meta.url).pathname;
  const rule = existsSync(dir + 'rule.json') ? JSON.parse(readFileSync(dir + 'rule.json', 'utf8')) : {};
  const calls = existsSync(dir + 'log.jsonl') ? readFileSync(dir + 'log.jsonl', 'utf8').split('\\n').length - 1 : 0;
  appendFileSync(dir + 'log.jsonl', JSON.stringify({ keys, arn: event.Records[0].eventSourceARN, name: event.Records[0].eventName, fn: context.functionName }) + '\\n');
  if (rule.failFirst && calls === 0) throw new Error('first call fails');
  if (rule.poison && keys.includes(rule.poison)) throw new Error('poison');
  if (rule.report && calls === 0) {
    const failed = event.Records.find((r) => r.dynamodb.Keys.pk.S === rule.report);
    return { batchItemFailures: [{ itemIdentifier: failed.dynamodb.SequenceNumber }] };
  }
  return {};
}
`;

interface Fixture {
  readonly dir: string;
  server: RunningServer;
  client: DynamoDBClient;
  clockMs: number;
}

const TABLE = 'orders';

async function open(
  fixture: Omit<Fixture, 'server' | 'client'>,
  dataDir?: string,
): Promise<Fixture> {
  const state = fixture as Fixture;
  state.server = await startServer({
    port: 0,
    inMemory: dataDir === undefined,
    dataDir: dataDir ?? '',
    logLevel: 'error',
    now: () => state.clockMs,
    triggersFile: join(fixture.dir, 'triggers.json'),
  });
  state.client = new DynamoDBClient({
    endpoint: state.server.endpoint,
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  return state;
}

async function close(fixture: Fixture): Promise<void> {
  fixture.client.destroy();
  await fixture.server.close();
}

// A handler that logs each batch's keys to hang.jsonl, then spins forever: only its timeout ends it.
const HANG_HANDLER = `
import { appendFileSync } from 'node:fs';
export async function handler(event) {
  const dir = new URL('.', import.meta.url).pathname;
  appendFileSync(dir + 'hang.jsonl', JSON.stringify(event.Records.map((r) => r.dynamodb.Keys.pk.S)) + '\\n');
  for (;;);
}
`;

async function setUp(
  mapping: Record<string, unknown>,
  rule: object,
  dataDir?: string,
  otherTriggers: readonly object[] = [],
) {
  const dir = await mkdtemp(join(tmpdir(), 'openddb-trigger-'));
  await writeFile(join(dir, 'handler.mjs'), HANDLER);
  await writeFile(join(dir, 'hang.mjs'), HANG_HANDLER);
  await writeFile(join(dir, 'rule.json'), JSON.stringify(rule));
  await writeFile(
    join(dir, 'triggers.json'),
    JSON.stringify({
      triggers: [
        ...otherTriggers,
        { name: 'orders-fn', tableName: TABLE, handler: './handler.mjs', ...mapping },
      ],
    }),
  );
  const fixture = await open({ dir, clockMs: Date.UTC(2026, 0, 1) }, dataDir);
  if (dataDir === undefined || !existsSync(join(dataDir, 'created'))) {
    await fixture.client.send(
      new CreateTableCommand({
        TableName: TABLE,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
  }
  return fixture;
}

async function put(fixture: Fixture, ...keys: string[]): Promise<void> {
  for (const pk of keys) {
    await fixture.client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: pk } } }));
  }
}

async function invocations(fixture: Fixture): Promise<string[][]> {
  const path = join(fixture.dir, 'log.jsonl');
  if (!existsSync(path)) return [];
  const lines = (await readFile(path, 'utf8')).trim().split('\n');
  return lines.map((line) => (JSON.parse(line) as { keys: string[] }).keys);
}

/** Advances the clock past any backoff and drains, a bounded number of times. */
async function settle(fixture: Fixture, rounds = 20): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    fixture.clockMs += 61_000;
    await fixture.server.drainBackgroundJobs();
  }
}

describe('triggers', NO_TRIGGERS, () => {
  const fixtures: Fixture[] = [];
  after(async () => {
    for (const fixture of fixtures) {
      await close(fixture).catch(() => undefined);
      await rm(fixture.dir, { recursive: true, force: true });
    }
  });

  test('the event is Lambda’s; a handler that fails is retried, then succeeds', async () => {
    const fixture = await setUp({ BatchSize: 10 }, { failFirst: true });
    fixtures.push(fixture);
    await put(fixture, 'a', 'b');
    await fixture.server.drainBackgroundJobs();
    await settle(fixture, 3);
    assert.deepEqual(await invocations(fixture), [
      ['a', 'b'],
      ['a', 'b'],
    ]);
    const first = JSON.parse(
      (await readFile(join(fixture.dir, 'log.jsonl'), 'utf8')).split('\n')[0]!,
    );
    assert.match(first.arn, /^arn:aws:dynamodb:us-east-1:000000000000:table\/orders\/stream\//);
    assert.equal(first.name, 'INSERT');
    assert.equal(first.fn, 'orders-fn');
  });

  test('bisection isolates a failing record, which goes to the on-failure file', async () => {
    const failures = 'failures.jsonl';
    const fixture = await setUp(
      {
        BatchSize: 4,
        MaximumRetryAttempts: 0,
        BisectBatchOnFunctionError: true,
        DestinationConfig: { OnFailure: { Destination: failures } },
      },
      { poison: 'c' },
    );
    fixtures.push(fixture);
    await put(fixture, 'a', 'b', 'c', 'd');
    await settle(fixture, 5);
    const calls = await invocations(fixture);
    assert.deepEqual(calls[0], ['a', 'b', 'c', 'd']);
    const delivered = calls.filter((keys) => !keys.includes('c')).flat();
    assert.deepEqual([...new Set(delivered)], ['a', 'b', 'd']);
    const failed = (await readFile(join(fixture.dir, failures), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(failed.length, 1);
    assert.equal(failed[0].requestContext.condition, 'RetryAttemptsExhausted');
    assert.equal(failed[0].DDBStreamBatchInfo.batchSize, 1);
    assert.deepEqual(
      failed[0].payload.Records.map((r: any) => r.dynamodb.Keys.pk.S),
      ['c'],
    );
  });

  test('a partial batch failure retries from the lowest failed record', async () => {
    const fixture = await setUp(
      { BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] },
      { report: 'c' },
    );
    fixtures.push(fixture);
    await put(fixture, 'a', 'b', 'c', 'd');
    await settle(fixture, 3);
    assert.deepEqual(await invocations(fixture), [
      ['a', 'b', 'c', 'd'],
      ['c', 'd'],
    ]);
  });

  test('an exhausted batch goes to an on-failure table', async () => {
    const fixture = await setUp(
      {
        MaximumRetryAttempts: 1,
        DestinationConfig: { OnFailure: { Destination: 'table:failed-batches' } },
      },
      { poison: 'x' },
    );
    fixtures.push(fixture);
    await fixture.client.send(
      new CreateTableCommand({
        TableName: 'failed-batches',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await put(fixture, 'x');
    await settle(fixture, 4);
    assert.equal((await invocations(fixture)).length, 2);
    const items = (await fixture.client.send(new ScanCommand({ TableName: 'failed-batches' })))
      .Items!;
    assert.equal(items.length, 1);
    const record = JSON.parse(items[0]!.record!.S!);
    assert.equal(record.requestContext.approximateInvokeCount, 2);
    assert.equal(record.DDBStreamBatchInfo.batchSize, 1);
  });

  test('a hanging handler is stopped at its timeout, its batch fails, other mappings deliver', async () => {
    const failures = 'hang-failures.jsonl';
    const hanging = {
      name: 'hang-fn',
      tableName: TABLE,
      handler: './hang.mjs',
      TimeoutSeconds: 1,
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnFailure: { Destination: failures } },
    };
    const fixture = await setUp({ BatchSize: 10 }, {}, undefined, [hanging]);
    fixtures.push(fixture);
    const failed = async () =>
      (await readFile(join(fixture.dir, failures), 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
    // Each drain runs every mapping until it has no work: it returns only once the hung
    // invocation was stopped (it never resolves on its own) and its batch was given up.
    await put(fixture, 'a');
    await fixture.server.drainBackgroundJobs();
    assert.deepEqual(await invocations(fixture), [['a']]);
    await put(fixture, 'b');
    await fixture.server.drainBackgroundJobs();
    assert.deepEqual(await invocations(fixture), [['a'], ['b']]);
    const hung = (await readFile(join(fixture.dir, 'hang.jsonl'), 'utf8')).trim().split('\n');
    assert.deepEqual(
      hung.map((l) => JSON.parse(l)),
      [['a'], ['b']],
    );
    const records = await failed();
    assert.equal(records.length, 2);
    for (const [index, record] of records.entries()) {
      assert.equal(record.requestContext.condition, 'RetryAttemptsExhausted');
      assert.equal(record.requestContext.approximateInvokeCount, 1);
      assert.equal(
        record.requestContext.functionArn,
        'arn:aws:lambda:us-east-1:000000000000:function:hang-fn',
      );
      assert.equal(record.responseContext.functionError, 'Unhandled');
      assert.match(record.payload.errorMessage, /timed out/i);
      assert.equal(record.DDBStreamBatchInfo.batchSize, 1);
      assert.match(
        record.DDBStreamBatchInfo.streamArn,
        /^arn:aws:dynamodb:us-east-1:000000000000:table\/orders\/stream\//,
      );
      assert.deepEqual(
        record.payload.Records.map((r: any) => r.dynamodb.Keys.pk.S),
        [['a', 'b'][index]],
      );
    }
  });

  test('a restart resumes after the last checkpoint', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'openddb-trigger-data-'));
    try {
      let fixture = await setUp({ BatchSize: 10 }, {}, dataDir);
      await writeFile(join(dataDir, 'created'), '');
      await put(fixture, 'a', 'b');
      await settle(fixture, 1);
      await close(fixture);
      fixture = await open(fixture, dataDir);
      await put(fixture, 'c');
      await settle(fixture, 1);
      await close(fixture);
      assert.deepEqual(await invocations(fixture), [['a', 'b'], ['c']]);
      await rm(fixture.dir, { recursive: true, force: true });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
