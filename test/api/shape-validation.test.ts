// Request shape validation over HTTP: DynamoDB's SerializationException and ValidationException texts.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { rawRequest } from '../helpers/raw-request.js';
import {
  dynamoDbLocalDeviates,
  startTarget,
  uniqueTableName,
  type TestTarget,
} from '../helpers/server.js';

const CORAL = 'com.amazon.coral.service';
const VALIDATE = 'com.amazon.coral.validate';
const PKG = 'com.amazonaws.dynamodb.v20120810';
// DynamoDB Local answers type errors with a 500 InternalFailure and words constraint violations its
// own way (DYNAMODB-FACTS.md), so every error case below is DynamoDB's behaviour, not Local's.
const deviates = dynamoDbLocalDeviates('framework validation wording and type errors');

let target: TestTarget;
let tableName: string;
before(async () => {
  target = await startTarget();
  tableName = uniqueTableName('shapes');
  await target.client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
});
after(async () => {
  await target.client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => {});
  await target.close();
});

async function expectSerialization(op: string, body: unknown, message: string): Promise<void> {
  const response = await rawRequest(target.endpoint, op, body);
  assert.equal(response.status, 400, response.text);
  assert.deepEqual(response.body, { __type: `${CORAL}#SerializationException`, Message: message });
}

async function expectValidation(
  op: string,
  body: unknown,
  message: string | RegExp,
): Promise<void> {
  const response = await rawRequest(target.endpoint, op, body);
  assert.equal(response.status, 400, response.text);
  assert.equal(response.body?.__type, `${VALIDATE}#ValidationException`, response.text);
  if (typeof message === 'string') assert.equal(response.body.message, message);
  else assert.match(response.body.message, message);
}

const notNull = (path: string): string =>
  `Value null at '${path}' failed to satisfy constraint: Member must not be null`;

const serializationCases: [string, unknown, string][] = [
  ['ListTables', { Limit: 'a' }, 'STRING_VALUE cannot be converted to Integer'],
  ['ListTables', { Limit: true }, 'TRUE_VALUE cannot be converted to Integer'],
  ['ListTables', { ExclusiveStartTableName: 1 }, 'NUMBER_VALUE cannot be converted to String'],
  [
    'ListTables',
    { ExclusiveStartTableName: [] },
    'Unrecognized collection type class java.lang.String',
  ],
  [
    'ListTables',
    { ExclusiveStartTableName: {} },
    'Start of structure or map found where not expected',
  ],
  ['DescribeTable', { TableName: false }, 'FALSE_VALUE cannot be converted to String'],
  ['GetItem', { TableName: 'abc', Key: 'x' }, 'Unexpected field type'],
  ['GetItem', { TableName: 'abc', Key: { id: 'x' } }, 'Unexpected value type in payload'],
  [
    'GetItem',
    { TableName: 'abc', Key: {}, ConsistentRead: 'maybe' },
    'Unexpected token received from parser',
  ],
  [
    'PutItem',
    { TableName: 'abc', Item: [] },
    `Unrecognized collection type java.util.Map<java.lang.String, ${PKG}.AttributeValue>`,
  ],
  [
    'BatchWriteItem',
    { RequestItems: { abc: [{ PutRequest: [] }] } },
    `Unrecognized collection type class ${PKG}.PutRequest`,
  ],
  [
    'CreateTable',
    { TableName: 'abc', ProvisionedThroughput: { ReadCapacityUnits: 'x' } },
    'STRING_VALUE cannot be converted to Long',
  ],
];

for (const [op, body, message] of serializationCases) {
  test(`${op} ${JSON.stringify(body)} is a SerializationException`, deviates, async () => {
    await expectSerialization(op, body, message);
  });
}

test('null required members, listed in DynamoDB order', deviates, async () => {
  await expectValidation(
    'DescribeTable',
    {},
    `1 validation error detected: ${notNull('tableName')}`,
  );
  await expectValidation(
    'CreateTable',
    {},
    `3 validation errors detected: ${notNull('attributeDefinitions')}; ${notNull('tableName')}; ${notNull('keySchema')}`,
  );
});

test('constraint violations come before the table lookup', deviates, async () => {
  await expectValidation(
    'ListTables',
    { Limit: 0, ExclusiveStartTableName: 'a;' },
    "3 validation errors detected: Value '0' at 'limit' failed to satisfy constraint: " +
      'Member must have value greater than or equal to 1; ' +
      "Value 'a;' at 'exclusiveStartTableName' failed to satisfy constraint: " +
      'Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; ' +
      "Value 'a;' at 'exclusiveStartTableName' failed to satisfy constraint: " +
      'Member must have length greater than or equal to 3',
  );
  await expectValidation(
    'PutItem',
    { TableName: uniqueTableName('missing'), Item: { id: { S: 'a' } }, ReturnValues: 'hi' },
    "1 validation error detected: Value 'hi' at 'returnValues' failed to satisfy constraint: " +
      'Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]',
  );
  await expectValidation(
    'UpdateTable',
    { TableName: 'abc', BillingMode: 'X' },
    "1 validation error detected: Value 'X' at 'billingMode' failed to satisfy constraint: " +
      'Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]',
  );
});

test('nested paths use 1-based list indexes and map keys', deviates, async () => {
  await expectValidation(
    'CreateTable',
    { TableName: 'abc', AttributeDefinitions: [{ AttributeName: 'id' }], KeySchema: [] },
    `2 validation errors detected: ${notNull('attributeDefinitions.1.member.attributeType')}; ` +
      "Value '[]' at 'keySchema' failed to satisfy constraint: Member must have length greater than or equal to 1",
  );
  await expectValidation(
    'BatchGetItem',
    { RequestItems: { abc: {} } },
    `1 validation error detected: ${notNull('requestItems.abc.member.keys')}`,
  );
});

test('batch size limits are framework constraints', deviates, async () => {
  const puts = Array.from({ length: 26 }, (_, i) => ({
    PutRequest: { Item: { id: { S: `${i}` } } },
  }));
  await expectValidation(
    'BatchWriteItem',
    { RequestItems: { [tableName]: puts } },
    new RegExp(
      `^1 validation error detected: Value '\\{${tableName}=\\[(${PKG}\\.WriteRequest@[0-9a-f]+(, )?){26}\\]\\}' ` +
        "at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: " +
        '\\[Member must have length less than or equal to 25, Member must have length greater than or equal to 1\\]$',
    ),
  );
  const keys = Array.from({ length: 101 }, (_, i) => ({ id: { S: `${i}` } }));
  await expectValidation(
    'BatchGetItem',
    { RequestItems: { [tableName]: { Keys: keys } } },
    new RegExp(
      `at 'requestItems\\.${tableName}\\.member\\.keys' failed to satisfy constraint: ` +
        'Member must have length less than or equal to 100$',
    ),
  );
});

test('unknown and null members are ignored', async () => {
  const response = await rawRequest(target.endpoint, 'GetItem', {
    TableName: tableName,
    Key: { id: { S: 'x' } },
    NotAMember: [1, { a: true }],
    ProjectionExpression: null,
  });
  assert.equal(response.status, 200, response.text);
  assert.deepEqual(response.body, {});
});

test(
  'Boolean members accept "yes" and "true" strings',
  dynamoDbLocalDeviates('a string Boolean is a 500 InternalFailure'),
  async () => {
    const response = await rawRequest(target.endpoint, 'GetItem', {
      TableName: tableName,
      Key: { id: { S: 'x' } },
      ConsistentRead: 'yes',
    });
    assert.equal(response.status, 200, response.text);
  },
);

test(
  'null elements of lists the handlers need whole are null members',
  dynamoDbLocalDeviates('DynamoDB Local answers these with a 500 InternalFailure'),
  async () => {
    const schema = {
      TableName: uniqueTableName('nulls'),
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    };
    await expectValidation(
      'CreateTable',
      { ...schema, AttributeDefinitions: [schema.AttributeDefinitions[0], null] },
      `1 validation error detected: ${notNull('attributeDefinitions.2.member')}`,
    );
    await expectValidation(
      'CreateTable',
      { ...schema, GlobalSecondaryIndexes: [null], Tags: [null] },
      `2 validation errors detected: ${notNull('globalSecondaryIndexes.1.member')}; ${notNull('tags.1.member')}`,
    );
    await expectValidation(
      'UpdateTable',
      { TableName: tableName, GlobalSecondaryIndexUpdates: [null] },
      `1 validation error detected: ${notNull('globalSecondaryIndexUpdates.1.member')}`,
    );
  },
);

test('null elements that operations answer in their own words', async () => {
  const cases: Array<[string, unknown, string]> = [
    [
      'BatchGetItem',
      { RequestItems: { [tableName]: { Keys: [{ id: { S: 'a' } }, null] } } },
      `The list of keys in RequestItems for BatchGetItem may not contain null or empty values: ${tableName} has one or more empty keys`,
    ],
    [
      'BatchGetItem',
      { RequestItems: { [tableName]: { Keys: [{}] } } },
      `The list of keys in RequestItems for BatchGetItem may not contain null or empty values: ${tableName} has one or more empty keys`,
    ],
    [
      'BatchWriteItem',
      { RequestItems: { [tableName]: [{ PutRequest: { Item: { id: { S: 'a' } } } }, null] } },
      'The batch write request list for a table cannot be null or empty',
    ],
    [
      'BatchExecuteStatement',
      { Statements: [{ Statement: `SELECT * FROM "${tableName}" WHERE id = 'a'` }, null] },
      'The statement was empty.',
    ],
    [
      'ExecuteTransaction',
      { TransactStatements: [null] },
      'ExecutePartiQLTransaction can not have empty statement.',
    ],
  ];
  for (const [op, body, message] of cases) {
    const response = await rawRequest(target.endpoint, op, body);
    assert.equal(response.status, 400, `${op}: ${response.text}`);
    assert.equal(response.body.__type, `${VALIDATE}#ValidationException`);
    assert.equal(response.body.message ?? response.body.Message, message);
  }
});

test('PartiQL parameters: checked after the statement, and in a batch they fail the request', async () => {
  const select = `SELECT * FROM "${tableName}" WHERE id = ?`;
  const cases: Array<[string, unknown, string]> = [
    // A statement that cannot run is refused before its parameters' values.
    [
      'ExecuteStatement',
      { Statement: 'SELEC', Parameters: [null] },
      'Unsupported operation: VariableReference',
    ],
    [
      'BatchExecuteStatement',
      { Statements: [{ Statement: 'SELEC' }, { Statement: select, Parameters: [null] }] },
      'The supplied Item contains a null AttributeValue',
    ],
    [
      'BatchExecuteStatement',
      { Statements: [{ Statement: select, Parameters: [{}] }] },
      'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes',
    ],
  ];
  for (const [op, body, message] of cases) {
    const response = await rawRequest(target.endpoint, op, body);
    assert.equal(response.status, 400, `${op}: ${response.text}`);
    assert.equal(response.body.message ?? response.body.Message, message);
  }
  const statementError = await rawRequest(target.endpoint, 'BatchExecuteStatement', {
    Statements: [{ Statement: 'SELEC', Parameters: [null] }],
  });
  assert.equal(statementError.status, 200);
  assert.deepEqual(statementError.body.Responses, [
    {
      Error: {
        Code: 'ValidationError',
        Message: 'Invalid operation. Only select, insert, update and delete operations are valid',
      },
    },
  ]);
});
