// Serializable transactions under load: concurrent conditional transfers keep the total, lose no
// update, and readers (TransactGetItems, Scan) never see half a transaction — on one lmdb server
// and on `openddb serve --workers 2` (several processes on one data directory).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DynamoDBClient,
  ScanCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  TransactionCanceledException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { startServer, type RunningServer } from '../../src/index.js';
import { remoteEndpoint, TEST_CREDENTIALS, TEST_REGION } from '../helpers/server.js';

const ACCOUNTS = 8;
const START_BALANCE = 100;
const CLIENTS = 12;
const TRANSFERS_PER_CLIENT = 15;
const skip = remoteEndpoint ? { skip: 'starts its own OpenDDB servers' } : {};

const clientFor = (endpoint: string) =>
  new DynamoDBClient({
    endpoint,
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
const accountKey = (i: number) => ({ pk: { S: `acct${i}` } });

async function setUp(client: DynamoDBClient, table: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: table });
  await client.send(
    new TransactWriteItemsCommand({
      TransactItems: Array.from({ length: ACCOUNTS }, (_, i) => ({
        Put: {
          TableName: table,
          Item: { ...accountKey(i), balance: { N: String(START_BALANCE) }, ops: { N: '0' } },
        },
      })),
    }),
  );
}

/** One transfer; false when its condition (enough balance) cancelled it. */
async function transfer(client: DynamoDBClient, table: string, from: number, to: number) {
  const amount = { N: String(1 + Math.floor(Math.random() * 40)) };
  const update = (i: number, sign: string, condition?: string) => ({
    Update: {
      TableName: table,
      Key: accountKey(i),
      UpdateExpression: `SET balance = balance ${sign} :amount, ops = ops + :one`,
      ...(condition === undefined ? {} : { ConditionExpression: condition }),
      ExpressionAttributeValues: { ':amount': amount, ':one': { N: '1' } },
    },
  });
  try {
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [update(from, '-', 'balance >= :amount'), update(to, '+')],
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException) return false;
    throw error;
  }
}

interface Totals {
  readonly balance: number;
  readonly ops: number;
}

function totals(items: ReadonlyArray<Record<string, any> | undefined>): Totals {
  let balance = 0;
  let ops = 0;
  for (const item of items) {
    assert.ok(item, 'an account disappeared');
    assert.ok(Number(item.balance.N) >= 0, 'a balance went negative');
    balance += Number(item.balance.N);
    ops += Number(item.ops.N);
  }
  return { balance, ops };
}

async function readBoth(client: DynamoDBClient, table: string): Promise<void> {
  const get = await client.send(
    new TransactGetItemsCommand({
      TransactItems: Array.from({ length: ACCOUNTS }, (_, i) => ({
        Get: { TableName: table, Key: accountKey(i) },
      })),
    }),
  );
  const viaGet = totals(get.Responses!.map((response) => response.Item));
  assert.equal(viaGet.balance, ACCOUNTS * START_BALANCE, 'TransactGetItems saw a partial transfer');
  assert.equal(viaGet.ops % 2, 0, 'TransactGetItems saw half a transfer');
  const scan = await client.send(new ScanCommand({ TableName: table, ConsistentRead: true }));
  const viaScan = totals(scan.Items!);
  assert.equal(viaScan.balance, ACCOUNTS * START_BALANCE, 'Scan saw a partial transfer');
  assert.equal(viaScan.ops % 2, 0, 'Scan saw half a transfer');
}

/** Runs the workload against `endpoints` (clients spread over them) and checks the invariants. */
async function runWorkload(endpoints: readonly string[]): Promise<void> {
  const clients = endpoints.map(clientFor);
  const table = `transfers-${Date.now().toString(36)}`;
  try {
    await setUp(clients[0]!, table);
    let done = false;
    let reads = 0;
    const reader = (async () => {
      // Bounded: the writers finish in bounded time, and each read is one request.
      while (!done) {
        await readBoth(clients[reads % clients.length]!, table);
        reads++;
      }
    })();
    let committed = 0;
    const writers = Array.from({ length: CLIENTS }, async (_, c) => {
      const client = clients[c % clients.length]!;
      for (let n = 0; n < TRANSFERS_PER_CLIENT; n++) {
        const from = Math.floor(Math.random() * ACCOUNTS);
        const to = (from + 1 + Math.floor(Math.random() * (ACCOUNTS - 1))) % ACCOUNTS;
        if (await transfer(client, table, from, to)) committed++;
      }
    });
    try {
      await Promise.all(writers);
    } finally {
      done = true;
      await reader;
    }
    await readBoth(clients[0]!, table);
    const scan = await clients[0]!.send(
      new ScanCommand({ TableName: table, ConsistentRead: true }),
    );
    const final = totals(scan.Items!);
    assert.equal(final.balance, ACCOUNTS * START_BALANCE);
    // Every committed transfer incremented two counters: none was lost.
    assert.equal(final.ops, 2 * committed);
    assert.ok(committed > 0);
    assert.ok(reads > 0);
  } finally {
    for (const client of clients) client.destroy();
  }
}

describe('transactions under concurrency', skip, () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'openddb-tx-'));
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  test('one lmdb server', async () => {
    const server: RunningServer = await startServer({
      port: 0,
      dataDir: join(dataDir, 'single'),
      logLevel: 'error',
    });
    try {
      await runWorkload([server.endpoint]);
    } finally {
      await server.close();
    }
  });

  test('openddb serve --workers 2 on one data directory', async () => {
    const cli = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'serve',
        '--data',
        join(dataDir, 'cluster'),
        '--port',
        '0',
        '--workers',
        '2',
        '--log-level',
        'error',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const endpoint = await listeningEndpoint(cli);
      // Separate clients open separate connections, which the workers share between them.
      await runWorkload([endpoint, endpoint, endpoint, endpoint]);
    } finally {
      cli.kill('SIGTERM');
      await new Promise((resolve) => cli.once('exit', resolve));
    }
  });
});

/** The endpoint from the CLI's startup line (bounded by a 30 s timeout). */
function listeningEndpoint(cli: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no startup line: ${output}`)), 30_000);
    cli.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    cli.once('exit', (code) => reject(new Error(`openddb exited with ${code}: ${output}`)));
  });
}
