// The HTTP protocol as DynamoDB speaks it: headers, CRC32, targets, auth, body errors, CORS, health.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { gzipSync } from 'node:zlib';
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteTableCommand,
  ListTablesCommand,
  PutItemCommand,
  ResourceNotFoundException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { crc32 } from '../../src/protocol/crc32.js';
import { rawRequest, VALID_AUTHORIZATION, type RawResponse } from '../helpers/raw-request.js';
import {
  dynamoDbLocalDeviates,
  startTarget,
  uniqueTableName,
  type TestTarget,
} from '../helpers/server.js';

const CORAL = 'com.amazon.coral.service';
const DYNAMODB = 'com.amazonaws.dynamodb.v20120810';

let target: TestTarget;
before(async () => {
  target = await startTarget();
});
after(async () => {
  await target.close();
});

const listTables = (body: unknown = {}, headers: Record<string, string | undefined> = {}) =>
  rawRequest(target.endpoint, 'ListTables', body, { headers });

function assertCrc32(response: RawResponse): void {
  assert.equal(response.headers['x-amz-crc32'], String(crc32(Buffer.from(response.text))));
}

describe('successful responses', () => {
  test('the SDK reads ListTables (it verifies x-amz-crc32)', async () => {
    const output = await target.client.send(new ListTablesCommand({ Limit: 1 }));
    assert.ok(Array.isArray(output.TableNames));
    assert.equal(output.$metadata.httpStatusCode, 200);
    assert.ok(output.$metadata.requestId);
  });

  test('carries Content-Type, Content-Length, x-amz-crc32 and a fresh request id', async () => {
    const first = await listTables();
    const second = await listTables();
    assert.equal(first.status, 200);
    assert.equal(first.headers['content-type'], 'application/x-amz-json-1.0');
    assert.equal(first.headers['content-length'], String(Buffer.byteLength(first.text)));
    assertCrc32(first);
    assert.ok(Array.isArray(first.body.TableNames));
    assert.ok(first.headers['x-amzn-requestid']);
    assert.notEqual(first.headers['x-amzn-requestid'], second.headers['x-amzn-requestid']);
  });

  test('request ids have DynamoDB form', dynamoDbLocalDeviates('uses UUIDs'), async () => {
    const response = await listTables();
    assert.match(String(response.headers['x-amzn-requestid']), /^[0-9A-Z]{52}$/);
  });

  test('accepts application/json as the content type', async () => {
    const response = await listTables({}, { 'Content-Type': 'application/json' });
    assert.equal(response.status, 200);
    assert.ok(Array.isArray(response.body.TableNames));
  });

  test(
    'answers application/json requests in application/json',
    dynamoDbLocalDeviates('always answers application/x-amz-json-1.0'),
    async () => {
      const response = await listTables({}, { 'Content-Type': 'application/json' });
      assert.equal(response.headers['content-type'], 'application/json');
    },
  );

  test('keeps connections alive', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      assert.equal(await postReusingAgent(agent), false);
      assert.equal(await postReusingAgent(agent), true);
    } finally {
      agent.destroy();
    }
  });

  test(
    'inflates gzip-encoded request bodies',
    dynamoDbLocalDeviates('fails with InternalFailure'),
    async () => {
      const response = await listTables(gzipSync(Buffer.from('{"Limit":1}')), {
        'Content-Encoding': 'gzip',
      });
      assert.equal(response.status, 200);
      assert.ok(Array.isArray(response.body.TableNames));
    },
  );
});

/** POSTs ListTables through `agent`; resolves whether the socket was reused. */
function postReusingAgent(agent: Agent): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL('/', target.endpoint),
      {
        method: 'POST',
        agent,
        headers: {
          'Content-Type': 'application/x-amz-json-1.0',
          'X-Amz-Target': 'DynamoDB_20120810.ListTables',
          'X-Amz-Date': '20250101T000000Z',
          Authorization: VALID_AUTHORIZATION,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(req.reusedSocket));
      },
    );
    req.on('error', reject);
    req.end('{}');
  });
}

describe('error responses', () => {
  test('errors are JSON with __type, a status and x-amz-crc32 on the wire', async () => {
    const response = await rawRequest(target.endpoint, 'DescribeTable', {
      TableName: uniqueTableName('protocol-missing'),
    });
    assert.equal(response.status, 400);
    assert.equal(response.body.__type, `${DYNAMODB}#ResourceNotFoundException`);
    assert.equal(response.headers['content-type'], 'application/x-amz-json-1.0');
  });

  test(
    'ResourceNotFoundException is spelled as DynamoDB spells it, key order included',
    dynamoDbLocalDeviates('capital Message and its own sentence'),
    async () => {
      const response = await rawRequest(target.endpoint, 'DescribeTable', {
        TableName: uniqueTableName('protocol-missing'),
      });
      assert.deepEqual(Object.keys(response.body), ['__type', 'message']);
      assert.equal(response.body.__type, `${DYNAMODB}#ResourceNotFoundException`);
      assert.match(response.body.message, /^Requested resource not found/);
      assertCrc32(response);
    },
  );

  test(
    'ValidationException is spelled as DynamoDB spells it',
    dynamoDbLocalDeviates('capital Message and its own sentences'),
    async () => {
      const response = await listTables({ Limit: 0 });
      assert.equal(response.status, 400);
      assert.equal(
        response.text,
        `{"__type":"com.amazon.coral.validate#ValidationException","message":"1 validation error ` +
          `detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value ` +
          `greater than or equal to 1"}`,
      );
    },
  );

  test('the SDK maps errors to their exception classes', async () => {
    await assert.rejects(
      target.client.send(new ListTablesCommand({ Limit: 0 })),
      (error: Error) => error.name === 'ValidationException',
    );
    await assert.rejects(
      target.client.send(new DeleteTableCommand({ TableName: uniqueTableName('gone') })),
      (error: Error) => error instanceof ResourceNotFoundException,
    );
  });

  test('the SDK reads ConditionalCheckFailedException', async () => {
    const TableName = uniqueTableName('protocol');
    await target.client.send(
      new CreateTableCommand({
        TableName,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    try {
      await waitUntilTableExists({ client: target.client, maxWaitTime: 30 }, { TableName });
      const put = new PutItemCommand({
        TableName,
        Item: { pk: { S: 'a' } },
        ConditionExpression: 'attribute_exists(pk)',
      });
      await assert.rejects(target.client.send(put), (error: Error) => {
        assert.ok(error instanceof ConditionalCheckFailedException);
        assert.equal(error.message, 'The conditional request failed');
        assert.equal(error.$metadata.httpStatusCode, 400);
        return true;
      });
    } finally {
      await target.client.send(new DeleteTableCommand({ TableName }));
    }
  });

  test(
    'ConditionalCheckFailedException on the wire',
    dynamoDbLocalDeviates('capital Message'),
    async () => {
      const TableName = uniqueTableName('protocol');
      await target.client.send(
        new CreateTableCommand({
          TableName,
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      try {
        await waitUntilTableExists({ client: target.client, maxWaitTime: 30 }, { TableName });
        const response = await rawRequest(target.endpoint, 'PutItem', {
          TableName,
          Item: { pk: { S: 'a' } },
          ConditionExpression: 'attribute_exists(pk)',
        });
        assert.equal(response.status, 400);
        assert.equal(
          response.text,
          `{"__type":"${DYNAMODB}#ConditionalCheckFailedException",` +
            `"message":"The conditional request failed"}`,
        );
        assertCrc32(response);
      } finally {
        await target.client.send(new DeleteTableCommand({ TableName }));
      }
    },
  );
});

describe('targets', () => {
  test('an unknown operation is UnknownOperationException (400)', async () => {
    const response = await rawRequest(target.endpoint, 'NoSuchOperation', {});
    assert.equal(response.status, 400);
    assert.match(response.body.__type, /#UnknownOperationException$/);
  });

  const deviates = dynamoDbLocalDeviates(
    'answers a DynamoDB-namespace UnknownOperationException with a message, or InternalFailure',
  );
  const unknownOperation = { status: 400, text: `{"__type":"${CORAL}#UnknownOperationException"}` };

  for (const [name, targetHeader] of [
    ['an unknown operation', 'DynamoDB_20120810.NoSuchOperation'],
    ['a missing target', undefined],
    ['an empty target', ''],
    ['an old API version', 'DynamoDB_20111205.ListTables'],
    ['a target without a dot', 'DynamoDB_20120810ListTables'],
    ['an unknown service', 'DynamoDBX_20120810.ListTables'],
    ['an unknown DynamoDB Streams operation', 'DynamoDBStreams_20120810.NoSuchOperation'],
  ] as const) {
    test(`${name} is a bare UnknownOperationException`, deviates, async () => {
      const response = await rawRequest(
        target.endpoint,
        undefined,
        {},
        {
          headers: { 'X-Amz-Target': targetHeader },
        },
      );
      assert.deepEqual({ status: response.status, text: response.text }, unknownOperation);
      assertCrc32(response);
    });
  }

  test('target is checked before auth', deviates, async () => {
    const response = await rawRequest(
      target.endpoint,
      'NoSuchOperation',
      {},
      {
        headers: { Authorization: undefined },
      },
    );
    assert.deepEqual({ status: response.status, text: response.text }, unknownOperation);
  });
});

describe('request bodies', () => {
  const deviates = dynamoDbLocalDeviates('answers 500 InternalFailure');
  const serialization = { status: 400, text: `{"__type":"${CORAL}#SerializationException"}` };

  for (const [name, body] of [
    ['malformed JSON', '{"Limit":'],
    ['an empty body', ''],
    ['a JSON array', '[]'],
    ['a JSON string', '"ListTables"'],
    ['JSON null', 'null'],
  ] as const) {
    test(`${name} is a SerializationException`, deviates, async () => {
      const response = await listTables(body);
      assert.deepEqual({ status: response.status, text: response.text }, serialization);
    });
  }

  test('malformed JSON is rejected before the target is checked', deviates, async () => {
    const response = await rawRequest(target.endpoint, 'NoSuchOperation', '{');
    assert.deepEqual({ status: response.status, text: response.text }, serialization);
  });

  test('an empty body is rejected after auth', deviates, async () => {
    const response = await listTables('', { Authorization: undefined });
    assert.equal(response.body.__type, `${CORAL}#MissingAuthenticationTokenException`);
  });

  test('a body that is not gzip under Content-Encoding: gzip', deviates, async () => {
    const response = await listTables('{}', { 'Content-Encoding': 'gzip' });
    assert.deepEqual({ status: response.status, text: response.text }, serialization);
  });

  test('a body over 16 MB is rejected with 413', async () => {
    const body = `{"ExclusiveStartTableName":"${'a'.repeat(16 * 1024 * 1024)}"}`;
    const response = await listTables(body);
    assert.equal(response.status, 413);
  });

  test('a gzip body inflating beyond 16 MB is rejected with 413', deviates, async () => {
    const body = gzipSync(Buffer.from(`{"ExclusiveStartTableName":"${'a'.repeat(17e6)}"}`));
    const response = await listTables(body, { 'Content-Encoding': 'gzip' });
    assert.equal(response.status, 413);
    assert.equal(response.body.__type, `${CORAL}#RequestEntityTooLargeException`);
  });
});

describe('content types and methods', () => {
  const deviates = dynamoDbLocalDeviates('accepts any content type and method');
  const notFound = { status: 404, text: '<UnknownOperationException/>\n' };

  for (const contentType of ['text/plain', 'application/x-amz-json-1.1', undefined]) {
    test(`a body sent as ${String(contentType)} is a 404`, deviates, async () => {
      const response = await listTables({}, { 'Content-Type': contentType });
      assert.deepEqual({ status: response.status, text: response.text }, notFound);
      assertCrc32(response);
    });
  }

  test('an empty body without a content type reaches the body check', deviates, async () => {
    const response = await listTables('', { 'Content-Type': undefined });
    assert.equal(response.body.__type, `${CORAL}#SerializationException`);
  });

  for (const method of ['PUT', 'DELETE', 'PATCH']) {
    test(`${method} is a 404`, deviates, async () => {
      // No body: Node's client sends DELETE bodies without a length, which no server can frame.
      const response = await rawRequest(target.endpoint, 'ListTables', '', { method });
      assert.deepEqual({ status: response.status, text: response.text }, notFound);
    });
  }

  test(
    'GET / is the health check',
    dynamoDbLocalDeviates('answers MissingAuthenticationToken'),
    async () => {
      const response = await rawRequest(target.endpoint, undefined, '', { method: 'GET' });
      assert.equal(response.status, 200);
      assert.equal(response.text, 'healthy: dynamodb.us-east-1.amazonaws.com ');
      assertCrc32(response);
    },
  );
});

describe('authentication', () => {
  const deviates = dynamoDbLocalDeviates('does not check authentication the way DynamoDB does');
  const missingToken = {
    __type: `${CORAL}#MissingAuthenticationTokenException`,
    message: 'Request is missing Authentication Token',
  };

  test('a missing Authorization header', deviates, async () => {
    const response = await listTables({}, { Authorization: undefined });
    assert.equal(response.status, 400);
    assert.deepEqual(response.body, missingToken);
    assert.equal(response.text, JSON.stringify(missingToken));
  });

  test('an Authorization header of another scheme', deviates, async () => {
    const response = await listTables({}, { Authorization: 'Basic dXNlcjpwYXNz' });
    assert.deepEqual(response.body, missingToken);
  });

  test('an Authorization header missing its parts', deviates, async () => {
    const authorization = 'AWS4-HMAC-SHA256 Foo=bar';
    const response = await listTables({}, { Authorization: authorization });
    assert.equal(response.status, 400);
    assert.deepEqual(response.body, {
      __type: `${CORAL}#IncompleteSignatureException`,
      message:
        "Authorization header requires 'Credential' parameter. " +
        "Authorization header requires 'Signature' parameter. " +
        "Authorization header requires 'SignedHeaders' parameter. " +
        `Authorization=${authorization}`,
    });
  });

  test('a request with neither X-Amz-Date nor Date', deviates, async () => {
    const response = await listTables({}, { 'X-Amz-Date': undefined });
    assert.deepEqual(response.body, {
      __type: `${CORAL}#IncompleteSignatureException`,
      message:
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
        `Authorization=${VALID_AUTHORIZATION}`,
    });
  });

  test('a Date header stands in for X-Amz-Date', async () => {
    const response = await listTables(
      {},
      { 'X-Amz-Date': undefined, Date: 'Wed, 01 Jan 2025 00:00:00 GMT' },
    );
    assert.equal(response.status, 200);
  });

  const presigned =
    '/?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
    '&X-Amz-Credential=AKIDTESTTEST%2F20250101%2Fus-east-1%2Fdynamodb%2Faws4_request' +
    '&X-Amz-Date=20250101T000000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=' +
    '0'.repeat(64);

  test('presigned query-string auth is accepted', deviates, async () => {
    const response = await rawRequest(
      target.endpoint,
      'ListTables',
      {},
      {
        path: presigned,
        headers: { Authorization: undefined },
      },
    );
    assert.equal(response.status, 200);
  });

  test('incomplete query-string auth lists the missing parameters', deviates, async () => {
    const response = await rawRequest(
      target.endpoint,
      'ListTables',
      {},
      {
        path: '/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20250101T000000Z',
        headers: { Authorization: undefined },
      },
    );
    assert.deepEqual(response.body, {
      __type: `${CORAL}#IncompleteSignatureException`,
      message:
        "AWS query-string parameters must include 'X-Amz-Credential'. " +
        "AWS query-string parameters must include 'X-Amz-Signature'. " +
        "AWS query-string parameters must include 'X-Amz-SignedHeaders'. " +
        'Re-examine the query-string parameters.',
    });
  });

  test('both header and query-string auth', deviates, async () => {
    const response = await rawRequest(target.endpoint, 'ListTables', {}, { path: presigned });
    assert.deepEqual(response.body, {
      __type: `${CORAL}#InvalidSignatureException`,
      message:
        "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
    });
  });
});

describe('CORS', () => {
  test('answers a preflight request', async () => {
    const response = await rawRequest(target.endpoint, undefined, '', {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://app.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,x-amz-target',
        'Content-Type': undefined,
        Authorization: undefined,
        'X-Amz-Date': undefined,
      },
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers['access-control-allow-methods'], 'POST');
    assert.equal(response.headers['access-control-allow-headers'], 'content-type,x-amz-target');
    assert.ok(Number(response.headers['access-control-max-age']) > 0);
  });

  const deviates = dynamoDbLocalDeviates('sends no Access-Control-Allow-Origin');

  test('a preflight allows any origin', deviates, async () => {
    const response = await rawRequest(target.endpoint, undefined, '', {
      method: 'OPTIONS',
      headers: { Origin: 'http://app.example', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(response.headers['access-control-allow-origin'], '*');
  });

  test('responses to a browser expose the request id and CRC32', deviates, async () => {
    const response = await listTables({}, { Origin: 'http://app.example' });
    assert.equal(response.status, 200);
    assert.equal(response.headers['access-control-allow-origin'], '*');
    const exposed = String(response.headers['access-control-expose-headers']).toLowerCase();
    assert.match(exposed, /x-amzn-requestid/);
    assert.match(exposed, /x-amz-crc32/);
  });
});
