// The admin HTTP API (/admin/event-source-mappings): bearer-token auth, Lambda's event source
// mapping operations, and mappings that live in the store (run at once, survive a restart).

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { startServer, type RunningServer } from '../../src/index.js';
import { dynamoDbLocalDeviates, TEST_CREDENTIALS, TEST_REGION } from '../helpers/server.js';

const NO_ADMIN = dynamoDbLocalDeviates('DynamoDB Local has no triggers or admin API');
const TOKEN = 'admin-secret';
const TABLE = 'events';
const HANDLER = `
import { appendFileSync } from 'node:fs';
export async function handler(event) {
  const dir = new URL('.', import.meta.url).pathname;
  appendFileSync(dir + 'log.jsonl', JSON.stringify(event.Records.map((r) => r.dynamodb.Keys.pk.S)) + '\\n');
  return {};
}
`;

const dirs: string[] = [];
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function workDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'openddb-admin-'));
  dirs.push(dir);
  await writeFile(join(dir, 'handler.mjs'), HANDLER);
  return dir;
}

async function start(options: { dataDir?: string; adminToken?: string } = {}) {
  const server = await startServer({
    port: 0,
    inMemory: options.dataDir === undefined,
    dataDir: options.dataDir ?? '',
    logLevel: 'error',
    ...(options.adminToken === undefined ? {} : { adminToken: options.adminToken }),
  });
  const client = new DynamoDBClient({
    endpoint: server.endpoint,
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  return { server, client };
}

async function admin(
  server: RunningServer,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = TOKEN,
): Promise<{ status: number; json: any }> {
  const response = await fetch(`${server.endpoint}/admin${path}`, {
    method,
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? undefined : JSON.parse(text) };
}

async function createStreamTable(client: DynamoDBClient): Promise<string> {
  const created = await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
    }),
  );
  return created.TableDescription!.LatestStreamArn!;
}

async function put(client: DynamoDBClient, pk: string): Promise<void> {
  await client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: pk } } }));
}

async function delivered(dir: string): Promise<string[]> {
  const path = join(dir, 'log.jsonl');
  if (!existsSync(path)) return [];
  const lines = (await readFile(path, 'utf8')).trim().split('\n').filter(Boolean);
  return lines.flatMap((line) => JSON.parse(line) as string[]);
}

describe('admin API', NO_ADMIN, () => {
  test('without a configured token /admin answers 404', async () => {
    const { server, client } = await start();
    try {
      const answer = await admin(server, 'GET', '/event-source-mappings');
      assert.equal(answer.status, 404);
    } finally {
      client.destroy();
      await server.close();
    }
  });

  test('a missing token is 401, a wrong one 403', async () => {
    const { server, client } = await start({ adminToken: TOKEN });
    try {
      assert.equal(
        (await admin(server, 'GET', '/event-source-mappings', undefined, null)).status,
        401,
      );
      assert.equal(
        (await admin(server, 'GET', '/event-source-mappings', undefined, 'nope')).status,
        403,
      );
      assert.equal((await admin(server, 'GET', '/event-source-mappings')).status, 200);
    } finally {
      client.destroy();
      await server.close();
    }
  });

  test('create, list, update, delete with Lambda field names; the mapping runs', async () => {
    const dir = await workDir();
    const { server, client } = await start({ adminToken: TOKEN });
    try {
      const streamArn = await createStreamTable(client);
      const created = await admin(server, 'POST', '/event-source-mappings', {
        EventSourceArn: streamArn,
        FunctionName: join(dir, 'handler.mjs'),
        BatchSize: 10,
        StartingPosition: 'TRIM_HORIZON',
      });
      assert.equal(created.status, 202);
      const uuid = created.json.UUID as string;
      assert.match(uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.equal(created.json.State, 'Enabled');
      assert.equal(created.json.BatchSize, 10);
      assert.equal(created.json.EventSourceArn, streamArn);
      assert.equal(created.json.StartingPosition, 'TRIM_HORIZON');

      const listed = await admin(
        server,
        'GET',
        `/event-source-mappings?EventSourceArn=${encodeURIComponent(streamArn)}`,
      );
      assert.deepEqual(
        listed.json.EventSourceMappings.map((m: any) => m.UUID),
        [uuid],
      );

      await put(client, 'a');
      await server.drainBackgroundJobs();
      assert.deepEqual(await delivered(dir), ['a']);

      const disabled = await admin(server, 'PUT', `/event-source-mappings/${uuid}`, {
        Enabled: false,
        BatchSize: 50,
      });
      assert.equal(disabled.status, 202);
      assert.equal(disabled.json.State, 'Disabled');
      assert.equal(disabled.json.BatchSize, 50);
      await put(client, 'b');
      await server.drainBackgroundJobs();
      assert.deepEqual(await delivered(dir), ['a']);

      await admin(server, 'PUT', `/event-source-mappings/${uuid}`, { Enabled: true });
      await server.drainBackgroundJobs();
      assert.deepEqual(await delivered(dir), ['a', 'b'], 'resumes at its checkpoint');

      const fetched = await admin(server, 'GET', `/event-source-mappings/${uuid}`);
      assert.equal(fetched.json.State, 'Enabled');
      const deleted = await admin(server, 'DELETE', `/event-source-mappings/${uuid}`);
      assert.equal(deleted.status, 202);
      assert.equal(deleted.json.State, 'Deleting');
      assert.equal((await admin(server, 'GET', `/event-source-mappings/${uuid}`)).status, 404);
      await put(client, 'c');
      await server.drainBackgroundJobs();
      assert.deepEqual(await delivered(dir), ['a', 'b'], 'a deleted mapping stops');
    } finally {
      client.destroy();
      await server.close();
    }
  });

  test('invalid requests get InvalidParameterValueException / ResourceNotFoundException', async () => {
    const { server, client } = await start({ adminToken: TOKEN });
    try {
      const streamArn = await createStreamTable(client);
      const tooBig = await admin(server, 'POST', '/event-source-mappings', {
        EventSourceArn: streamArn,
        FunctionName: 'http://127.0.0.1:1/fn',
        BatchSize: 10_001,
      });
      assert.equal(tooBig.status, 400);
      assert.match(tooBig.json.message, /BatchSize/);
      const noTable = await admin(server, 'POST', '/event-source-mappings', {
        EventSourceArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/missing/stream/x',
        FunctionName: 'http://127.0.0.1:1/fn',
      });
      assert.equal(noTable.status, 400);
      const missing = await admin(
        server,
        'PUT',
        '/event-source-mappings/00000000-0000-4000-8000-000000000000',
        { Enabled: false },
      );
      assert.equal(missing.status, 404);
      const badField = await admin(server, 'POST', '/event-source-mappings', {
        EventSourceArn: streamArn,
        FunctionName: 'http://127.0.0.1:1/fn',
        Bogus: 1,
      });
      assert.equal(badField.status, 400);
      assert.equal(
        (await admin(server, 'GET', '/event-source-mappings')).json.EventSourceMappings.length,
        0,
      );
    } finally {
      client.destroy();
      await server.close();
    }
  });

  test('stored mappings survive a restart and resume at their checkpoint', async () => {
    const dir = await workDir();
    const dataDir = join(dir, 'data');
    let { server, client } = await start({ adminToken: TOKEN, dataDir });
    try {
      const streamArn = await createStreamTable(client);
      const created = await admin(server, 'POST', '/event-source-mappings', {
        EventSourceArn: streamArn,
        FunctionName: join(dir, 'handler.mjs'),
      });
      await put(client, 'a');
      await server.drainBackgroundJobs();
      client.destroy();
      await server.close();
      ({ server, client } = await start({ adminToken: TOKEN, dataDir }));
      const listed = await admin(server, 'GET', '/event-source-mappings');
      assert.deepEqual(
        listed.json.EventSourceMappings.map((m: any) => m.UUID),
        [created.json.UUID],
      );
      await put(client, 'b');
      await server.drainBackgroundJobs();
      assert.deepEqual(await delivered(dir), ['a', 'b']);
    } finally {
      client.destroy();
      await server.close();
    }
  });
});
