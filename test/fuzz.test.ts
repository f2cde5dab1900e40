// Robustness: random and mutated requests at every operation always get a well-formed answer.
// It asserts OpenDDB's own robustness (never a 500, a crash or a hang), so the oracle run skips it.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { CreateTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { OPERATIONS } from '../src/operations/index.js';
import { rawRequest, type RawResponse } from './helpers/raw-request.js';
import { remoteEndpoint, startTarget, uniqueTableName, type TestTarget } from './helpers/server.js';

const RUNS_PER_OPERATION = 300;
/** Fixed so CI is repeatable; set FUZZ_SEED to explore (and keep what it finds as a test). */
const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261121);
/** Bounds, not measurements: a property stops early rather than stall the suite. */
const TIME_LIMIT_PER_PROPERTY_MS = 20_000;
const REQUEST_LIMIT_MS = 10_000;
const skip = remoteEndpoint ? 'asserts OpenDDB robustness only' : false;

let target: TestTarget;
const table = uniqueTableName('fuzz');

before(async () => {
  if (skip) return;
  target = await startTarget();
  await target.client.send(
    new CreateTableCommand({
      TableName: table,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await waitUntilTableExists({ client: target.client, maxWaitTime: 30 }, { TableName: table });
});
after(async () => {
  await target?.close();
});

// ---- Arbitraries -------------------------------------------------------------------------------

const numberText = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: false }).map(String),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
  fc.constantFrom('1e125', '-1e-130', '0.0', '  1', '1_000', 'NaN', ''),
  fc.string({ maxLength: 8 }),
);
const base64 = fc.oneof(
  fc.uint8Array({ maxLength: 24 }).map((bytes) => Buffer.from(bytes).toString('base64')),
  fc.string({ maxLength: 8 }),
);
const name = fc.oneof(
  fc.constantFrom('pk', 'sk', 'a', 'b.c', '#a', ''),
  fc.string({ maxLength: 6 }),
);

/** AttributeValues: mostly well-formed, sometimes with the wrong type or extra members. */
const { value: attributeValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ S: fc.string({ maxLength: 10 }) }),
    fc.record({ N: numberText }),
    fc.record({ B: base64 }),
    fc.record({ BOOL: fc.boolean() }),
    fc.record({ NULL: fc.oneof(fc.constant(true), fc.boolean()) }),
    fc.record({ SS: fc.array(fc.string({ maxLength: 4 }), { maxLength: 4 }) }),
    fc.record({ NS: fc.array(numberText, { maxLength: 4 }) }),
    fc.record({ BS: fc.array(base64, { maxLength: 3 }) }),
    fc.record({ L: fc.array(tie('value'), { maxLength: 3 }) }),
    fc.record({ M: fc.dictionary(name, tie('value'), { maxKeys: 3 }) }),
    fc.record({ S: fc.string(), N: numberText }),
    fc.anything({ maxDepth: 2 }),
  ),
}));

const attributeMap = fc.oneof(
  fc.dictionary(name, attributeValue, { maxKeys: 4 }),
  fc.record({
    pk: fc.record({ S: fc.string({ maxLength: 5 }) }),
    sk: fc.record({ N: numberText }),
  }),
);
const expression = fc.oneof(
  fc.constantFrom(
    'attribute_exists(pk)',
    'attribute_not_exists(#a) AND :v > sk',
    'pk = :v',
    'pk = :v AND begins_with(sk, :w)',
    'sk BETWEEN :v AND :w',
    'SET #a = :v, b = list_append(b, :w) REMOVE c ADD d :v DELETE e :w',
    'size(a) > :v OR contains(a, :w)',
    'a, b.c[1], #a',
    '((((',
  ),
  fc.string({ maxLength: 20 }),
);
const tableName = fc.oneof(
  fc.constant(table),
  fc.constantFrom('x', 'no-such-table', 'a'.repeat(256), ''),
  fc.string({ maxLength: 10 }),
  fc.anything({ maxDepth: 1 }),
);
const keySchema = fc.array(
  fc.record({ AttributeName: name, KeyType: fc.constantFrom('HASH', 'RANGE', 'hash', 'X') }),
  { maxLength: 3 },
);

/** Every member any operation takes, each with plausible, borderline and wrong values. */
const members = {
  TableName: tableName,
  Key: attributeMap,
  Item: attributeMap,
  ExclusiveStartKey: attributeMap,
  ExpressionAttributeValues: fc.dictionary(fc.constantFrom(':v', ':w', 'v', ':'), attributeValue, {
    maxKeys: 3,
  }),
  ExpressionAttributeNames: fc.dictionary(fc.constantFrom('#a', '#b', 'a'), name, { maxKeys: 3 }),
  ConditionExpression: expression,
  KeyConditionExpression: expression,
  FilterExpression: expression,
  UpdateExpression: expression,
  ProjectionExpression: expression,
  Limit: fc.oneof(fc.integer({ min: -2, max: 200 }), fc.anything({ maxDepth: 1 })),
  ReturnValues: fc.constantFrom('NONE', 'ALL_OLD', 'ALL_NEW', 'UPDATED_NEW', 'BOGUS'),
  ReturnConsumedCapacity: fc.constantFrom('TOTAL', 'INDEXES', 'NONE', 'x'),
  Select: fc.constantFrom('ALL_ATTRIBUTES', 'COUNT', 'SPECIFIC_ATTRIBUTES', 'x'),
  ConsistentRead: fc.oneof(fc.boolean(), fc.string({ maxLength: 3 })),
  RequestItems: fc.dictionary(
    tableName.filter((value): value is string => typeof value === 'string'),
    fc.oneof(
      fc.record({ Keys: fc.array(attributeMap, { maxLength: 3 }) }),
      fc.array(fc.record({ PutRequest: fc.record({ Item: attributeMap }) }), { maxLength: 3 }),
      fc.array(fc.record({ DeleteRequest: fc.record({ Key: attributeMap }) }), { maxLength: 3 }),
      fc.anything({ maxDepth: 2 }),
    ),
    { maxKeys: 2 },
  ),
  AttributeDefinitions: fc.array(
    fc.record({ AttributeName: name, AttributeType: fc.constantFrom('S', 'N', 'B', 'X') }),
    { maxLength: 3 },
  ),
  KeySchema: keySchema,
  BillingMode: fc.constantFrom('PAY_PER_REQUEST', 'PROVISIONED', 'x'),
  ProvisionedThroughput: fc.record({
    ReadCapacityUnits: fc.integer({ min: -1, max: 10 }),
    WriteCapacityUnits: fc.integer({ min: -1, max: 10 }),
  }),
  ResourceArn: fc.oneof(
    fc.constant(`arn:aws:dynamodb:us-east-1:000000000000:table/${table}`),
    fc.string({ maxLength: 12 }),
  ),
  Tags: fc.array(
    fc.record({ Key: fc.string({ maxLength: 5 }), Value: fc.string({ maxLength: 5 }) }),
  ),
  TagKeys: fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  ExclusiveStartTableName: fc.string({ maxLength: 5 }),
  Segment: fc.integer({ min: -1, max: 5 }),
  TotalSegments: fc.integer({ min: -1, max: 5 }),
};

/** A request body: a structured mutation of a plausible request, or plain random JSON. */
const structuredBody = fc
  .tuple(
    fc.record(members, { requiredKeys: [] }),
    fc.dictionary(fc.string({ maxLength: 6 }), fc.anything({ maxDepth: 2 }), { maxKeys: 2 }),
  )
  .map(([known, extra]) => JSON.stringify({ ...extra, ...known }));
const randomBody = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 30 }),
  fc.constantFrom('', '{', '{}', 'null', '[]', '{"TableName":', '\u0000'),
);
const body = fc.oneof(
  { weight: 4, arbitrary: structuredBody },
  { weight: 1, arbitrary: randomBody },
);

/** Header variations: content types, auth, encodings. `undefined` drops a header. */
const headers = fc.record({
  'Content-Type': fc.oneof(
    { weight: 6, arbitrary: fc.constant('application/x-amz-json-1.0') },
    fc.constantFrom('application/json', 'application/x-amz-json-1.0; charset=utf-8', 'text/plain'),
    fc.constant(undefined),
  ),
  Authorization: fc.oneof(
    { weight: 6, arbitrary: fc.constant<string | undefined>(undefined) },
    fc.constantFrom('AWS4-HMAC-SHA256 Credential=a', 'Basic x', ''),
  ),
  'X-Amz-Date': fc.oneof(
    { weight: 6, arbitrary: fc.constant('20250101T000000Z') },
    fc.constant(undefined),
  ),
  gzip: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, fc.constant(true)),
});

// ---- Properties --------------------------------------------------------------------------------

const JSON_TYPES = /^application\/(x-amz-json-1\.0|json)\b/;

/** What every answer must look like, whatever was sent. */
function assertWellFormed(response: RawResponse, contentType: string | undefined): void {
  assert.notEqual(response.status, 500, `server error: ${response.text}`);
  if (response.status === 404) {
    // DynamoDB's answer to a body of a non-JSON content type.
    assert.ok(!JSON_TYPES.test(contentType ?? ''), `404 for a JSON request: ${response.text}`);
    return;
  }
  assert.ok([200, 400, 413].includes(response.status), `status ${response.status}`);
  assert.ok(response.body !== undefined, `not JSON: ${response.text}`);
  if (response.status !== 200) assert.equal(typeof response.body.__type, 'string');
}

function send(
  operation: string,
  text: string,
  variant: {
    'Content-Type'?: string;
    Authorization?: string;
    'X-Amz-Date'?: string;
    gzip: boolean;
  },
): Promise<RawResponse> {
  const { gzip, Authorization, ...rest } = variant;
  const request = rawRequest(target.endpoint, operation, gzip ? gzipSync(text) : text, {
    headers: {
      ...rest,
      ...(Authorization === undefined ? {} : { Authorization }),
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    },
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no answer (hang)')), REQUEST_LIMIT_MS);
  });
  return Promise.race([request, timeout]).finally(() => clearTimeout(timer));
}

describe(
  'fuzz: every operation answers every request with a well-formed response',
  { skip },
  () => {
    for (const operation of OPERATIONS.keys()) {
      test(operation, async () => {
        await fc.assert(
          fc.asyncProperty(body, headers, async (text, variant) => {
            const response = await send(operation, text, variant);
            assertWellFormed(response, variant['Content-Type']);
          }),
          {
            seed: FUZZ_SEED,
            numRuns: RUNS_PER_OPERATION,
            interruptAfterTimeLimit: TIME_LIMIT_PER_PROPERTY_MS,
          },
        );
      });
    }

    test('the server still answers after the fuzzing', async () => {
      const response = await rawRequest(target.endpoint, 'ListTables', {});
      assert.equal(response.status, 200);
    });
  },
);
