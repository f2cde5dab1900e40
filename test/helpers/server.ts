// Starts the server every API test talks to, or points at DYNAMODB_ENDPOINT (e.g. DynamoDB Local)
// or OPENDDB_ENDPOINT (an OpenDDB started elsewhere, e.g. `openddb serve --workers 2`).

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startServer } from '../../src/index.js';

/** Set when the suite runs against another implementation (the oracle run). */
export const remoteEndpoint = process.env.DYNAMODB_ENDPOINT || undefined;

/** Set when the suite runs against an OpenDDB process tree started outside the test process. */
export const externalOpenDdbEndpoint = process.env.OPENDDB_ENDPOINT || undefined;

/** Which embedded engine a local run uses: `memory` (default) or `lmdb`. */
export const testEngine = process.env.OPENDDB_TEST_ENGINE === 'lmdb' ? 'lmdb' : 'memory';

export interface TestTarget {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
  close(): Promise<void>;
}

export const TEST_REGION = 'us-east-1';
export const TEST_CREDENTIALS = { accessKeyId: 'AKIDTESTTEST', secretAccessKey: 'secret' };

/** One server per test file; close it in `after`. */
export async function startTarget(): Promise<TestTarget> {
  let endpoint: string;
  let stop: () => Promise<void> = async () => {};
  if (remoteEndpoint) {
    endpoint = remoteEndpoint;
  } else if (externalOpenDdbEndpoint) {
    endpoint = externalOpenDdbEndpoint;
  } else {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dataDir = testEngine === 'lmdb' ? await mkdtemp(join(tmpdir(), 'openddb-test-')) : '';
    const server = await startServer({
      port: 0,
      inMemory: testEngine === 'memory',
      dataDir,
      logLevel: 'error',
    });
    endpoint = server.endpoint;
    stop = async () => {
      await server.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    };
  }
  const client = new DynamoDBClient({
    endpoint,
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  const doc = DynamoDBDocumentClient.from(client);
  return {
    endpoint,
    client,
    doc,
    async close() {
      client.destroy();
      await stop();
    },
  };
}

/**
 * Test options for behaviour where DynamoDB Local is known not to be DynamoDB
 * (../shared/DYNAMODB-FACTS.md): the test runs against OpenDDB and is skipped in the oracle run.
 */
export function dynamoDbLocalDeviates(reason: string): { skip?: string } {
  return remoteEndpoint ? { skip: `DynamoDB Local deviates: ${reason}` } : {};
}

/**
 * Test options for a test that needs the server in this process (startServer options, an injected
 * clock, drainBackgroundJobs): skipped when the suite targets a server elsewhere.
 */
export function needsInProcessServer(reason: string): { skip?: string } {
  const elsewhere = remoteEndpoint ?? externalOpenDdbEndpoint;
  return elsewhere ? { skip: `needs an in-process server: ${reason}` } : {};
}

/** A table name unique to this run, so tests can share one server. */
export function uniqueTableName(prefix = 'test'): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
